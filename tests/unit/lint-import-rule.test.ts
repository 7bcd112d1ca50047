import { resolve } from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The import rule of docs/architecture.md is enforced by eslint.config.js. Its path and cycle rules
 * checked nothing while import-x could not resolve the `.js` specifiers to the `.ts` sources, and lint
 * passed all the same; these cases fail if that happens again. Each lints its text as if it were an
 * existing file (the type-aware parser needs a file of a tsconfig project; the text on disk is not read).
 */

const repository = resolve(import.meta.dirname, "..", "..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repository });
});

async function problems(text: string, asFile: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: resolve(repository, asFile) });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? "parser"}: ${message.message}`);
}

describe("the import rule in npm run lint", { timeout: 120_000 }, () => {
  it("lets the teacher page import the API's types and nothing else from src/", async () => {
    const found = await problems(
      [
        'import type { Me } from "../../src/http/api-types.js";',
        'import { meSchema } from "../../src/http/response-schemas.js";',
        "export const signedIn: Me | undefined = undefined;",
        "export const schema = meSchema;",
        "",
      ].join("\n"),
      "web/lib/types.ts",
    );
    expect(found).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*response-schemas/)]);
  });

  it("keeps src/ from importing the page", async () => {
    const found = await problems(
      'import { h } from "../../web/lib/dom.js";\nexport const element = h;\n',
      "src/http/teacher-page.ts",
    );
    expect(found).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*never imports web/)]);
  });

  it("finds a dependency cycle", async () => {
    // audit.ts imports grade.ts: grade.ts importing audit.ts closes a cycle.
    const found = await problems(
      'import { auditRecordSchema } from "./audit.js";\nexport const audit = auditRecordSchema;\n',
      "src/grading/grade.ts",
    );
    expect(found).toContainEqual(expect.stringMatching(/^import-x\/no-cycle: Dependency cycle/));
  });
});
