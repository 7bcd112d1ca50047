import { isJsonObject, resolveRef, typesOf, type JsonObject } from "./json-schema-tools.js";

/**
 * What the fake provider servers answer when nothing is scripted: a value that satisfies the
 * request's JSON schema, with `evidence` quoted from the student answer found between the answer
 * boundary lines. Shared by the OpenAI and the Anthropic fakes so both grade alike by default.
 */

// ---------------------------------------------------------------------------------------------
// Schema-driven sample replies
// ---------------------------------------------------------------------------------------------

export interface SampleOptions {
  /**
   * Value for every property named `evidence` whose schema is an array of strings. Default `[]`.
   * The servers pass the first 40 characters of the recognised student answer (see
   * `evidenceQuoteFrom`), so that evidence checks on the default reply can succeed.
   */
  evidenceQuotes?: readonly string[];
}

/** Thrown when sampling would expand a recursive `$ref` again; caught where an empty value fits. */
class RecursionCut extends Error {
  constructor() {
    super("sampleFromSchema: the schema only allows infinitely deep values");
  }
}

/**
 * Produces a value that satisfies `schema`, deterministically, preferring the most "generous" value
 * so that a grading test gets full marks by default:
 * - `const` → that value; `enum` → the largest number, or the first value when not all numeric;
 * - number/integer → `maximum` (or just below `exclusiveMaximum`), rounded down to `multipleOf`;
 *   without an upper bound the lower bound, else 1;
 * - string → `"sample text"` (a fixed value for the formats date-time, date, time, email, uuid, uri),
 *   padded or cut to `minLength`/`maxLength`;
 * - boolean → true; null → null;
 * - array → one item (or `minItems` items; tuples one per `prefixItems`);
 * - object → every property in `properties`, in order;
 * - `anyOf` and type lists → the first non-null alternative, so nullable values are not null;
 * - `$ref` → resolved against the root; a recursive reference ends as `[]` in an array or `null`
 *   in a nullable slot.
 * Properties named `evidence` that are string arrays get `options.evidenceQuotes` (default `[]`).
 * Throws when a `$ref` does not resolve, or when the schema only allows infinitely deep values.
 */
export function sampleFromSchema(schema: unknown, options: SampleOptions = {}): unknown {
  const root = isJsonObject(schema) ? schema : {};
  return sampleNode(schema, { root, refStack: ["#"], evidenceQuotes: options.evidenceQuotes ?? [] });
}

interface SampleContext {
  readonly root: JsonObject;
  readonly refStack: readonly string[];
  readonly evidenceQuotes: readonly string[];
}

