import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseFString } from "@langchain/core/prompts";
import { promptTasks, type PromptTask } from "../grading/audit.js";
import { promptVariables, repairPromptVariables } from "../grading/prompt-inputs.js";
import { sha256Hex } from "../lib/hashing.js";

export interface PromptPair {
  system: string;
  user: string;
}

export interface PromptLibrary {
  tasks: Readonly<Record<PromptTask, PromptPair>>;
  /** Sent after an unusable reply; placeholder {problems}. */
  repair: string;
  /** Content hash over every template: any edit gives a new version (and invalidates cached grades). */
  version: string;
}

/** A prompt template is missing, unreadable, or uses placeholders the core does not fill in. */
export class PromptTemplateError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid prompt templates:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "PromptTemplateError";
  }
}

/**
 * Reads the prompt templates from `directory` (prompts/ in the project) and checks each against what
 * the core fills in (src/grading/prompt-inputs.ts): every placeholder must be one the core provides
 * for that task, `{answer}` must stand in the user message and never in the system message, and the
 * repair message may use only `{problems}`. Throws PromptTemplateError listing every problem, so a
 * broken install or a typo in a template stops start-up instead of failing each grade.
 */
export function loadPromptLibrary(directory: string): PromptLibrary {
  const files: [string, string][] = [];
  const problems: string[] = [];
  const read = (name: string) => {
    try {
      const content = readFileSync(join(directory, name), "utf8");
      files.push([name, content]);
      return content;
    } catch (error) {
      problems.push(`${name}: cannot be read (${error instanceof Error ? error.message : String(error)})`);
      return "";
    }
  };
  const pairs = Object.fromEntries(
    promptTasks.map((task) => {
      const pair = { system: read(`${task}.system.md`), user: read(`${task}.user.md`) };
      const allowed: readonly string[] = promptVariables[task];
      checkPlaceholders(`${task}.system.md`, pair.system, allowed, problems);
      checkPlaceholders(`${task}.user.md`, pair.user, allowed, problems);
      if (placeholdersOf(pair.system, problems, `${task}.system.md`).has("answer")) {
        problems.push(
          `${task}.system.md: uses {answer}; the student's answer may only go in the user message`,
        );
      }
      if (pair.user !== "" && !placeholdersOf(pair.user, problems, `${task}.user.md`).has("answer")) {
        problems.push(
          `${task}.user.md: never uses {answer}, so the model would not see the student's answer`,
        );
      }
      return [task, pair];
    }),
  ) as Record<PromptTask, PromptPair>;
  const repair = read("repair.user.md");
  checkPlaceholders("repair.user.md", repair, repairPromptVariables, problems);
  if (problems.length > 0) throw new PromptTemplateError([...new Set(problems)]);
  const version = sha256Hex(files.map(([name, content]) => `${name}\n${content}`).join("\n\u0000\n")).slice(
    0,
    16,
  );
  return { tasks: pairs, repair, version };
}

function checkPlaceholders(
  file: string,
  template: string,
  allowed: readonly string[],
  problems: string[],
): void {
  for (const name of placeholdersOf(template, problems, file)) {
    if (!allowed.includes(name)) {
      problems.push(
        `${file}: uses {${name}}, which the core does not fill in for this template (it fills in: ${allowed.map((variable) => `{${variable}}`).join(", ")}); write a literal brace as {{ or }}`,
      );
    }
  }
}

function placeholdersOf(template: string, problems: string[], file: string): Set<string> {
  try {
    return new Set(parseFString(template).flatMap((node) => (node.type === "variable" ? [node.name] : [])));
  } catch (error) {
    problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    return new Set();
  }
}
