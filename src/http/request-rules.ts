import type { FastifyInstance, FastifyRequest, FastifySchema, onRequestAsyncHookHandler } from "fastify";
import { z } from "zod";
import { AppError, formatPath } from "../grading/errors.js";
import { quoteShown } from "../lib/code-points.js";
import { errorBodySchema } from "./schemas.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * A body the handler reads as raw bytes (a signature is checked on them before anything is parsed):
     * its media types and their schemas, for the OpenAPI document and the 415 check only. Fastify never
     * validates it; the handler does.
     */
    rawBody?: { content: Record<string, { schema: z.ZodType }> };
    /**
     * Charsets a body may be labelled with besides UTF-8 (lower case): a route whose handler decodes them
     * itself (a rubric import reads UTF-16, as spreadsheets save "Unicode text").
     */
    charsets?: readonly string[];
  }
}

/**
 * Rules every documented route follows, applied once when the route is registered (an `onRoute`
 * hook on the root instance), so routes added later get them without doing anything:
 *
 * - Unknown query parameters are refused: 400 `invalid_request` naming each one and the parameters
 *   the route takes. The names come from the route's `querystring` z.object (none without one);
 *   they are checked before the body is read, so the answer does not depend on the body. A route
 *   that means to take any parameter says so with `z.looseObject` (or `.catchall`); any other kind
 *   of querystring schema stops start-up, because its parameters could not be checked.
 * - Unknown body fields are refused: top-level `z.object` bodies are made strict.
 * - A body comes only in the media types the route documents: the keys of `body.content`, else
 *   `application/json`; any charset but UTF-8 is refused. Others answer 415 naming the accepted
 *   types, and so does a compressed body (a `Content-Encoding` other than identity: bodies are never
 *   decompressed). GET and HEAD take no body at all (400): a filter sent in a body would be ignored; nor does
 *   a DELETE without a body schema (what it deletes is in its path).
 * - The OpenAPI document lists the errors every route can give (400, 500, and 413/415 with a body).
 *
 * Routes hidden from the document (Swagger UI's own files) are left alone. The checks run after the
 * scope's own onRequest hooks (authentication), so a client without a key learns nothing from them.
 */
export function registerRequestRules(app: FastifyInstance): void {
  app.addHook("onRoute", (route) => {
    const schema: FastifySchema & { hide?: boolean } = route.schema ?? {};
    if (schema.hide) return;
    const methods = Array.isArray(route.method) ? route.method.map(String) : [String(route.method)];
    const where = `${methods.join(",")} ${route.url}`;
    const rawBody = route.config?.rawBody;
    const accepted =
      schema.body !== undefined
        ? acceptedMediaTypes(schema.body)
        : rawBody
          ? acceptedMediaTypes(rawBody)
          : undefined;
    const response = schema.response as Record<string, unknown> | undefined;
    if (schema.body !== undefined || response) {
      route.schema = {
        ...schema,
        ...(schema.body !== undefined ? { body: strictBody(schema.body) } : {}),
        ...(response ? { response: { ...defaultErrorResponses(accepted !== undefined), ...response } } : {}),
      };
    }
    const check = checkRequest({
      where,
      parameters: knownParameters(schema.querystring, where),
      accepted,
      charsets: route.config?.charsets ?? [],
      // A DELETE says everything in its path: a body (a reason, a filter) would be ignored.
      takesNoBody:
        accepted === undefined &&
        methods.every((method) => method === "GET" || method === "HEAD" || method === "DELETE"),
    });
    route.onRequest = [...asArray(route.onRequest), check] as typeof route.onRequest;
  });
}

/** The media types a body schema documents: the keys of `body.content`, else JSON only. */
export function acceptedMediaTypes(body: unknown): string[] {
  if (isContentMap(body)) return Object.keys(body.content).map((type) => type.toLowerCase());
  return ["application/json"];
}

export function isContentMap(body: unknown): body is { content: Record<string, { schema: unknown }> } {
  return (
    typeof body === "object" &&
    body !== null &&
    !isZodSchema(body) &&
    "content" in body &&
    typeof body.content === "object" &&
    body.content !== null
  );
}

