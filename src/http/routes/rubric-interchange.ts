import multipart from "@fastify/multipart";
import { soleMultipartFile } from "../multipart-file.js";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { validatorCompiler } from "../validator-compiler.js";
import { z } from "zod";
import { AppError, type Problem } from "../../grading/errors.js";
import type { GradingService } from "../../grading/grading-service.js";
import {
  interchangeFormats,
  RubricInterchangeError,
  type InterchangeWarning,
  type RubricInterchange,
} from "../../grading/rubric-interchange.js";
import { validateRubricDocument } from "../../grading/rubric-loading.js";
import { rubricDocumentSchema, rubricMaxPoints } from "../../grading/rubric.js";
import { importedRubricSchema } from "../response-schemas.js";
import { commonErrorResponses, errorBodySchema, withResponseHeaders } from "../schemas.js";
import { refuseUnpairedSurrogates } from "../../grading/text-encoding.js";

/**
 * Import and export of rubrics in the formats of teachers' LMSs (Canvas's rubric CSV, Moodle's rubric
 * and marking guide). The converters come from the runtime (src/interchange); these handlers only read
 * the file, run the result through the same validation and storage as POST /v1/rubrics, and report
 * every field that had no equivalent as a warning. Formats and mappings: docs/rubric-format.md.
 */

const maxUploadBytes = 1024 * 1024;
const csvMediaTypes = ["text/csv", "application/csv"];
const xmlMediaTypes = ["application/xml", "text/xml"];
/** Response headers stay well under what proxies accept (8 KiB is a common limit for all of them). */
const maxWarningsHeaderChars = 6_000;

const importBodyContent = {
  ...Object.fromEntries(
    csvMediaTypes.map((type) => [
      type,
      { schema: z.string().describe("A Canvas rubric CSV (format=canvas-csv).") },
    ]),
  ),
  ...Object.fromEntries(
    xmlMediaTypes.map((type) => [
      type,
      { schema: z.string().describe("A Moodle grading.xml (format=moodle-rubric or moodle-guide).") },
    ]),
  ),
  "multipart/form-data": {
    schema: z.strictObject({ file: z.file().describe("The CSV or XML file, at most 1 MiB.") }),
  },
};

/** The rubric fields LMS files lack are checked as query parameters, by the rubric format's own rules. */
const importQuerySchema = z.object({
  format: z.enum(interchangeFormats).describe("The file's format."),
  id: rubricDocumentSchema.shape.id.describe(
    "The rubric id to store it under (LMS files have none); the same id again makes a new version.",
  ),
  question: rubricDocumentSchema.shape.question.describe(
    "The question the students answered (LMS files have none).",
  ),
  title: rubricDocumentSchema.shape.title.optional().describe("Default: the rubric's name in the file."),
  language: rubricDocumentSchema.shape.language
    .optional()
    .describe("BCP 47 tag of the language feedback is written in; default en."),
  rubricName: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("Which rubric to take when the file holds several (by its name in the file)."),
});

const exportHeaders = {
  "Content-Disposition": { type: "string", description: 'attachment; filename="<id>.<format extension>"' },
  "X-Rubric-Export-Warning-Count": {
    type: "integer",
    minimum: 0,
    description: "How many parts of the rubric the format could not carry or carried converted.",
  },
  "X-Rubric-Export-Warnings": {
    type: "string",
    description:
      "The warnings as a JSON array of {path, message}, in ASCII (other characters as \\u escapes); only as many as fit in 6,000 characters: compare its length with the count.",
  },
} as const;

