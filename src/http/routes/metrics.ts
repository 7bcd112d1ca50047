import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { isLoopbackHost } from "../../config/config.js";
import { AppError } from "../../grading/errors.js";
import { addressedToLoopback } from "../auth.js";
import { sendError } from "../error-handler.js";
import type { FailedKeyAttempts } from "../failed-key-attempts.js";
import { errorBodySchema, responseHeaders, withResponseHeaders } from "../schemas.js";

/** What the route serves: the runtime's metrics in Prometheus's text format. */
export interface MetricsSource {
  readonly contentType: string;
  render(): Promise<string>;
}

export interface MetricsRouteOptions {
  metrics: MetricsSource;
  /** GRADER_METRICS_TOKEN: when set, `Authorization: Bearer <token>` is required from every address. */
  token: string | undefined;
  /**
   * Wrong keys per client address, shared with the API keys': a wrong metrics token counts as a wrong key,
   * and an address past the limit is refused here too before its token is looked at.
   */
  failedKeyAttempts: FailedKeyAttempts;
}

/** Headers a reverse proxy adds: a request carrying one came from elsewhere, whatever its socket says. */
const forwardingHeaders = ["forwarded", "x-forwarded-for", "x-real-ip"] as const;

/**
 * `GET /metrics` for Prometheus, not open to the internet by default:
 * - without GRADER_METRICS_TOKEN, only to loopback addresses (a scraper on the same host or in the same
 *   pod), addressed by a loopback name (a rebinding web page's Host names its own site). A request from any other address, or one a proxy forwarded (it carries `Forwarded`,
 *   `X-Forwarded-For` or `X-Real-IP`: a reverse proxy on the same host would otherwise make every
 *   client look local), gets 403 `forbidden`;
 * - with it, from any address, but only with `Authorization: Bearer <token>` (401 otherwise). The token is
 *   compared as SHA-256 digests with timingSafeEqual, like the API keys, and a wrong one counts toward the
 *   same limit (20 wrong keys a minute per address, then 429 `too_many_failed_attempts`).
 * The API keys are not used here: a scraper should hold no key that can read or change grades.
 */
export function metricsRoute(app: FastifyInstance, options: MetricsRouteOptions): void {
  const { metrics, token, failedKeyAttempts } = options;
  const tokenDigest = token === undefined ? undefined : digest(token);

  function refusal(request: FastifyRequest): AppError | undefined {
    if (tokenDigest) {
      const refusedForSeconds = failedKeyAttempts.refusedForSeconds(request.ip);
      if (refusedForSeconds > 0) {
        request.log.warn(
          { address: request.ip, retryAfterSeconds: refusedForSeconds },
          "metrics request refused: too many wrong keys from this address",
        );
        return new AppError("too_many_failed_attempts", { retryAfterSeconds: refusedForSeconds });
      }
      const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? "");
      if (!match || !timingSafeEqual(digest(match[1]!), tokenDigest)) {
        // A presented token that fails is a guess; a scrape without one is not.
        if (request.headers.authorization !== undefined) failedKeyAttempts.recordFailure(request.ip);
        return new AppError("unauthorized", {
          message: "Send the metrics token (GRADER_METRICS_TOKEN) as `Authorization: Bearer <token>`.",
        });
      }
      return undefined;
    }
    const forwarded = forwardingHeaders.some((name) => request.headers[name] !== undefined);
    // A browser on a page that rebound its own name to 127.0.0.1 connects from loopback too, but its
    // Host still names that page's site.
    if (
      forwarded ||
      !isLoopbackHost(request.socket.remoteAddress ?? "") ||
      !addressedToLoopback(request.headers.host)
    ) {
      return new AppError("forbidden", {
        message:
          "/metrics answers only loopback addresses; set GRADER_METRICS_TOKEN to scrape it from elsewhere with a bearer token.",
      });
    }
    return undefined;
  }

  app.get(
    "/metrics",
    {
      // Scraped every few seconds: its requests are not worth an info line each.
      logLevel: "warn",
      schema: {
        summary: "Metrics in the Prometheus text format",
        description:
          "Grades by status and flag, model calls, latency, tokens and cost by model, provider errors by code, cache hits, budget refusals, the review-queue size, and the process's own metrics. Only from loopback addresses, unless GRADER_METRICS_TOKEN is set: then from anywhere with `Authorization: Bearer <token>` (20 wrong keys a minute from one address, here or on /v1, and it is refused 429 until the minute ends).",
        tags: ["health"],
        response: {
          200: {
            description: "The series, in the Prometheus text exposition format.",
            content: { "text/plain": { schema: z.string() } },
          },
          // With a token, a missing or wrong one is 401; without, the address decides (403).
          ...(token === undefined
            ? { 403: errorBodySchema }
            : {
                401: errorBodySchema,
                429: withResponseHeaders(errorBodySchema, responseHeaders.retryAfter),
              }),
        },
      },
      onRequest: async (request, reply) => {
        const refused = refusal(request);
        if (refused) return sendError(reply, request, refused);
      },
    },
    async (_request, reply) => reply.type(metrics.contentType).send(await metrics.render()),
  );
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
