import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import {
  AppError,
  errorCatalog,
  formatPath,
  maxListedProblems,
  type ErrorCode,
  type Problem,
} from "../grading/errors.js";
import { quoteShown } from "../lib/code-points.js";
import { isDatabaseBusy } from "../lib/database-busy.js";
import { storageUnavailableCode } from "../lib/storage-unavailable.js";
import type { ValidationIssue } from "./validator-compiler.js";

/** The JSON error body every failure gets: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/**
 * Sends every error as a catalog entry. Client errors say what was wrong and where; server errors say
 * only that something failed and carry the request id, never a stack trace or an internal message.
 * Register before any route: it also records the routes, so that a known path with another method
 * answers 405 with `Allow` instead of 404.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  const routes: { pattern: RegExp; method: string; lastParam: string | undefined }[] = [];
  app.addHook("onRoute", (route) => {
    const pattern = routePattern(route.url);
    const lastParam = /\/:([A-Za-z_]\w*)$/.exec(route.url)?.[1];
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      routes.push({ pattern, method: String(method), lastParam });
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error, request);
    if (appError.status >= 500) {
      // The error and the request id only: never the body (a student's answer) or the query.
      if (appError.code === "storage_unavailable") {
        // The operator must act (free disk space, memory or connections, make the file writable): at
        // error level, once, with the driver's code, which says which of these it is.
        const databaseCode = storageUnavailableCode(appError.cause) ?? storageUnavailableCode(error);
        request.log.error(
          { err: error, code: appError.code, databaseCode },
          "the database cannot store data",
        );
      } else {
        const level = appError.code === "internal_error" ? "error" : "warn";
        request.log[level]({ err: error, code: appError.code }, "request failed");
      }
    }
    return sendError(reply, request, appError);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?", 1)[0] ?? "/";
    // As the router reads it: a trailing slash is ignored (`/v1/rubrics/` is `/v1/rubrics`).
    const bare = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
    // `DELETE /v1/students/`: a route's last id left empty, not a path of its own.
    const emptyParam =
      bare !== path
        ? routes.find(
            (route) => route.method === request.method && route.lastParam && route.pattern.test(`${path}_`),
          )?.lastParam
        : undefined;
    if (emptyParam !== undefined) {
      const field = `params.${emptyParam}`;
      return sendError(
        reply,
        request,
        new AppError("invalid_request", {
          message: `${field}: is empty; ${path} needs an id after its last slash.`,
          details: [{ path: field, message: "is empty" }],
        }),
      );
    }
    const allowed = [
      ...new Set(
        routes.filter((route) => route.pattern.test(path) || route.pattern.test(bare)).map((r) => r.method),
      ),
    ];
    if (allowed.length > 0) {
      reply.header("allow", allowed.join(", "));
      return sendError(
        reply,
        request,
        new AppError("method_not_allowed", {
          message: `${path} does not take ${request.method}; it takes ${allowed.join(", ")}.`,
        }),
      );
    }
    return sendError(
      reply,
      request,
      new AppError("not_found", { message: `No route ${request.method} ${path}.` }),
    );
  });
}

/**
 * `Retry-After` for the errors a client should retry when nothing more precise is known (the provider sent
 * none, the analysis queue is full): a client or an LMS that honours it backs off instead of hammering.
 */
const defaultRetryAfterSeconds: Partial<Record<ErrorCode, number>> = {
  provider_unavailable: 5,
  provider_timeout: 5,
  server_busy: 1,
  // Someone must free space or connections first: sooner would only be refused again.
  storage_unavailable: 30,
};

export function sendError(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  const retryAfter = error.retryAfterSeconds ?? defaultRetryAfterSeconds[error.code];
  if (retryAfter !== undefined) reply.header("retry-after", String(retryAfter));
  if (error.code === "unauthorized") reply.header("www-authenticate", 'Bearer realm="rubric-grader"');
  return reply.status(error.status).type("application/json").send(errorBody(error, request.id));
}