export async function rubricInterchangeRoutes(
  app: FastifyInstance,
  options: { service: GradingService; interchange: RubricInterchange },
): Promise<void> {
  const { service, interchange } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  // The file's bytes go to the converter as they came: it knows byte order marks and UTF-16.
  app.addContentTypeParser(
    [...csvMediaTypes, ...xmlMediaTypes],
    { parseAs: "buffer" },
    (_request, body, done) => {
      done(null, body);
    },
  );
  await app.register(multipart, {
    limits: { fileSize: maxUploadBytes, files: 1, fields: 5, parts: 10, fieldSize: 1024 },
    throwFileSizeLimit: true,
  });

  routes.post(
    "/rubrics/import",
    {
      // The converter reads UTF-16 ("Unicode text"): a body labelled so is read so, not refused with 415.
      config: { roles: ["admin", "teacher"], charsets: utf16Charsets },
      schema: {
        summary: "Import a rubric from Canvas (CSV) or Moodle (rubric or marking guide XML)",
        description:
          "Send the file as the raw body (`text/csv`, `application/xml`) or as `multipart/form-data` in the field `file`. " +
          "The LMS file has no rubric id or question: give them as `id` and `question`. The rubric is checked and stored as by POST /v1/rubrics " +
          "(201 new id or version, 200 unchanged); `warnings` lists everything in the file that has no equivalent here. Mappings: docs/rubric-format.md.",
        tags: ["rubrics"],
        querystring: importQuerySchema,
        body: { content: importBodyContent },
        response: { 200: importedRubricSchema, 201: importedRubricSchema, ...commonErrorResponses },
      },
      // The body schemas document the forms and the converter reads the file itself; the query
      // parameters are checked by the zod compiler, as on every route.
      validatorCompiler: (route) =>
        route.httpPart === "body"
          ? (data: unknown) => ({ value: data })
          : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]),
    },
    async (request, reply) => {
      const { format, ...importOptions } = request.query;
      const file = await readFile(request);
      const imported = convert(() => interchange.importRubric(format, file, importOptions));
      const validation = validateRubricDocument(imported.document, imported.locate);
      if (!validation.ok) throw invalidRubric(validation.problems, validation.unlisted);
      // As for uploads: text that could not be stored as written is refused (the XML reader already
      // refuses character references such as &#xD800;; this holds for any converter).
      refuseUnpairedSurrogates(validation.rubric, "", "invalid_rubric");
      const { change } = await service.saveRubric(request.scope, validation.rubric);
      const stored = await service.getRubric(request.scope, validation.rubric.id, validation.rubric.version);
      request.log.info(
        {
          rubricId: stored.rubric.id,
          version: stored.rubric.version,
          change,
          format,
          warnings: imported.warnings.length,
        },
        "rubric imported",
      );
      return reply.status(change === "unchanged" ? 200 : 201).send({
        ...stored.rubric,
        maxPoints: rubricMaxPoints(stored.rubric),
        versionCreatedAt: stored.createdAt,
        warnings: listedWarnings(imported.warnings),
      });
    },
  );

  routes.get(
    "/rubrics/:id/export",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Export a rubric for Canvas (CSV) or Moodle (rubric or marking guide XML)",
        description:
          "The file, with `Content-Disposition: attachment`. What the format cannot carry (the question, grading notes, exemplars, …) is " +
          "reported in `X-Rubric-Export-Warning-Count` and `X-Rubric-Export-Warnings`. `version` picks an older version. " +
          "In a Canvas CSV, a text a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first, also behind spaces, invisible characters or in fullwidth form; a tab or line break first) gets a leading apostrophe, with a warning; import removes it.",
        tags: ["rubrics"],
        params: z.object({ id: z.string().min(1).max(64) }),
        querystring: z.object({
          format: z.enum(interchangeFormats).describe("The format to write."),
          version: z.string().min(1).max(64).optional().describe("Default: the current version."),
        }),
        response: {
          200: {
            description:
              "The file, with the headers Content-Disposition, X-Rubric-Export-Warning-Count and X-Rubric-Export-Warnings (docs/api.md).",
            content: {
              "text/csv": {
                schema: withResponseHeaders(z.string().describe("format=canvas-csv"), exportHeaders),
              },
              "application/xml": {
                schema: withResponseHeaders(
                  z.string().describe("format=moodle-rubric or moodle-guide"),
                  exportHeaders,
                ),
              },
            },
          },
          404: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const stored = await service.getRubric(request.scope, request.params.id, request.query.version);
      const exported = convert(() => interchange.exportRubric(request.query.format, stored.rubric));
      return reply
        .header("content-type", exported.mediaType)
        .header("content-disposition", `attachment; filename="${exported.filename}"`)
        .header("x-rubric-export-warning-count", String(exported.warnings.length))
        .header("x-rubric-export-warnings", warningsHeader(exported.warnings))
        .send(exported.body);
    },
  );
}

/**
 * Warnings an import answers with: a file's first `maxListedWarnings`, then one saying how many more there
 * were. A warning for each of 49,000 unknown elements (or 95,000 option settings) made a 4.5 MB (15 MB)
 * answer to a file of a third of a megabyte (one), and took a second of the event loop to write.
 */
