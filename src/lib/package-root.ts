import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The directory holding this project's package.json, found by walking up from this file, so files
 * such as prompts/ are found the same way from src/ (tsx, tests) and from dist/src/ (compiled).
 */
export function packageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(directory, "package.json")) && existsSync(join(directory, "prompts")))
      return directory;
    const parent = dirname(directory);
    if (parent === directory) throw new Error("cannot find the project root (package.json beside prompts/)");
    directory = parent;
  }
}
