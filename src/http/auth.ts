import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { isLoopbackHost } from "../config/config.js";
import { defaultOperatorScope, type Role, type Scope } from "../grading/access.js";
import type { AccessService } from "../grading/access-service.js";
import { AppError } from "../grading/errors.js";
import { systemClock, type Clock } from "../lib/clock.js";
import { bearerScheme } from "./api-docs.js";
import { sendError } from "./error-handler.js";
import { createFailedKeyAttempts, type FailedKeyAttempts } from "./failed-key-attempts.js";
import { errorBodySchema, responseHeaders, withResponseHeaders } from "./schemas.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is calling: tenant, role and key. Set by access control on every /v1 route. */
    scope: Scope;
    /**
     * Whether the caller's key still holds the scope it was let in with (not revoked, same role): for
     * a response that outlives its request's check, such as an event stream. Set with `scope`.
     */
    stillAuthorized: () => Promise<boolean>;
  }
  interface FastifyContextConfig {
    /** The roles that may call the route; every /v1 route must say (start-up fails otherwise). */
    roles?: readonly Role[];
    /** Only an operator (a bootstrap key) may call the route, whatever its role. */
    operator?: boolean;
  }
}

export interface AccessControlOptions {
  /** GRADER_API_KEYS: admins of the default tenant who may also create tenants. */
  bootstrapKeys: readonly string[];
  access: Pick<AccessService, "authenticate">;
  /** Times the windows of wrong-key attempts; the system clock by default. */
  clock?: Clock;
  /** Wrong keys per client address (20 a minute by default). */
  failedKeyAttempts?: FailedKeyAttempts;
}

/**
 * Authentication and authorisation for every route registered in `scope` (the /v1 routes).
 * - A bearer key is a bootstrap key (compared as SHA-256 digests with timingSafeEqual, so timing reveals
 *   neither key nor length) or a stored key of some tenant; anything else is 401.
 * - Without a key: 401 when bootstrap keys are configured; otherwise (a loopback-only install, which
 *   config enforces) the caller acts as the default tenant's admin.
 * - An address that presented 20 wrong keys within a minute is answered 429 `too_many_failed_attempts`
 *   (Retry-After: until the minute ends) before its key is looked at, so that a short key cannot be guessed
 *   online; other addresses go on as before (failed-key-attempts.ts).
 * - Each route declares `config.roles`; another role gets 403 `forbidden`. Another tenant's ids are not
 *   a question of roles: every store query is confined to the caller's tenant, so they answer 404.
 * Each route's OpenAPI operation says whether a key is required and documents 401 and 403.
 */