function errorBody(error: AppError, requestId: string): ErrorBody {
  if (error.code === "internal_error") {
    // Whatever message or details an internal error was given, the client sees the catalog's words.
    return {
      error: {
        code: error.code,
        message: `${errorCatalog.internal_error.message} (request id ${requestId})`,
      },
    };
  }
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details !== undefined ? { details: error.details } : {}),
    },
  };
}

/**
 * Fastify's `frameworkErrors` option: errors raised before routing (a URL that does not decode, a
 * path parameter over the router's length limit), which otherwise get Fastify's own body.
 */
export function handleFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const appError =
    error.code === "FST_ERR_BAD_URL"
      ? new AppError("invalid_request", {
          message: "path: is not a valid URL (malformed percent-encoding).",
          details: [{ path: "path", message: "is not a valid URL" }],
        })
      : error.code === "FST_ERR_MAX_PARAM_LENGTH"
        ? new AppError("invalid_request", {
            message: "path: a path parameter is too long.",
            details: [{ path: "path", message: "has a parameter that is too long" }],
          })
        : new AppError("internal_error", { cause: error });
  if (appError.code === "internal_error")
    request.log.error({ err: error, code: appError.code }, "request failed");
  void sendError(reply, request, appError);
}

/**
 * Fastify's `clientErrorHandler` option: requests Node's HTTP parser refuses (malformed request line
 * or headers, headers too large, a request not received in time) answered with a catalog body,
 * `invalid_request` with its status 400. The error keeps the raw bytes of the request
 * (`rawPacket`, keys and all), so only its code is logged.
 */
export function handleClientError(
  error: NodeJS.ErrnoException,
  socket: Socket,
  log: FastifyBaseLogger,
): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const message =
    error.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? "The request was not received in time."
      : error.code === "HPE_HEADER_OVERFLOW"
        ? "The request headers are too large."
        : "The request is not valid HTTP.";
  log.debug({ code: error.code }, "malformed request refused");
  if (socket.writable) {
    const { status } = errorCatalog.invalid_request;
    const body = JSON.stringify({ error: { code: "invalid_request", message } } satisfies ErrorBody);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

function toAppError(error: FastifyError, request: FastifyRequest): AppError {
  if (AppError.isInstance(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) return validationError(error, request);
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return tooLarge(
        "body",
        `is larger than ${describeBytes(request.routeOptions.bodyLimit ?? 1024 * 1024)}`,
      );
    case "FST_REQ_FILE_TOO_LARGE":
      return tooLarge("file", "is larger than 1 MiB");
    case "FST_FILES_LIMIT":
    case "FST_PARTS_LIMIT":
    case "FST_FIELDS_LIMIT":
      return tooLarge("body", "has too many multipart parts: send one file, in the field `file`");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_INVALID_MULTIPART_CONTENT_TYPE": {
      const type = request.headers["content-type"]?.split(";", 1)[0]?.trim();
      // Quoted with what a reader cannot see escaped, as request-rules.ts quotes it.
      const message = type ? `${quoteShown(type.slice(0, 100))} is not accepted here` : "is missing";
      return new AppError("unsupported_media_type", {
        message: `Content-Type: ${message} (${request.method} ${request.routeOptions.url ?? request.url.split("?", 1)[0]}).`,
        details: [{ path: "headers.content-type", message }],
      });
    }
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return invalid("body", "is required (the JSON body is empty)");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return invalid("body", "is not valid JSON");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return invalid("body", "does not have the length Content-Length says");
    case "FST_PROTO_VIOLATION":
      return invalid("body", "must not use __proto__ as a multipart field name");
    case "FST_MP_PREMATURE_CLOSE":
      return invalid("body", "ended before the multipart data was complete");
    default:
      break;
  }
  const status = typeof error.statusCode === "number" ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Another client error raised by Fastify or a plugin: keep its status family, and its message,
    // which is written for clients.
    if (status === 404) return new AppError("not_found", { message: error.message });
    if (status === 413) return new AppError("payload_too_large", { message: error.message });
    if (status === 415) return new AppError("unsupported_media_type", { message: error.message });
    return new AppError("invalid_request", { message: error.message });
  }
  // Another process held the SQLite file's write lock longer than a statement waits (5 s): nothing was
  // written and a retry will do, so 503 with Retry-After, not a 500 that clients and LMSs do not retry.
  if (isDatabaseBusy(error)) {
    return new AppError("server_busy", {
      message: "The database is busy with another process's writes; try again shortly.",
      cause: error,
    });
  }
  // A full disk, a failing or read-only file, or a PostgreSQL server out of space, memory or connections:
  // the transaction was rolled back, so nothing was stored, and the same request succeeds once the
  // operator has fixed it. A 500 said "a bug" and clients and LMSs did not retry it.
  if (storageUnavailableCode(error) !== undefined) {
    return new AppError("storage_unavailable", { cause: error });
  }
  return new AppError("internal_error", { cause: error });
}

