import type { Multipart, MultipartFile } from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { AppError, formatPath } from "../grading/errors.js";

export interface SoleFile {
  file: MultipartFile;
  /**
   * Reads what follows the file, once its stream has been read to the end: a second file is refused
   * with 413 `payload_too_large` (the multipart limits allow one), a field with 400 `invalid_request`
   * naming it, as before the file. `request.file()` stopped at the first file, so a second one was
   * dropped without a word. Also refuses a part the multipart reader skipped (see `countParts`).
   */
  nothingAfter: () => Promise<void>;
}

/**
 * The one file of a multipart upload, sent in the field `file` (`what` names it in messages). The
 * form carries that file and nothing else: the routes take their parameters in the query, so a form
 * field anywhere is refused with 400 `invalid_request` naming it (one named like a query parameter is
 * told to go there), never skipped: a `rubricVersion` field was ignored, and the job ran on the current
 * version. So is a part with no name, a text field `file`, and a file in another field.
 * Throws what the multipart reader throws (limits, malformed data), or AppError `invalid_request`.
 */
export async function soleMultipartFile(
  request: FastifyRequest,
  what: string,
  queryParameters: readonly string[] = [],
): Promise<SoleFile> {
  const parts = request.parts();
  const counter = countParts(request);
  try {
    const first = await nextPart(parts, what);
    if (first.done) {
      if (counter.started() > 0) throw unreadablePart(what);
      throw new AppError("invalid_request", {
        message: `file: is required (send ${what} in the multipart field \`file\`)`,
        details: [{ path: "file", message: "is required" }],
      });
    }
    if (first.value.type !== "file" || first.value.fieldname !== "file") {
      throw unexpectedPart(first.value, what, queryParameters);
    }
    const file = first.value;
    return {
      file,
      nothingAfter: async () => {
        try {
          const after = await nextPart(parts, what);
          if (!after.done) throw unexpectedPart(after.value, what, queryParameters);
          // The file is the one part the reader handed over: any other was skipped unread.
          if (counter.started() > 1) throw unreadablePart(what);
        } finally {
          counter.stop();
        }
      },
    };
  } catch (error) {
    counter.stop();
    throw error;
  }
}

/**
 * The reader refuses a part named like a property every object has (`__proto__`, `constructor`),
 * without its name, once the body has been read: said here as for any other part not taken.
 */
async function nextPart(parts: AsyncIterator<Multipart>, what: string): Promise<IteratorResult<Multipart>> {
  try {
    return await parts.next();
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== "FST_PROTO_VIOLATION") throw error;
    throw refused(
      "body",
      `has a part named like a property every object has (\`__proto__\`, \`constructor\`, \`toString\`, …): send only ${what}, in the field \`file\``,
    );
  }
}

function unexpectedPart(part: Multipart, what: string, queryParameters: readonly string[]): AppError {
  const kind = part.type === "file" ? "file" : "form field";
  const name = part.fieldname as string | undefined;
  if (name === undefined || name === "") {
    return refused("body", `has a ${kind} with no field name: send only ${what}, in the field \`file\``);
  }
  const shown = name.length > 64 ? `${name.slice(0, 64)}…` : name;
  if (queryParameters.includes(name)) {
    return refused(
      formatPath(["body", shown]),
      `is a query parameter, not a form field: send it in the query string (?${shown}=…), and only ${what} in the form, in the field \`file\``,
    );
  }
  if (name === "file") {
    // A second file part named `file` never gets here: the multipart limits answer 413 for it.
    return refused(
      "file",
      `is a text field, not a file: send ${what} as a file part, with a filename (curl -F file=@<path>)`,
    );
  }
  // Quoted unless a bare word, with what a reader cannot see escaped: `body["a.b"]`, `body["x\u202e"]`.
  return refused(
    formatPath(["body", shown]),
    part.type === "file"
      ? `is not a known field: send ${what} in the field \`file\``
      : `is not a known field: send only ${what}, in the field \`file\``,
  );
}

function unreadablePart(what: string): AppError {
  return refused(
    "body",
    `has a part without a \`Content-Disposition: form-data; name="…"\` header (or with a line break in its name): send only ${what}, in the field \`file\``,
  );
}

function refused(path: string, message: string): AppError {
  return new AppError("invalid_request", { message: `${path}: ${message}`, details: [{ path, message }] });
}

interface PartCount {
  /** Parts begun so far: delimiters seen before the closing one. */
  started: () => number;
  stop: () => void;
}

/**
 * Counts the parts of the multipart body as it flows to the reader. The reader (busboy) drops a part
 * without a `Content-Disposition: form-data` header, or with a line break in its name, without a
 * word; comparing this count with the parts it handed over is the only way to notice one.
 * A part starts at each `CRLF--boundary` (the first may open the body) not followed by `--`.
 */
function countParts(request: FastifyRequest): PartCount {
  const boundary = multipartBoundary(request.headers["content-type"]);
  let parts = 0;
  if (boundary === undefined) return { started: () => parts, stop: () => {} };
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // What is kept of the last chunk: enough for a delimiter cut in two and the two bytes after it.
  let carry: Buffer = Buffer.from("\r\n");
  let closed = false;
  const onData = (chunk: Buffer) => {
    if (closed) return;
    const data = Buffer.concat([carry, chunk]);
    let from = 0;
    for (;;) {
      const at = data.indexOf(delimiter, from);
      if (at === -1) break;
      const end = at + delimiter.length;
      if (end + 2 > data.length) {
        carry = data.subarray(at);
        return;
      }
      if (data[end] === 0x2d && data[end + 1] === 0x2d) {
        closed = true;
        return;
      }
      parts += 1;
      from = end;
    }
    carry = data.subarray(Math.max(from, data.length - delimiter.length - 1));
  };
  request.raw.on("data", onData);
  return {
    started: () => parts,
    stop: () => {
      closed = true;
      request.raw.off("data", onData);
    },
  };
}

/** The `boundary` parameter of a multipart Content-Type, as the reader takes it (quoted or not). */
function multipartBoundary(contentType: string | undefined): string | undefined {
  const match = /;\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(contentType ?? "");
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2];
}
