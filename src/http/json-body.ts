import type { FastifyInstance } from "fastify";
import { AppError } from "../grading/errors.js";
import { findJsonSyntaxError } from "../lib/json-syntax.js";
import { decodeUtf8Strictly, refuseUnpairedSurrogates } from "./text-encoding.js";

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
 * Fastify's JSON parser (same prototype-poisoning protection, same body limit) with errors that say
 * where the JSON breaks. Register before any route that takes JSON.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
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
        // Valid JSON that the parser still refused carries a prototype-poisoning key.
        const syntaxError = jsonSyntaxError(body);
        done(
          syntaxError ??
            new AppError("invalid_request", {
              message: `body: ${poisoningMessage}`,
              details: [{ path: "body", message: poisoningMessage }],
            }),
          undefined,
        );
      } else if (error) {
        done(error, undefined);
      } else {
        try {
          refuseUnpairedSurrogates(value, "body");
          done(null, value);
        } catch (refusal) {
          done(refusal as Error, undefined);
        }
      }
    });
  });
}
