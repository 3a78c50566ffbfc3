import { parseConfig } from "../../src/config/load-config";
import { errorOf } from "../helpers";
import { editedConfig } from "./fixtures";

describe("hcloud section", () => {
  it("refuses a load balancer port listed twice in a pool's services", () => {
    const service = { listenPort: 8080, destinationPort: 30080 };
    expect(
      errorOf(() =>
        parseConfig(
          editedConfig((c) => (c.hcloud.nodePools[1].loadBalancer = { services: [service, service] })),
          "platform.yaml",
        ),
      ),
    ).toBe("platform.yaml is invalid:\n  - hcloud.nodePools[1].loadBalancer.services: listen port 8080 is used more than once (got 8080)");
  });
});
