/**
 * Writes docs/rubric.schema.json from the zod rubric schema (src/grading/rubric.ts).
 *
 *   npx tsx scripts/generate-rubric-schema.ts          # write the file
 *   npx tsx scripts/generate-rubric-schema.ts --check  # exit 1 if the file is missing or out of date (CI)
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { renderRubricJsonSchema, rubricJsonSchemaPath } from "./rubric-json-schema.js";

const usage = "usage: tsx scripts/generate-rubric-schema.ts [--check]";

async function main(args: readonly string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== "--check");
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown.join(" ")}\n${usage}`);
    return 2;
  }
  const displayPath = relative(process.cwd(), rubricJsonSchemaPath) || rubricJsonSchemaPath;
  const expected = await renderRubricJsonSchema();
  const current = existsSync(rubricJsonSchemaPath) ? readFileSync(rubricJsonSchemaPath, "utf8") : undefined;

  if (args.includes("--check")) {
    if (current === expected) {
      console.log(`${displayPath} is up to date`);
      return 0;
    }
    console.error(
      `${displayPath} is ${current === undefined ? "missing" : "out of date"}: run \`npx tsx scripts/generate-rubric-schema.ts\` and commit the result`,
    );
    return 1;
  }
  if (current === expected) {
    console.log(`${displayPath} is already up to date`);
    return 0;
  }
  writeFileSync(rubricJsonSchemaPath, expected, "utf8");
  console.log(`wrote ${displayPath}`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