function validationError(
  error: FastifyError & { validation: ValidationIssue[] },
  request: FastifyRequest,
): AppError {
  const where = error.validationContext ?? "body";
  const allProblems: Problem[] = (error.validation as readonly ValidationIssue[]).flatMap((issue) => {
    // The place as every other error names one: `body.answers[0].answer`, `body.assignments["a/b"]`. Our
    // validator compiler gives zod's path; the JSON pointer (`/answers/0/answer`) is read only when a
    // route's own compiler did not.
    const segments =
      issue.path ??
      issue.instancePath
        .split("/")
        .filter(Boolean)
        .map((segment) =>
          /^\d+$/.test(segment) ? Number(segment) : segment.replace(/~1/g, "/").replace(/~0/g, "~"),
        );
    const path = formatPath([where, ...segments]);
    if (issue.keyword === "unrecognized_keys") {
      // One problem per unknown key, each naming it: `body.colour: is not a known field`.
      const keys = (issue.params as { keys?: string[] } | undefined)?.keys ?? [];
      return keys.map((key) => ({
        // No field's name is longer than 64 characters: a longer key is cut, not echoed whole.
        path: formatPath([where, ...segments, key.length > 64 ? `${key.slice(0, 64)}…` : key]),
        message: "is not a known field",
      }));
    }
    // A missing field is said plainly, whatever its type (our compiler marks it; zod's own words are
    // "received undefined" for most types, and name an enum's values as if a wrong one was sent). A
    // missing body (no Content-Type, nothing sent) arrives as null.
    const missing =
      issue.missing === true ||
      (issue.keyword === "invalid_type" &&
        (/received undefined$/.test(issue.message ?? "") ||
          (where === "body" && segments.length === 0 && request.headers["content-type"] === undefined)));
    return [{ path, message: missing ? "is required" : (issue.message ?? "is invalid") }];
  });
  // The first 100, and how many more: one problem per item of a body of 60,000 wrong items (780 KB) made a
  // 10 MB answer, and a 10 MiB job body could make one of over 100 MB.
  const problems = allProblems.slice(0, maxListedProblems);
  const more = allProblems.length - problems.length;
  return new AppError("invalid_request", {
    message:
      problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ") +
      (more > 0 ? `; and ${more} more problems (the first ${maxListedProblems} are listed)` : ""),
    details: problems,
  });
}

function invalid(path: string, message: string): AppError {
  return new AppError("invalid_request", { message: `${path}: ${message}`, details: [{ path, message }] });
}

function tooLarge(path: string, message: string): AppError {
  return new AppError("payload_too_large", { message: `${path}: ${message}.`, details: [{ path, message }] });
}

/** A Fastify route URL (`/v1/grades/:id`, `/docs/*`) as a pattern over request paths. */
function routePattern(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z_]\w*(?:\([^)]*\))?|\*)/)
    .map((part) => {
      if (part === "*") return ".*";
      if (part.startsWith(":")) return "[^/]+";
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${source}$`);
}

/** `1 MiB`, `100 MiB`: limits as the configuration states them. */
function describeBytes(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return Number.isInteger(mebibytes) ? `${mebibytes} MiB` : `${bytes} bytes`;
}
