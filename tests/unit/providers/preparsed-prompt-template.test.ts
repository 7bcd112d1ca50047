import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PromptTemplate } from "@langchain/core/prompts";
import { describe, expect, it } from "vitest";
import { PreparsedPromptTemplate } from "../../../src/providers/preparsed-prompt-template.js";

const promptsDirectory = join(import.meta.dirname, "../../../prompts");

describe("PreparsedPromptTemplate", () => {
  it("formats every shipped template exactly as LangChain's PromptTemplate does", async () => {
    for (const file of readdirSync(promptsDirectory).filter((name) => name.endsWith(".md"))) {
      const text = readFileSync(join(promptsDirectory, file), "utf8");
      const reference = PromptTemplate.fromTemplate(text);
      const values = Object.fromEntries(reference.inputVariables.map((name) => [name, `<${name} {x} ü>`]));
      expect(await new PreparsedPromptTemplate(text).format(values), file).toBe(
        await reference.format(values),
      );
    }
  });

  it("keeps escaped braces literal and refuses a missing value", async () => {
    const template = new PreparsedPromptTemplate('JSON looks like {{"points": 2}}; answer: {answer}');
    expect(template.inputVariables).toEqual(["answer"]);
    expect(await template.format({ answer: "x" })).toBe('JSON looks like {"points": 2}; answer: x');
    await expect(template.format({})).rejects.toThrow(/Missing value for input variable `answer`/);
  });
});
