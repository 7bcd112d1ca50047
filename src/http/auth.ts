import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { AppError } from "../grading/errors.js";
import { sendError } from "./error-handler.js";

/**
 * Bearer-key authentication for every route registered in `scope` (the /v1 routes). With no keys
 * configured it does nothing: config refuses that combination on a non-loopback host.
 * Keys are compared as SHA-256 digests with timingSafeEqual, so timing reveals neither key nor length.
 */
export function requireApiKey(scope: FastifyInstance, apiKeys: readonly string[]): void {
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
