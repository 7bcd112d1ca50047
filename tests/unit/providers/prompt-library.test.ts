import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadPromptLibrary, PromptTemplateError } from "../../../src/providers/prompt-library.js";
import { createRuntime } from "../../../src/runtime.js";
import { testConfig } from "../../helpers/test-app.js";

const shippedPrompts = join(import.meta.dirname, "../../../prompts");
let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "prompts-"));
  cpSync(shippedPrompts, directory, { recursive: true });
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function edit(file: string, change: (text: string) => string) {
  const path = join(directory, file);
  writeFileSync(path, change(readFileSync(path, "utf8")));
}

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof PromptTemplateError) return error.problems;
    throw error;
  }
  throw new Error("expected a PromptTemplateError");
}

describe("loadPromptLibrary", () => {
  it("loads the shipped templates, whose placeholders are all filled in by the core", () => {
    const library = loadPromptLibrary(shippedPrompts);
    expect(library.version).toMatch(/^[0-9a-f]{16}$/);
    expect(library.tasks["grade-all-criteria"].user).toContain("{answer}");
  });

  it("refuses at load a template with a placeholder the core does not fill in, naming file and placeholder", () => {
    // Regression: a misspelt placeholder was found on the first grade, reported as a retryable
    // provider_unavailable, and retried three times without any HTTP request.
    edit("grade-all-criteria.user.md", (text) => text.replace("{answer}", "{student_answer}"));
    const problems = problemsOf(() => loadPromptLibrary(directory));
    expect(problems).toContainEqual(
      expect.stringMatching(/grade-all-criteria\.user\.md: uses \{student_answer\}/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/grade-all-criteria\.user\.md: never uses \{answer\}/),
    );
  });

  it("refuses the student's answer in a system message and a bad repair placeholder", () => {
    edit("screen-injection.system.md", (text) => `${text}\n{answer}`);
    edit("repair.user.md", (text) => `${text}\n{answer_boundary}`);
    const problems = problemsOf(() => loadPromptLibrary(directory));
    expect(problems).toContainEqual(
      expect.stringMatching(
        /screen-injection\.system\.md: uses \{answer\}; the student's answer may only go in the user message/,
      ),
    );
    expect(problems).toContainEqual(expect.stringMatching(/repair\.user\.md: uses \{answer_boundary\}/));
  });

  it("names a missing file and an unbalanced brace", () => {
    rmSync(join(directory, "grade-one-criterion.system.md"));
    edit("grade-all-criteria.system.md", (text) => `${text}\n{ unclosed`);
    const problems = problemsOf(() => loadPromptLibrary(directory));
    expect(problems).toContainEqual(expect.stringMatching(/grade-one-criterion\.system\.md: cannot be read/));
    expect(problems).toContainEqual(expect.stringMatching(/grade-all-criteria\.system\.md: /));
  });

  it("stops the runtime from starting when a template is broken", async () => {
    edit("grade-one-criterion.user.md", (text) => text.replace("{answer}", "{answr}"));
    await expect(
      createRuntime(testConfig({ OPENAI_API_KEY: "sk-test" }), { promptsDirectory: directory }),
    ).rejects.toBeInstanceOf(PromptTemplateError);
  });
});
