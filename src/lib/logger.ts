import { stdSerializers, type LoggerOptions } from "pino";

/**
 * Paths pino must never print. Student answers are not listed because no code logs them: request
 * bodies are never logged, and grading code logs ids and counts only.
 */
export const redactedPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  "headers.authorization",
  "apiKey",
  "*.apiKey",
  "config.model.apiKey",
  "config.auth.apiKeys",
  // Integrations: signing secrets, LMS credentials, the key that seals them, signatures.
  "secret",
  "*.secret",
  "credentials",
  "*.credentials",
  "config.integrations.secretKeyHex",
  'req.headers["webhook-signature"]',
];

const censor = "[redacted]";

/** A query parameter name that is a name and not data: anything else is redacted with the values. */
const parameterName = /^[\w.[\]-]{1,64}$/;

/**
 * A URL's path with every query value replaced by `[redacted]`: `/v1/rubrics?api_key=[redacted]`.
 * Clients put keys and tokens in query strings however often they are told not to, so no log line
 * may carry a query value. A parameter without `=` (`?sk-abc…`) is all value, and so is a name that
 * does not look like one.
 */
export function redactQuery(url: string): string {
  const start = url.indexOf("?");
  if (start === -1) return redactPathParameters(url);
  const hashStart = url.indexOf("#", start);
  const query = url.slice(start + 1, hashStart === -1 ? undefined : hashStart);
  if (query === "") return url.slice(0, start + 1);
  const redacted = query
    .split("&")
    .map((pair) => {
      if (pair === "") return pair;
      const equals = pair.indexOf("=");
      if (equals === -1) return censor;
      const name = pair.slice(0, equals);
      return parameterName.test(name) ? `${name}=${censor}` : `${censor}=${censor}`;
    })
    .join("&");
  return `${redactPathParameters(url.slice(0, start))}?${redacted}`;
}

/**
 * Parameters after a `;` in a path segment (`/v1/me;api_key=…`) are values too: no route takes them, but
 * a client may send a key that way.
 */
function redactPathParameters(path: string): string {
  return path.includes(";") ? path.replace(/;[^/?#]*/g, `;${censor}`) : path;
}

const tokenBoundary = /[\s"'<>`]/;

/** One letter as a URL may spell it: itself in either case, or percent-encoded (`s`, `S`, `%73`, `%53`). */
const spelledInUrl = (letter: string) =>
  `(?:${letter}|%${letter.charCodeAt(0).toString(16)}|%${letter.toUpperCase().charCodeAt(0).toString(16)})`;

/**
 * A student's id in a path (`/v1/students/<id>/export`, `DELETE /v1/students/<id>`): personal data that
 * an erasure cannot reach once it is in a log, so no log line keeps it, whatever route or error. The
 * router decodes percent-encoded letters, so `/v1/%73tudents/<id>/export` reaches the same route and is
 * redacted too, as are any case (`/v1/STUDENTS/<id>`, a 404 that still names the id) and an encoded
 * slash (`students%2F<id>`).
 */
const studentPathSegment = new RegExp(
  `(?:/|%2f)${[..."students"].map(spelledInUrl).join("")}(?:/|%2f)[^/?#\\s"'<>\`]+`,
  "gi",
);
/** A text without any of these cannot name a students' path: most log lines skip the expression. */
const mayNameStudentPath = /tudent|%[4-7]/i;

/** Replaces every student id in a path or text by `[redacted]`: `/v1/students/[redacted]/export`. */
export function redactStudentPaths(text: string): string {
  return mayNameStudentPath.test(text) ? text.replace(studentPathSegment, `/students/${censor}`) : text;
}

/**
 * Redacts the query values of every URL in a text (log messages, error messages and stacks): any
 * run of non-space characters with a `/` before its first `?` and something after it. One pass,
 * linear in the text's length, whatever the text.
 */
export function redactQueriesInText(text: string): string {
  let question = text.indexOf("?");
  if (question === -1) return text;
  let redacted = "";
  let copiedUpTo = 0;
  while (question !== -1) {
    let start = question;
    while (start > copiedUpTo && !tokenBoundary.test(text[start - 1]!)) start--;
    let end = question + 1;
    while (end < text.length && !tokenBoundary.test(text[end]!)) end++;
    if (end > question + 1 && text.slice(start, question).includes("/")) {
      redacted += text.slice(copiedUpTo, start) + redactQuery(text.slice(start, end));
      copiedUpTo = end;
    }
    question = text.indexOf("?", end);
  }
  return redacted + text.slice(copiedUpTo);
}

/** What Fastify hands the `req` serializer (its Request) or what a caller might log (Node's). */
interface LoggableRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remoteAddress?: string; remotePort?: number } | null;
}

/** Fastify's request fields, with the query values redacted and no headers at all. */
export function serializeRequest(request: LoggableRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: typeof request.url === "string" ? redactQuery(redactStudentPaths(request.url)) : undefined,
    host: request.host ?? request.headers?.host,
    remoteAddress: request.ip ?? request.socket?.remoteAddress,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * pino's error serializer, minus what can carry a request: Node's parser errors keep the raw bytes
 * of a malformed request (`rawPacket`: request line and headers, keys included), and error messages
 * may quote a URL with its query.
 */
export function serializeError(error: unknown): unknown {
  const serialized: unknown = stdSerializers.err(error as Error);
  // Anything that is not an error comes back as it is: never change the caller's object.
  if (serialized === error || typeof serialized !== "object" || serialized === null) return serialized;
  const fields = serialized as Record<string, unknown>;
  delete fields.rawPacket;
  for (const key of ["message", "stack"]) {
    const value = fields[key];
    if (typeof value === "string") fields[key] = redactQueriesInText(redactStudentPaths(value));
  }
  return serialized;
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactedPaths, censor },
    base: { service: "rubric-grader" },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    // Fastify takes these over its own serializers when it is handed this logger.
    serializers: { req: serializeRequest, err: serializeError },
    hooks: {
      // Messages too: Fastify writes the raw URL into a few of its own (a reply sent twice, a 404).
      logMethod(args, method) {
        const scrubbed = args.map((arg: unknown) =>
          typeof arg === "string" ? redactQueriesInText(redactStudentPaths(arg)) : arg,
        ) as Parameters<typeof method>;
        method.apply(this, scrubbed);
      },
    },
  };
}
