import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PromptTask } from "../grading/ports.js";
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

const tasks: readonly PromptTask[] = ["grade-all-criteria", "grade-one-criterion", "screen-injection"];

/**
 * Reads the prompt templates from `directory` (prompts/ in the project). Throws if a file is missing,
 * so a broken install fails at start-up rather than on the first grade.
 */
export function loadPromptLibrary(directory: string): PromptLibrary {
  const files: [string, string][] = [];
  const read = (name: string) => {
    const content = readFileSync(join(directory, name), "utf8");
    files.push([name, content]);
    return content;
  };
  const pairs = Object.fromEntries(
    tasks.map((task) => [task, { system: read(`${task}.system.md`), user: read(`${task}.user.md`) }]),
  ) as Record<PromptTask, PromptPair>;
  const repair = read("repair.user.md");
  const version = sha256Hex(files.map(([name, content]) => `${name}\n${content}`).join("\n\u0000\n")).slice(
    0,
    16,
  );
  return { tasks: pairs, repair, version };
}
