// @ts-check
import js from "@eslint/js";
import importX, { createNodeResolver } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

/**
 * The import rule from docs/architecture.md: dependencies point inward, toward src/grading.
 * Each entry lists what files in a folder may NOT import.
 */
const adapters = ["providers", "storage", "jobs", "integrations", "analysis", "metrics", "interchange"];
const forbid = (/** @type {string[]} */ folders, /** @type {string} */ why) =>
  folders.map((folder) => ({ group: [`**/${folder}/**`, `**/${folder}`], message: why }));

const restrictedImports = {
  "src/grading/**/*.ts": {
    patterns: [
      ...forbid(["http", "config", ...adapters], "grading/ is the pure core: it imports only lib/ and zod."),
      {
        group: [
          "node:*",
          "fs",
          "path",
          "http",
          "https",
          "net",
          "child_process",
          "@langchain/*",
          "langchain",
          "fastify",
          "kysely",
          "better-sqlite3",
          "pino",
          "yaml",
        ],
        message: "grading/ is the pure core: no I/O, network, database or LangChain runtime.",
      },
    ],
  },
  "src/evaluation/**/*.ts": {
    patterns: [
      ...forbid(
        ["http", "config", ...adapters],
        "evaluation/ is pure like grading/: it imports only grading/, lib/ and zod.",
      ),
      {
        group: ["node:*", "fs", "path", "http", "https", "net", "child_process", "@langchain/*", "langchain"],
        message: "evaluation/ is pure: no I/O; scripts/eval.ts reads and writes files.",
      },
    ],
  },
  "src/lib/**/*.ts": {
    patterns: forbid(
      ["http", "config", "grading", ...adapters],
      "lib/ is domain-free: it imports nothing from the rest of src/.",
    ),
  },
  ...Object.fromEntries(
    adapters.map((adapter) => [
      `src/${adapter}/**/*.ts`,
      {
        patterns: forbid(
          ["http", ...adapters.filter((other) => other !== adapter)],
          `${adapter}/ is an adapter: it imports grading/, lib/ and the Config type, never http/ or another adapter.`,
        ),
      },
    ]),
  ),
  "src/http/**/*.ts": {
    patterns: forbid(adapters, "http/ reaches adapters only through what app.ts hands it."),
  },
  "src/config/**/*.ts": {
    patterns: forbid(["http", ...adapters], "config/ is read by everyone and depends on no adapter."),
  },
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "import-x": importX },
    // import-x must resolve the ".js" specifiers to the ".ts" sources and parse them: without this the
    // path and cycle rules below found no file behind any relative import and checked nothing.
    settings: {
      "import-x/extensions": [".ts", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [
        createNodeResolver({
          extensions: [".ts", ".js", ".json"],
          extensionAlias: { ".js": [".ts", ".js"] },
        }),
      ],
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "import-x/no-cycle": "error",
      // The teacher page (web/) is a browser client of the public API: it shares no code with the
      // service, and the service serves its built files without importing them.
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            // One exception: the API's response types, so that the page's types are derived from the
            // schemas the routes answer with instead of copied (docs/teacher-page.md). That module holds
            // types only, and verbatimModuleSyntax makes every import of it `import type`, which esbuild
            // erases: no server code reaches the bundle (tests/unit/web-page-bundle.test.ts).
            {
              target: "./web",
              from: "./src",
              except: ["./http/api-types.ts"],
              message:
                "web/ uses only the public API, never src/ (its types come from src/http/api-types.ts).",
            },
            { target: "./src", from: "./web", message: "src/ serves the built page; it never imports web/." },
          ],
        },
      ],
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Only src/config reads process.env; take values from Config.",
        },
      ],
    },
  },
  ...Object.entries(restrictedImports).map(([files, options]) => ({
    files: [files],
    rules: { "no-restricted-imports": ["error", options] },
  })),
  {
    files: ["src/config/**/*.ts", "tests/**/*.ts", "scripts/**/*.ts", "bench/**/*.ts", "vitest.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["tests/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
);
