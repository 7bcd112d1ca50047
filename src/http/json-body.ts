import type { FastifyInstance } from "fastify";
import { jsonSyntaxError, refuseUnsafeJson } from "../grading/json-input.js";
import { decodeUtf8Strictly } from "../grading/text-encoding.js";

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
          refuseUnsafeJson(value, body);
          done(null, value);
        } catch (refusal) {
          done(refusal as Error, undefined);
        }
      }
    });
  });
}
