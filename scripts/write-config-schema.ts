import * as fs from "fs";
import * as path from "path";
import { configJsonSchema } from "../src/config/json-schema";

// Regenerates config/schema.json from the zod schema; a test fails while it is stale.
const target = path.join(__dirname, "..", "config", "schema.json");
fs.writeFileSync(target, configJsonSchema());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
