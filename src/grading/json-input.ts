import type { z } from "zod";
import { AppError, formatPath, type Problem } from "./errors.js";
import { findDuplicateKeyPath, findJsonSyntaxError } from "../lib/json-syntax.js";
import { quoteShown } from "../lib/code-points.js";
import { decodeUtf8Strictly, findDeepNesting, refuseUnpairedSurrogates } from "./text-encoding.js";

/**
 * The rules every JSON body a client sends is held to (docs/api.md, "Requests"), whichever door it came
 * in by: the HTTP JSON parser for ordinary routes, and the readers of signed webhook events, which must
 * check the signature on the raw bytes before parsing them. Every refusal is a 400 `invalid_request`
 * naming where, and never quotes the text itself (it may hold a student's answer).
 */

/**
 * `invalid_request` for a text that is not JSON, naming line and column: `body: is not valid JSON
 * (line 3, column 12: expected ',' or '}', found '"')`; undefined when it is JSON.
 */
export function jsonSyntaxError(text: string, where = "body"): AppError | undefined {
  const problem = findJsonSyntaxError(text);
  if (!problem) return undefined;
  const message = `is not valid JSON (line ${problem.line}, column ${problem.column}: ${problem.reason})`;
  return new AppError("invalid_request", {
    message: `${where}: ${message}`,
    details: [{ path: where, message, line: problem.line, column: problem.column }],
  });
}

const poisoningMessage = "must not use __proto__ or constructor.prototype as property names";

/**
 * What secure-json-parse refuses: an own `__proto__` key (JSON.parse makes one), or a `constructor` key
 * whose value is an object with a `prototype` key, at any depth.
 */
export function hasPoisoningKey(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      for (const item of node) if (item !== null && typeof item === "object") pending.push(item);
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(node, "__proto__")) return true;
    const record = node as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(node, "constructor")) {
      const constructorValue = record.constructor;
      if (
        constructorValue !== null &&
        typeof constructorValue === "object" &&
        Object.prototype.hasOwnProperty.call(constructorValue, "prototype")
      ) {
        return true;
      }
    }
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (child !== null && typeof child === "object") pending.push(child);
    }
  }
  return false;
}

/** Levels of objects and arrays a JSON body may nest (the deepest body the API takes has five or six). */
const maxJsonDepth = 64;

/**
 * The checks a parsed JSON value still needs: nesting no deeper than 64 levels (every later walk over a
 * body of thousands of levels costs), no prototype-poisoning keys, no unpaired surrogate (it
 * would be stored as U+FFFD), no key repeated in an object (a parser silently keeps the last: a sender
 * meaning the first would be graded on the other). `text` is what `value` was parsed from.
 */
export function refuseUnsafeJson(value: unknown, text: string, where = "body"): void {
  if (hasPoisoningKey(value)) {
    throw new AppError("invalid_request", {
      message: `${where}: ${poisoningMessage}`,
      details: [{ path: where, message: poisoningMessage }],
    });
  }
  const deep = findDeepNesting(value, maxJsonDepth, where);
  if (deep !== undefined) {
    const message = `is nested more than ${maxJsonDepth} levels of objects and arrays deep`;
    throw new AppError("invalid_request", {
      message: `${deep}: ${message}`,
      details: [{ path: deep, message }],
    });
  }
  refuseUnpairedSurrogates(value, where);
  const repeated = findDuplicateKeyPath(text);
  if (repeated !== undefined) {
    // Written as every other place is (`body.answers[1].studentId`, `body["a.b"]`), and the key quoted with
    // what a reader cannot see escaped: a key "a.b" read as two and a bidi override reordered the message.
    const key = String(repeated.at(-1));
    const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
    const message = `repeats the key ${quoteShown(shown)}; a key may appear once per object`;
    const path = formatPath([where, ...repeated]);
    throw new AppError("invalid_request", { message: `${path}: ${message}`, details: [{ path, message }] });
  }
}

/**
 * Parses a JSON body from its raw bytes under the same rules as every JSON route: strict UTF-8 (a byte
 * order mark is dropped), `is required` when empty, line and column when it is not JSON, then
 * `refuseUnsafeJson`. Throws `invalid_request` naming `where`.
 */
export function parseJsonBytes(bytes: Uint8Array, where = "body"): unknown {
  const text = decodeUtf8Strictly(bytes, where);
  if (text.trim() === "") {
    throw new AppError("invalid_request", {
      message: `${where}: is required`,
      details: [{ path: where, message: "is required" }],
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw (
      jsonSyntaxError(text, where) ??
      new AppError("invalid_request", {
        message: `${where}: is not valid JSON`,
        details: [{ path: where, message: "is not valid JSON" }],
      })
    );
  }
  refuseUnsafeJson(value, text, where);
  return value;
}

/**
 * `invalid_request` for a body that is JSON but not what the schema takes, worded as the HTTP layer
 * words it for every route: one problem per field, `body.data.studentId: must have a visible character`,
 * `body.colour: is not a known field`, `body.data.answer: is required`. Parse with `reportInput: true`
 * so a missing field can be told from a wrong one.
 */
export function invalidBody(error: z.ZodError, where = "body"): AppError {
  const problems: Problem[] = error.issues.flatMap((issue) => {
    const path = formatPath([where, ...issue.path]);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: formatPath([where, ...issue.path, key]),
        message: "is not a known field",
      }));
    }
    // Any type's missing field is "is required", as the HTTP validation says it: an enum's own words
    // ("Invalid option: expected one of …") read as if a wrong value was sent.
    const missing =
      (issue.code === "invalid_type" || issue.code === "invalid_union" || issue.code === "invalid_value") &&
      issue.input === undefined;
    return [{ path, message: missing ? "is required" : issue.message }];
  });
  return new AppError("invalid_request", {
    message: problems.map((problem) => `${problem.path}: ${problem.message}`).join("; "),
    details: problems,
  });
}