export function registerAccessControl(scope: FastifyInstance, options: AccessControlOptions): void {
  const { bootstrapKeys, access } = options;
  const digests = bootstrapKeys.map(digest);
  const failedKeyAttempts =
    options.failedKeyAttempts ?? createFailedKeyAttempts(options.clock ?? systemClock);
  scope.decorateRequest("scope", null as unknown as Scope);
  scope.decorateRequest("stillAuthorized", null as unknown as () => Promise<boolean>);

  scope.addHook("onRoute", (route) => {
    const roles = route.config?.roles;
    if (!roles || roles.length === 0) {
      throw new Error(
        `route ${String(route.method)} ${route.url} declares no roles (config.roles): every /v1 route must say who may call it`,
      );
    }
    const schema = route.schema ?? {};
    const response = schema.response as Record<string, unknown> | undefined;
    route.schema = {
      ...schema,
      security: bootstrapKeys.length > 0 ? [{ [bearerScheme]: [] }] : [{ [bearerScheme]: [] }, {}],
      ...(response
        ? {
            response: {
              401: errorBodySchema,
              403: errorBodySchema,
              429: withResponseHeaders(errorBodySchema, responseHeaders.retryAfter),
              ...response,
            },
          }
        : {}),
      description: [
        schema.description,
        route.config?.operator
          ? "Only a bootstrap key (GRADER_API_KEYS) may call this."
          : `Roles: ${roles.join(", ")}.`,
      ]
        .filter(Boolean)
        .join("\n\n"),
    };
  });

  scope.addHook("onRequest", async (request, reply) => {
    // A presented key is a guess until checked: its check is counted while it runs (see beginCheck).
    const presentsKey = request.headers.authorization !== undefined;
    const check = presentsKey
      ? await failedKeyAttempts.beginCheck(request.ip)
      : { refusedForSeconds: failedKeyAttempts.refusedForSeconds(request.ip), end: () => {} };
    const { refusedForSeconds } = check;
    if (refusedForSeconds > 0) {
      request.log.warn(
        { address: request.ip, retryAfterSeconds: refusedForSeconds },
        "request refused: too many wrong API keys from this address",
      );
      return sendError(
        reply,
        request,
        new AppError("too_many_failed_attempts", { retryAfterSeconds: refusedForSeconds }),
      );
    }
    let caller: Scope | undefined;
    try {
      caller = await identify(request);
      check.end(false);
    } catch (error) {
      // A presented key that fails is a guess; a request without one (keyless loopback refused) is not.
      check.end((error as AppError).code === "unauthorized" && presentsKey);
      return sendError(reply, request, error as AppError);
    }
    const config = request.routeOptions.config;
    if (config.operator && !caller.operator) {
      return sendError(
        reply,
        request,
        new AppError("forbidden", { message: "Only a bootstrap key (GRADER_API_KEYS) may do this." }),
      );
    }
    const roles = config.roles ?? [];
    if (!roles.includes(caller.role)) {
      return sendError(
        reply,
        request,
        new AppError("forbidden", {
          message: `A ${caller.role} key may not ${request.method} ${request.routeOptions.url}; it takes ${roles.join(" or ")}.`,
        }),
      );
    }
    request.scope = caller;
    const admitted = caller;
    request.stillAuthorized = async () => {
      // A stored key is looked up again; bootstrap keys and keyless loopback use live as long as the process.
      if (admitted.keyId === null) return true;
      const current = await identify(request).catch(() => undefined);
      return current?.keyId === admitted.keyId && current.role === admitted.role;
    };
  });

  async function identify(request: FastifyRequest): Promise<Scope> {
    const header = request.headers.authorization;
    if (header === undefined) {
      if (digests.length > 0) throw new AppError("unauthorized");
      // Keyless use is for this machine only; config binds it to loopback, but a web page the user
      // opens elsewhere can rebind its own name to 127.0.0.1 (DNS rebinding) and then read every answer
      // as the operator. Its requests still name its own host: only a loopback Host is let in.
      // Nor may another site's page use it through the user's browser (a form or no-cors POST of
      // multipart/form-data needs no preflight): a browser names the page's origin on such requests.
      if (
        !addressedToLoopback(request.headers.host) ||
        !fromOwnPage(request.headers.origin, request.headers.host)
      ) {
        throw new AppError("unauthorized", {
          message:
            "Without API keys (GRADER_API_KEYS) the service answers only requests addressed to this machine (Host: localhost, 127.0.0.1 or [::1]) and, from a browser, only its own pages; send a key, or call it by a loopback name.",
        });
      }
      return defaultOperatorScope;
    }
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (!match)
      throw new AppError("unauthorized", { message: "Send the key as `Authorization: Bearer <key>`." });
    const presented = match[1]!;
    if (digests.length > 0) {
      const presentedDigest = digest(presented);
      let bootstrap = false;
      for (const candidate of digests) {
        // No early exit: every key is compared on every request.
        if (timingSafeEqual(candidate, presentedDigest)) bootstrap = true;
      }
      if (bootstrap) return defaultOperatorScope;
    }
    const stored = await access.authenticate(presented);
    if (!stored) throw new AppError("unauthorized", { message: "The API key is not valid." });
    return stored;
  }
}

/**
 * Whether a request's Host names this machine (`localhost`, `127.0.0.1`, `[::1]`, with any port, or a
 * name under `.localhost`). A request without one (HTTP/1.0 tooling) was not sent by a browser, which
 * always names the host it believes it talks to.
 */
export function addressedToLoopback(host: string | undefined): boolean {
  if (host === undefined) return true;
  const match = /^(\[[^\]]*\]|[^:[\]]*)(?::\d*)?$/.exec(host.trim());
  if (!match) return false;
  const name = match[1]!.toLowerCase().replace(/\.$/, "");
  return isLoopbackHost(name) || name.endsWith(".localhost");
}

/**
 * Whether a request's `Origin` (sent by browsers on cross-origin requests and on every POST) is one of this
 * service's own pages: a loopback origin with the host and port the request is addressed to (`Host`); true
 * without an Origin. Another port of this machine is another web application (a notebook server, a
 * development server running a student's code) that must not act as the operator through the user's
 * browser. `null` (a sandboxed frame, a file) is refused.
 */
function fromOwnPage(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    const page = new URL(origin);
    if (!addressedToLoopback(page.hostname)) return false;
    if (host === undefined) return true;
    // The Host as the page's URL would spell it: lower case, without the scheme's default port.
    return new URL(`${page.protocol}//${host.trim()}`).host === page.host;
  } catch {
    return false;
  }
}

function digest(key: string): Buffer {
  return createHash("sha256").update(key, "utf8").digest();
}
