import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { AppError } from "../grading/errors.js";
import { bearerScheme } from "./api-docs.js";
import { sendError } from "./error-handler.js";
import { errorBodySchema } from "./schemas.js";

/**
 * Bearer-key authentication for every route registered in `scope` (the /v1 routes). With no keys
 * configured it checks nothing: config refuses that combination on a non-loopback host.
 * Keys are compared as SHA-256 digests with timingSafeEqual, so timing reveals neither key nor length.
 * Either way each route's OpenAPI operation says so: a key required (and 401 documented), or, with
 * no keys, optional, so clients generated from a local instance can still send one.
 */
export function requireApiKey(scope: FastifyInstance, apiKeys: readonly string[]): void {
  scope.addHook("onRoute", (route) => {
    const schema = route.schema ?? {};
    const response = schema.response as Record<string, unknown> | undefined;
    route.schema = {
      ...schema,
      security: apiKeys.length > 0 ? [{ [bearerScheme]: [] }] : [{ [bearerScheme]: [] }, {}],
      ...(apiKeys.length > 0 && response ? { response: { 401: errorBodySchema, ...response } } : {}),
    };
  });
  if (apiKeys.length === 0) return;
  const digests = apiKeys.map(digest);
  scope.addHook("onRequest", async (request, reply) => {
    const header = request.headers.authorization;
    const match = typeof header === "string" ? /^Bearer +(\S+) *$/i.exec(header) : null;
    const presented = match ? digest(match[1]!) : undefined;
    let accepted = false;
    for (const candidate of digests) {
      // No early exit: every key is compared on every request.
      if (presented && timingSafeEqual(candidate, presented)) accepted = true;
    }
    if (!accepted) {
      return sendError(
        reply,
        request,
        new AppError("unauthorized", header ? { message: "The API key is not valid." } : {}),
      );
    }
  });
}

function digest(key: string): Buffer {
  return createHash("sha256").update(key, "utf8").digest();
}
