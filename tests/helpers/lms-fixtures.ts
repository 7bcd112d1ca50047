import { readFileSync } from "node:fs";

/** The real LMS payloads in tests/fixtures/lms (copied from public specs and sources; see its README). */
export function readLmsFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/lms/${name}`, import.meta.url), "utf8")) as T;
}