function defaultErrorResponses(hasBody: boolean): Record<number, typeof errorBodySchema> {
  const responses: Record<number, typeof errorBodySchema> = { 400: errorBodySchema, 500: errorBodySchema };
  if (hasBody) Object.assign(responses, { 413: errorBodySchema, 415: errorBodySchema });
  return responses;
}

/** The query parameters a route takes, or "any" when its schema says so; throws when it cannot tell. */
function knownParameters(querystring: unknown, where: string): readonly string[] | "any" {
  if (querystring === undefined) return [];
  let object: unknown = querystring;
  // `.transform()` wraps the object in a pipe: its input side names the parameters.
  const def = isZodSchema(querystring) ? (querystring._zod.def as { type: string; in?: unknown }) : undefined;
  if (def?.type === "pipe") object = def.in;
  if (object instanceof z.ZodObject) {
    return object._zod.def.catchall === undefined || object._zod.def.catchall instanceof z.ZodNever
      ? Object.keys(object.shape)
      : "any";
  }
  throw new Error(
    `${where}: the querystring schema must be a z.object(...) (or one with .transform()) so that unknown ` +
      "parameters can be refused; use z.looseObject(...) to take any parameter (src/http/request-rules.ts).",
  );
}

function strictBody(body: unknown): unknown {
  return isZodSchema(body) ? (strictObject(body) ?? body) : body;
}

/**
 * The strict form of a z.object whose unknown keys are not decided yet, with its description kept;
 * the object itself when it already decides (strict, loose or a catchall); undefined for other schemas.
 */
function strictObject(schema: z.ZodType): z.ZodType | undefined {
  if (!(schema instanceof z.ZodObject)) return undefined;
  if (schema._zod.def.catchall !== undefined) return schema;
  const strict = schema.strict();
  const { id: _id, ...metadata } = z.globalRegistry.get(schema) ?? {};
  return Object.keys(metadata).length > 0 ? strict.meta(metadata) : strict;
}

function isZodSchema(value: unknown): value is z.ZodType {
  return value instanceof z.ZodType;
}

const maxNamedParameters = 10;

interface RouteRules {
  where: string;
  parameters: readonly string[] | "any";
  accepted: readonly string[] | undefined;
  /** Charsets accepted besides UTF-8. */
  charsets: readonly string[];
  takesNoBody: boolean;
}

function checkRequest(rules: RouteRules): onRequestAsyncHookHandler {
  return (request, reply) => {
    const problem = findProblem(request, rules);
    // RFC 9110 §15.5.16: a 415 for a content coding says which codings are accepted.
    if (problem && contentCodingRefusals.has(problem)) {
      reply.header("accept-encoding", "identity");
    }
    return problem ? Promise.reject(problem) : Promise.resolve();
  };
}

/**
 * A query parameter whose percent-encoding is not UTF-8 (`?studentId=%FF`, `%ED%A0%80`, a lone `%`): the
 * query parser would pass it on as the literal text and a filter would match nothing, silently; a path
 * with the same bytes is already refused. Only parameters that hold a `%` are decoded to check.
 */
function malformedQueryParameter(url: string): AppError | undefined {
  const start = url.indexOf("?");
  if (start < 0 || !url.includes("%", start)) return undefined;
  for (const pair of url.slice(start + 1).split("&")) {
    if (!pair.includes("%")) continue;
    const equals = pair.indexOf("=");
    const name = equals < 0 ? pair : pair.slice(0, equals);
    if (decodedOrUndefined(pair) !== undefined) continue;
    const decodedName = decodedOrUndefined(name);
    // Quoted unless a bare word, with what a reader cannot see escaped (`querystring["a\u202e"]`).
    const path = decodedName ? formatPath(["querystring", decodedName]) : "querystring";
    const message =
      "is not valid percent-encoded UTF-8: each % must start two hex digits, and the bytes must be UTF-8";
    return new AppError("invalid_request", { message: `${path}: ${message}`, details: [{ path, message }] });
  }
  return undefined;
}

function decodedOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

