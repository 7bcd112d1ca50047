import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, type ErrorCode, type Problem } from "../grading/errors.js";

/** The JSON error body every failure gets: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/**
 * Sends every error as a catalog entry. Client errors say what was wrong and where; server errors say
 * only that something failed and carry the request id, never a stack trace or an internal message.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) {
      const level = appError.code === "internal_error" ? "error" : "warn";
      request.log[level]({ err: error, code: appError.code }, "request failed");
    }
    return sendError(reply, request, appError);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      request,
      new AppError("not_found", { message: `No route ${request.method} ${request.url.split("?")[0]}.` }),
    ),
  );
}

export function sendError(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header("retry-after", String(error.retryAfterSeconds));
  if (error.code === "unauthorized") reply.header("www-authenticate", 'Bearer realm="rubric-grader"');
  const body: ErrorBody = {
    error: {
      code: error.code,
      message:
        error.status >= 500 && error.code === "internal_error"
          ? `${error.message} (request id ${request.id})`
          : error.message,
      ...(error.details !== undefined ? { details: error.details } : {}),
    },
  };
  return reply.status(error.status).type("application/json").send(body);
}

function toAppError(error: FastifyError): AppError {
  if (AppError.isInstance(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? "body";
    const problems: Problem[] = error.validation.map((issue) => {
      const path = issue.instancePath.split("/").filter(Boolean).join(".");
      // zod reports a missing field as an invalid type "received undefined": say it plainly.
      const missing = issue.keyword === "invalid_type" && /received undefined$/.test(issue.message ?? "");
      return {
        path: path ? `${where}.${path}` : where,
        message: missing ? "is required" : (issue.message ?? "is invalid"),
      };
    });
    return new AppError("invalid_request", {
      message: problems.map((problem) => `${problem.path}: ${problem.message}`).join("; "),
      details: problems,
    });
  }
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
    case "FST_REQ_FILE_TOO_LARGE":
    case "FST_FILES_LIMIT":
    case "FST_PARTS_LIMIT":
      return new AppError("payload_too_large", { message: "The request body is larger than 1 MiB." });
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new AppError("unsupported_media_type", {
        message: `Unsupported Content-Type; use application/json${error.message.includes("yaml") ? "" : ", application/yaml or multipart/form-data where documented"}.`,
      });
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new AppError("invalid_request", { message: "body: is required (the JSON body is empty)" });
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new AppError("invalid_request", { message: "body: is not valid JSON" });
    case "FST_INVALID_MULTIPART_CONTENT_TYPE":
      return new AppError("unsupported_media_type", { message: "The request is not multipart/form-data." });
    default:
      break;
  }
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return new AppError("invalid_request", { message: "body: is not valid JSON" });
  }
  if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) {
    // Another client error raised by Fastify or a plugin: its message is written for clients.
    return new AppError("invalid_request", { message: error.message });
  }
  return new AppError("internal_error", { cause: error });
}
