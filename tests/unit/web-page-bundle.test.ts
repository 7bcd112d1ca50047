import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTeacherPage } from "../../scripts/build-web.js";

/**
 * The page's types come from the server's response schemas (web/lib/types.ts imports
 * src/http/api-types.ts); those imports are type-only and must leave nothing in the bundle. The source
 * map lists every module esbuild put in: only web/ may be among them.
 */

const repository = resolve(import.meta.dirname, "..", "..");
let outDir: string;
let script: string;
let sources: string[];

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "grader-page-bundle-"));
  const { files } = await buildTeacherPage(outDir);
  const scriptFile = files.find((file) => /^assets\/app-.*\.js$/.test(file));
  if (!scriptFile) throw new Error(`no script among ${files.join(", ")}`);
  script = await readFile(join(outDir, scriptFile), "utf8");
  const map = JSON.parse(await readFile(join(outDir, `${scriptFile}.map`), "utf8")) as { sources: string[] };
  const assets = join(outDir, "assets");
  sources = map.sources.map((source) => relative(repository, resolve(assets, source)).split(sep).join("/"));
}, 60_000);
afterAll(() => rm(outDir, { recursive: true, force: true }));

describe("the teacher page's bundle", () => {
  it("holds only web/ modules: no server code, zod or Node module from the API's types", () => {
    expect(sources).toContain("web/main.ts");
    expect(sources).toContain("web/views/review.ts");
    expect(sources.filter((source) => !source.startsWith("web/"))).toEqual([]);
    expect(sources.some((source) => source.includes("lib/types.ts"))).toBe(false);
    expect(script).not.toMatch(/from\s*"(?:node:|zod)|require\(/);
  });
});