const maxListedWarnings = 100;

function listedWarnings(warnings: InterchangeWarning[]): InterchangeWarning[] {
  if (warnings.length <= maxListedWarnings) return warnings;
  return [
    ...warnings.slice(0, maxListedWarnings),
    {
      path: "file",
      message: `has ${warnings.length - maxListedWarnings} more warnings, not listed (${warnings.length} in all; the first ${maxListedWarnings} are)`,
    },
  ];
}

async function readFile(request: FastifyRequest): Promise<Buffer> {
  if (request.isMultipart()) {
    try {
      const { file, nothingAfter } = await soleMultipartFile(
        request,
        "the LMS file",
        Object.keys(importQuerySchema.shape),
      );
      const bytes = await file.toBuffer();
      await nothingAfter();
      return bytes;
    } catch (error) {
      throw malformedMultipart(error);
    }
  }
  if (!Buffer.isBuffer(request.body) || request.body.byteLength === 0) {
    throw new AppError("invalid_request", {
      message: "body: is required (send the file as text/csv, application/xml or a multipart file)",
      details: [{ path: "body", message: "is required" }],
    });
  }
  return withByteOrderMark(request.body, request.headers["content-type"]);
}

const utf16Charsets = ["utf-16", "utf-16le", "utf-16be"] as const;

/**
 * A raw body labelled UTF-16 without a byte order mark gets the one its label names (`utf-16` alone is
 * big-endian, RFC 2781), since the converter tells UTF-16 from UTF-8 by it; with a mark, it is read by the
 * mark. A client that labelled a UTF-16 file correctly was refused with 415 "send UTF-8 text", although
 * the same file without the label is imported.
 */
function withByteOrderMark(body: Buffer, contentType: string | undefined): Buffer {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? "")?.[1]?.toLowerCase();
  if (charset === undefined || !(utf16Charsets as readonly string[]).includes(charset)) return body;
  const marked = (body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff);
  if (marked) return body;
  return Buffer.concat([Buffer.from(charset === "utf-16le" ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}

/** Converter errors as the catalog's: an option to give (invalid_request) or a file to fix (invalid_rubric). */
function convert<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!RubricInterchangeError.isInstance(error)) throw error;
    if (error.kind === "missing-option" || error.kind === "invalid-option") {
      const problems = error.problems.map((problem) => ({ ...problem, path: `querystring.${problem.path}` }));
      return failWith("invalid_request", problems);
    }
    if (error.kind === "cannot-export") return failWith("invalid_request", error.problems);
    throw invalidRubric(error.problems);
  }
}

function failWith(code: "invalid_request", problems: Problem[]): never {
  throw new AppError(code, { message: describe(problems), details: problems });
}

function invalidRubric(problems: Problem[], unlisted = 0): AppError {
  const count = problems.length + unlisted;
  return new AppError("invalid_rubric", {
    message: `The rubric has ${count} problem${count === 1 ? "" : "s"}${unlisted ? ` (the first ${problems.length} are listed)` : ""}: ${describe(problems)}`,
    details: problems,
  });
}

function describe(problems: Problem[]): string {
  return problems
    .slice(0, 5)
    .map(
      (problem) =>
        `${problem.path || "(document)"}${problem.line ? ` (line ${problem.line})` : ""}: ${problem.message}`,
    )
    .join("; ");
}

/** The warnings as ASCII JSON (a header carries no other characters safely), as many as fit. */
export function warningsHeader(warnings: InterchangeWarning[]): string {
  const ascii = (value: unknown) =>
    JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  const kept: InterchangeWarning[] = [];
  for (const warning of warnings) {
    if (ascii([...kept, warning]).length > maxWarningsHeaderChars) break;
    kept.push(warning);
  }
  return ascii(kept);
}

/** As for rubric uploads: busboy's errors for a malformed body are the client's, limits keep their status. */
function malformedMultipart(error: unknown): unknown {
  if (AppError.isInstance(error)) return error;
  if (error instanceof Error && typeof (error as { statusCode?: unknown }).statusCode === "number")
    return error;
  const message = `is not valid multipart/form-data (${error instanceof Error ? error.message : "unreadable"})`;
  return new AppError("invalid_request", {
    message: `body: ${message}`,
    details: [{ path: "body", message }],
    cause: error,
  });
}
