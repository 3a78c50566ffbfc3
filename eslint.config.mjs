// ESLint flat config: typescript-eslint's recommended rules; formatting is prettier's job.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "cdktf.out/",
      "dist/",
      "docs/api/",
      "coverage/",
      ".gen/",
      ".stryker-tmp/",
      "reports/",
      "src/providers/hcloud/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Constructs are created for their side effect on the construct tree.
      "no-new": "off",
      // cdktf's modules import each other in a cycle that only its index resolves: a module whose first
      // import is a cdktf/lib/ path fails to load ("Class extends value undefined") when a user's program
      // deep-imports it first (lib/hcloud/cluster-token did). Everything cdktf exports comes from "cdktf".
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["cdktf/lib/*"], message: 'Import from "cdktf": its modules only load in order through its index.' }] },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { module: "writable", require: "readonly", __dirname: "readonly", process: "readonly", console: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Provider bindings follow the shape of cdktf's generated code, which synthesizes `any` maps.
    files: ["src/providers/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "no-template-curly-in-string": "off" },
  },
);