function sampleNode(node: unknown, context: SampleContext): unknown {
  if (!isJsonObject(node)) return "sample text";
  if (typeof node.$ref === "string") {
    const target = resolveRef(context.root, node.$ref);
    if (target === undefined) throw new Error(`sampleFromSchema: cannot resolve $ref '${node.$ref}'`);
    if (context.refStack.includes(target.pointer)) throw new RecursionCut();
    return sampleNode(target.schema, { ...context, refStack: [...context.refStack, target.pointer] });
  }
  if ("const" in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return generousEnumValue(node.enum);
  if (Array.isArray(node.anyOf)) return sampleFirstPossible(node.anyOf, context);

  const types = typesOf(node);
  switch (types.find((type) => type !== "null") ?? types[0] ?? inferType(node)) {
    case "object":
      return sampleObject(node, context);
    case "array":
      return sampleArray(node, context);
    case "number":
      return generousNumber(node, false);
    case "integer":
      return generousNumber(node, true);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return sampleString(node);
  }
}

function inferType(node: JsonObject): string {
  if ("properties" in node) return "object";
  if ("items" in node || "prefixItems" in node) return "array";
  return "string";
}

function sampleFirstPossible(branches: readonly unknown[], context: SampleContext): unknown {
  const ordered = [
    ...branches.filter((branch) => !isNullSchema(branch)),
    ...branches.filter((branch) => isNullSchema(branch)),
  ];
  for (const branch of ordered) {
    try {
      return sampleNode(branch, context);
    } catch (error) {
      if (!(error instanceof RecursionCut)) throw error;
    }
  }
  throw new RecursionCut();
}

function isNullSchema(node: unknown): boolean {
  return isJsonObject(node) && node.type === "null";
}

function sampleObject(node: JsonObject, context: SampleContext): JsonObject {
  const result: JsonObject = {};
  if (!isJsonObject(node.properties)) return result;
  for (const [name, property] of Object.entries(node.properties)) {
    result[name] =
      name === "evidence" && isStringArraySchema(property, context.root)
        ? [...context.evidenceQuotes]
        : sampleNode(property, context);
  }
  return result;
}

function isStringArraySchema(node: unknown, root: JsonObject): boolean {
  const resolved =
    isJsonObject(node) && typeof node.$ref === "string" ? resolveRef(root, node.$ref)?.schema : node;
  if (!isJsonObject(resolved) || !typesOf(resolved).includes("array")) return false;
  const items =
    isJsonObject(resolved.items) && typeof resolved.items.$ref === "string"
      ? resolveRef(root, resolved.items.$ref)?.schema
      : resolved.items;
  return isJsonObject(items) && typesOf(items).includes("string");
}

function sampleArray(node: JsonObject, context: SampleContext): unknown[] {
  if (Array.isArray(node.prefixItems)) return node.prefixItems.map((item) => sampleNode(item, context));
  const maxItems = typeof node.maxItems === "number" ? node.maxItems : Infinity;
  const minItems = typeof node.minItems === "number" ? node.minItems : 0;
  const count = Math.min(Math.max(1, minItems), maxItems);
  if (count === 0) return [];
  try {
    const item = sampleNode(node.items, context);
    return Array.from({ length: count }, () => item);
  } catch (error) {
    // An array is where a recursive structure can end: no children.
    if (error instanceof RecursionCut && minItems === 0) return [];
    throw error;
  }
}

function generousEnumValue(values: readonly unknown[]): unknown {
  if (values.every((value): value is number => typeof value === "number")) return Math.max(...values);
  return values[0];
}

function generousNumber(node: JsonObject, integer: boolean): number {
  const multipleOf = typeof node.multipleOf === "number" && node.multipleOf > 0 ? node.multipleOf : undefined;
  const step = multipleOf ?? (integer ? 1 : undefined);
  const numberOrUndefined = (value: unknown) => (typeof value === "number" ? value : undefined);
  const maximum = numberOrUndefined(node.maximum);
  const exclusiveMaximum = numberOrUndefined(node.exclusiveMaximum);
  const upper = maximum ?? (exclusiveMaximum === undefined ? undefined : exclusiveMaximum - (step ?? 1));
  if (upper !== undefined) return step === undefined ? upper : roundDownToStep(upper, step);
  const minimum = numberOrUndefined(node.minimum);
  const exclusiveMinimum = numberOrUndefined(node.exclusiveMinimum);
  const lower = minimum ?? (exclusiveMinimum === undefined ? undefined : exclusiveMinimum + (step ?? 1));
  if (lower !== undefined) return lower;
  return 1;
}

function roundDownToStep(value: number, step: number): number {
  // The epsilon keeps 5 / 0.5 from landing on 9.999… and rounding a step too low; toFixed drops the float noise.
  const steps = Math.floor(value / step + 1e-9);
  const decimals = (String(step).split(".")[1] ?? "").length;
  return Number((steps * step).toFixed(decimals));
}

const SAMPLE_STRINGS_BY_FORMAT: Readonly<Record<string, string>> = {
  "date-time": "2024-01-01T00:00:00Z",
  date: "2024-01-01",
  time: "00:00:00",
  email: "student@example.com",
  uuid: "00000000-0000-4000-8000-000000000000",
  uri: "https://example.com/",
};

function sampleString(node: JsonObject): string {
  const formatted = typeof node.format === "string" ? SAMPLE_STRINGS_BY_FORMAT[node.format] : undefined;
  if (formatted !== undefined) return formatted;
  const minLength = typeof node.minLength === "number" ? node.minLength : 0;
  const maxLength = typeof node.maxLength === "number" ? node.maxLength : Infinity;
  return "sample text".padEnd(minLength, "x").slice(0, maxLength);
}

/**
 * The default reply of a fake server: `sampleFromSchema(schema)` as JSON text, with the evidence
 * quote taken from `answer` (when one was recognised); `plainText` when there is no schema.
 */
export function sampleReplyText(
  schema: JsonObject | undefined,
  answer: string | undefined,
  plainText: string,
): string {
  if (schema === undefined) return plainText;
  const quote = answer === undefined ? "" : evidenceQuoteFrom(answer);
  return JSON.stringify(sampleFromSchema(schema, { evidenceQuotes: quote === "" ? [] : [quote] }));
}

// ---------------------------------------------------------------------------------------------
// Student answer recognition (for default evidence quotes)
// ---------------------------------------------------------------------------------------------

/** The boundary token `answerBoundary` in src/grading/prompt-inputs.ts makes: `ANSWER-BOUNDARY-<random>`. */
const ANSWER_BOUNDARY_TOKEN = /ANSWER-BOUNDARY-[A-Za-z0-9_-]+/g;

/**
 * The text between the first line that carries an answer boundary token and the next line that
 * carries the same token, or `undefined` when there is no such pair. Whatever else those two lines
 * hold (`<<<`, `BEGIN`, ...) does not matter, so the prompt templates can word them freely.
 */
export function extractAnswerBetweenBoundaries(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const tokensOn = (line: string): string[] => line.match(ANSWER_BOUNDARY_TOKEN) ?? [];
  for (const [openIndex, openLine] of lines.entries()) {
    for (const token of tokensOn(openLine)) {
      const closeIndex = lines.findIndex(
        (line, index) => index > openIndex && tokensOn(line).includes(token),
      );
      if (closeIndex > openIndex) return lines.slice(openIndex + 1, closeIndex).join("\n");
    }
  }
  return undefined;
}

/**
 * The student answer of a conversation: between the boundary lines of the newest user message
 * that has them. Newest first, because on a repair call the last user message lists problems and
 * the answer is further up.
 */
export function findAnswerInUserMessages(userMessages: readonly string[]): string | undefined {
  return userMessages
    .toReversed()
    .map(extractAnswerBetweenBoundaries)
    .find((text) => text !== undefined);
}

/** The first 40 characters (code points) of the answer, trimmed: a verbatim quote, or "" for a blank answer. */
export function evidenceQuoteFrom(answer: string): string {
  return Array.from(answer.trim()).slice(0, 40).join("").trimEnd();
}
