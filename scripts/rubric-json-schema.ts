import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { z } from "zod";
import { rubricDocumentSchema } from "../src/grading/rubric.js";

/**
 * Builds docs/rubric.schema.json, the JSON Schema editors use to check rubric files as teachers type
 * (see docs/rubric-format.md). The schema is generated from `rubricDocumentSchema`, never written by
 * hand; scripts/generate-rubric-schema.ts writes it and, with `--check`, tells CI when it is stale.
 *
 * The JSON Schema is an editor aid and is looser than the service: rules that compare two fields
 * (level points <= maxPoints, unique criterion ids, exemplar points per criterion) only the service
 * checks. The file describes the *input* form: fields with defaults are optional.
 */

export const rubricJsonSchemaId = "urn:rubric-grader:rubric.schema.json";
export const rubricJsonSchemaTitle = "Rubric Grader rubric";
export const rubricJsonSchemaPath = fileURLToPath(new URL("../docs/rubric.schema.json", import.meta.url));

type JsonSchema = Record<string, unknown>;

/** The JSON Schema of the rubric file format, as a plain object. Pure: same code, same result. */
export function buildRubricJsonSchema(): JsonSchema {
  const { $schema, ...generated } = z.toJSONSchema(rubricDocumentSchema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
  }) as JsonSchema;
  const schema: JsonSchema = { $schema, $id: rubricJsonSchemaId, title: rubricJsonSchemaTitle, ...generated };

  // Refinements zod cannot express in JSON Schema, restated so editors flag them too. Each path must
  // exist: if the zod schema is reshaped, generation fails here instead of silently dropping a hint.
  const halfPoints = { multipleOf: 0.5 };
  extend(schema, ["properties", "criteria", "items", "properties", "maxPoints"], halfPoints);
  extend(
    schema,
    ["properties", "criteria", "items", "properties", "levels", "items", "properties", "points"],
    halfPoints,
  );
  extend(schema, ["properties", "exemplars", "items", "properties", "points", "additionalProperties"], {
    minimum: 0,
    ...halfPoints,
  });
  // `language` is a transform with a default; zod drops the default from the input schema.
  extend(schema, ["properties", "language"], { default: "en" });
  return schema;
}

/** The file's exact text: the schema as JSON, formatted with the repository's Prettier settings. */
export async function renderRubricJsonSchema(): Promise<string> {
  const options = (await resolveConfig(rubricJsonSchemaPath)) ?? {};
  return format(JSON.stringify(buildRubricJsonSchema(), null, 2), { ...options, parser: "json" });
}

function extend(schema: JsonSchema, path: readonly string[], additions: JsonSchema): void {
  let node: unknown = schema;
  for (const key of path) {
    node = isObject(node) ? node[key] : undefined;
  }
  if (!isObject(node)) {
    throw new Error(`rubric JSON Schema: nothing at ${path.join("/")}; update scripts/rubric-json-schema.ts`);
  }
  Object.assign(node, additions);
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