/** The first rule the request breaks, as the error to answer with; undefined when it keeps them all. */
function findProblem(request: FastifyRequest, rules: RouteRules): AppError | undefined {
  const { where, parameters, accepted, charsets, takesNoBody } = rules;
  const badEncoding = malformedQueryParameter(request.raw.url ?? "");
  if (badEncoding) return badEncoding;
  if (parameters !== "any") {
    const unknown = Object.keys(request.query as Record<string, unknown>).filter(
      (name) => !parameters.includes(name),
    );
    if (unknown.length > 0) {
      // Each named, as every other bad field is: `querystring.studentId: is not a parameter of …`.
      const takes = parameters.length > 0 ? parameters.join(", ") : "no query parameters";
      const message = `is not a parameter of ${where} (it takes ${takes})`;
      const problems = unknown
        .slice(0, maxNamedParameters)
        .map((name) => ({ path: formatPath(["querystring", name]), message }));
      const more =
        unknown.length > maxNamedParameters ? `; and ${unknown.length - maxNamedParameters} more` : "";
      return new AppError("invalid_request", {
        message: problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ") + more,
        details: problems,
      });
    }
  }
  const repeated = Object.entries(request.query as Record<string, unknown>).find(([, value]) =>
    Array.isArray(value),
  );
  if (repeated) {
    // `?status=a&status=b` reaches the schema as an array, whose own message ("expected number, received
    // NaN", "Invalid option") does not say what is wrong: no parameter takes a list.
    const path = formatPath(["querystring", repeated[0]]);
    const message = "is given more than once; give each parameter once";
    return new AppError("invalid_request", { message: `${path}: ${message}`, details: [{ path, message }] });
  }
  if (!hasBody(request)) return undefined;
  if (takesNoBody) {
    const message = "must be empty: this route takes no body; send parameters in the query string";
    return new AppError("invalid_request", {
      message: `body: ${message} (${where}).`,
      details: [{ path: "body", message }],
    });
  }
  if (!accepted) return undefined;
  const coding = unsupportedContentCoding(request.headers["content-encoding"]);
  if (coding !== undefined) {
    // Bodies are read as sent: a gzip body was read as its compressed bytes and answered "is not valid
    // UTF-8", and any other coding over plain bytes was silently taken as none.
    const message = "must be identity (or left out): bodies are not decompressed; send it uncompressed";
    const refusal = new AppError("unsupported_media_type", {
      message: `Content-Encoding ${quote(coding)} is not accepted: send the body uncompressed.`,
      details: [{ path: "headers.content-encoding", message }],
    });
    contentCodingRefusals.add(refusal);
    return refusal;
  }
  const header = request.headers["content-type"];
  const mediaType = header?.split(";", 1)[0]?.trim().toLowerCase();
  const acceptedList = listOf(accepted);
  if (!mediaType || !accepted.includes(mediaType)) {
    const message = `must be ${acceptedList}`;
    return new AppError("unsupported_media_type", {
      message: `${mediaType ? `Content-Type ${quote(mediaType)} is not accepted` : "Content-Type is missing"}: ${where} takes ${acceptedList}.`,
      details: [{ path: "headers.content-type", message }],
    });
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(header ?? "")?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8" && !charsets.includes(charset)) {
    const allowed = ["utf-8", ...charsets];
    const message = `charset must be ${listOf(allowed)} (or left out)`;
    return new AppError("unsupported_media_type", {
      message: `Content-Type charset ${quote(charset)} is not accepted: send ${charsets.length > 0 ? listOf(allowed) : "UTF-8"} text.`,
      details: [{ path: "headers.content-type", message }],
    });
  }
  return undefined;
}

/** Refusals of a request for its content coding, answered with `Accept-Encoding: identity`. */
const contentCodingRefusals = new WeakSet<AppError>();

/** The first content coding of a `Content-Encoding` header other than `identity`, if it names one. */
function unsupportedContentCoding(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const codings = (Array.isArray(header) ? header.join(",") : header)
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "");
  return codings.find((coding) => coding !== "identity");
}

function hasBody(request: FastifyRequest): boolean {
  if (request.headers["transfer-encoding"] !== undefined) return true;
  const length = Number(request.headers["content-length"] ?? 0);
  return !Number.isFinite(length) || length > 0;
}

function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/**
 * Echoes a client's header value, bounded and JSON-quoted, with what a reader cannot see as `\uXXXX`, so it
 * can neither flood nor confuse a message: Node reads a header's bytes as Latin-1, so any UTF-8 text in one
 * arrives as C1 controls (U+0080–U+009F, U+009B starts a terminal's escape sequence), which were echoed raw.
 */
function quote(value: string): string {
  return quoteShown(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
