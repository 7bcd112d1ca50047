import type { FastifyInstance } from "fastify";
import { AppError } from "../grading/errors.js";
import { findDuplicateKey, findJsonSyntaxError } from "../lib/json-syntax.js";
import { decodeUtf8Strictly, findDeepNesting, refuseUnpairedSurrogates } from "./text-encoding.js";

/**
 * `invalid_request` for a text that is not JSON, naming line and column: `body: is not valid JSON
 * (line 3, column 12: expected ',' or '}', found '"')`; undefined when it is JSON. Never quotes the
 * text itself (it may hold a student's answer).
 */
export function jsonSyntaxError(text: string): AppError | undefined {
  const problem = findJsonSyntaxError(text);
  if (!problem) return undefined;
  const message = `is not valid JSON (line ${problem.line}, column ${problem.column}: ${problem.reason})`;
  return new AppError("invalid_request", {
    message: `body: ${message}`,
    details: [{ path: "body", message, line: problem.line, column: problem.column }],
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

/** Levels of objects and arrays a JSON body may nest (the deepest request body the API takes has five). */
const maxBodyDepth = 64;

/**
 * Fastify's JSON parser (same prototype-poisoning protection, same body limit) with errors that say
 * where the JSON breaks. Register before any route that takes JSON.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  // Poisoning keys are looked for in the parsed value (below), not by Fastify's parser: it tests regexes
  // over the whole text first, which took 12 ms of the event loop on a 20,000-character adversarial
  // answer; a walk over the parsed value costs what its keys cost.
  const parseJson = app.getDefaultJsonParser("ignore", "ignore");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, bytes, done) => {
    let body: string;
    try {
      body = decodeUtf8Strictly(typeof bytes === "string" ? Buffer.from(bytes) : bytes, "body");
    } catch (error) {
      done(error as Error, undefined);
      return;
    }
    void parseJson(request, body, (error, value) => {
      if (error && (error as { code?: string }).code === "FST_ERR_CTP_INVALID_JSON_BODY") {
        // The parser's own message quotes the text; ours names line and column instead.
        done(jsonSyntaxError(body) ?? error, undefined);
      } else if (error) {
        done(error, undefined);
      } else {
        try {
          if (hasPoisoningKey(value)) {
            throw new AppError("invalid_request", {
              message: `body: ${poisoningMessage}`,
              details: [{ path: "body", message: poisoningMessage }],
            });
          }
          const where = findDeepNesting(value, maxBodyDepth, "body");
          if (where !== undefined) {
            const message = `is nested more than ${maxBodyDepth} levels of objects and arrays deep`;
            throw new AppError("invalid_request", {
              message: `${where}: ${message}`,
              details: [{ path: where, message }],
            });
          }
          refuseUnpairedSurrogates(value, "body");
          const repeated = findDuplicateKey(body);
          if (repeated !== undefined) {
            const key = repeated.split(".").at(-1)!;
            const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
            const message = `repeats the key "${shown}"; a key may appear once per object`;
            throw new AppError("invalid_request", {
              message: `body.${repeated}: ${message}`,
              details: [{ path: `body.${repeated}`, message }],
            });
          }
          done(null, value);
        } catch (refusal) {
          done(refusal as Error, undefined);
        }
      }
    });
  });
}
