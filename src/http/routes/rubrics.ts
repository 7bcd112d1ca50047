import multipart from "@fastify/multipart";
import { soleMultipartFile } from "../multipart-file.js";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../grading/errors.js";
import type { GradingService } from "../../grading/grading-service.js";
import { parseRubricText, type RubricValidation } from "../../grading/rubric-loading.js";
import { rubricDocumentSchema } from "../../grading/rubric.js";
import type { StoredRubric } from "../../grading/ports.js";
import { jsonSyntaxError } from "../../grading/json-input.js";
import { decodeUtf8Strictly, refuseUnpairedSurrogates } from "../../grading/text-encoding.js";
import { rubricListSchema, rubricVersionsSchema, rubricViewSchema } from "../response-schemas.js";
import { commonErrorResponses, errorBodySchema } from "../schemas.js";

const yamlMediaTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];
const maxUploadBytes = 1024 * 1024;

const rubricYamlSchema = z
  .string()
  .describe("The rubric as YAML 1.2 text; problems are reported with their line (docs/rubric-format.md).");

/** The forms a rubric upload takes, for the OpenAPI document and the request rules' 415. */
const rubricBodyContent = {
  "application/json": { schema: rubricDocumentSchema },
  ...Object.fromEntries(yamlMediaTypes.map((mediaType) => [mediaType, { schema: rubricYamlSchema }])),
  "multipart/form-data": {
    schema: z.strictObject({
      file: z.file().describe("The rubric file, YAML or JSON, UTF-8, at most 1 MiB."),
    }),
  },
};

const rubricIdParams = z.object({ id: z.string().min(1).max(64) });

function toView(stored: StoredRubric) {
  const { rubric } = stored;
  return {
    ...rubric,
    maxPoints: rubric.criteria.reduce((sum, criterion) => sum + criterion.maxPoints, 0),
    versionCreatedAt: stored.createdAt,
  };
}

/**
 * Rubric upload and reading. Uploads come as JSON, raw YAML or a multipart file; all three are read
 * from text by the same YAML 1.2 parser (JSON is a subset of YAML), so every format gets the same
 * limits and error lines. New id → 201; new content → 201 with a new version; same content → 200.
 */
export async function rubricRoutes(
  app: FastifyInstance,
  options: { service: GradingService },
): Promise<void> {
  const { service } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  // Replace the JSON parser in this scope only: keeping the text gives JSON uploads line numbers too.
  // Text that is not JSON at all is a bad request, not a bad rubric (the YAML parser would say odd
  // things about it), and gets the same message as any other JSON body.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) => {
    let text: string;
    try {
      // A byte order mark from a Windows editor is not an error in a file, as in multipart uploads.
      text = decodeUtf8Strictly(body as Buffer, "body");
    } catch (error) {
      done(error as Error, undefined);
      return;
    }
    const syntaxError = text.trim() === "" || isJson(text) ? undefined : jsonSyntaxError(text);
    if (syntaxError) done(syntaxError, undefined);
    else done(null, text);
  });
  app.addContentTypeParser(yamlMediaTypes, { parseAs: "buffer" }, (_request, body, done) => {
    try {
      done(null, decodeUtf8Strictly(body as Buffer, "body"));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  await app.register(multipart, {
    limits: { fileSize: maxUploadBytes, files: 1, fields: 5, parts: 10, fieldSize: 1024 },
    throwFileSizeLimit: true,
  });

  routes.post(
    "/rubrics",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Upload a rubric (JSON, YAML or a multipart file)",
        description:
          "Send the rubric as `application/json`, as raw YAML (`application/yaml`), or as `multipart/form-data` with the file in the field `file`. " +
          "A new id answers 201; changed content for an existing id answers 201 with a new `version`; content equal to the current version answers 200. " +
          "Invalid rubrics answer 400 `invalid_rubric` with every problem, its path and (for files) its line. Format: docs/rubric-format.md.",
        tags: ["rubrics"],
        // The media types a rubric comes in: the request rules answer 415 for any other.
        body: { content: rubricBodyContent },
        response: { 200: rubricViewSchema, 201: rubricViewSchema, ...commonErrorResponses },
      },
      // The body schemas above document the forms; validation happens on the text, with line numbers.
      validatorCompiler: () => (data: unknown) => ({ value: data }),
    },
    async (request, reply) => {
      const text = await readRubricText(request);
      const validation: RubricValidation = parseRubricText(text);
      // A "\ud800" escape in JSON or YAML decodes to a string that could not be stored as written.
      if (validation.ok) refuseUnpairedSurrogates(validation.rubric, "", "invalid_rubric");
      if (!validation.ok) {
        const count = validation.problems.length + (validation.unlisted ?? 0);
        throw new AppError("invalid_rubric", {
          message: `The rubric has ${count} problem${count === 1 ? "" : "s"}${validation.unlisted ? ` (the first ${validation.problems.length} are listed)` : ""}: ${validation.problems
            .slice(0, 5)
            .map(
              (problem) =>
                `${problem.path || "(document)"}${problem.line ? ` (line ${problem.line})` : ""}: ${problem.message}`,
            )
            .join("; ")}`,
          details: validation.problems,
        });
      }
      const { change } = await service.saveRubric(request.scope, validation.rubric);
      const stored = await service.getRubric(request.scope, validation.rubric.id, validation.rubric.version);
      request.log.info(
        { rubricId: validation.rubric.id, version: validation.rubric.version, change },
        "rubric saved",
      );
      return reply.status(change === "unchanged" ? 200 : 201).send(toView(stored));
    },
  );

  routes.get(
    "/rubrics",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "List rubrics (current versions)",
        tags: ["rubrics"],
        response: { 200: rubricListSchema, ...commonErrorResponses },
      },
    },
    async (request) => ({ rubrics: await service.listRubrics(request.scope) }),
  );

  routes.get(
    "/rubrics/:id",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Read a rubric: its current version, or `?version=` for an older one",
        tags: ["rubrics"],
        params: z.object({ id: z.string().min(1).max(64) }),
        querystring: z.object({ version: z.string().min(1).max(64).optional() }),
        response: { 200: rubricViewSchema, 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request) =>
      toView(await service.getRubric(request.scope, request.params.id, request.query.version)),
  );

  routes.get(
    "/rubrics/:id/versions",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "List a rubric's versions, oldest first",
        tags: ["rubrics"],
        params: rubricIdParams,
        response: {
          200: rubricVersionsSchema,
          404: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request) => ({ versions: await service.listRubricVersions(request.scope, request.params.id) }),
  );

  for (const step of ["archive", "unarchive"] as const) {
    routes.post(
      `/rubrics/:id/${step}`,
      {
        config: { roles: ["admin", "teacher"] },
        schema: {
          summary:
            step === "archive"
              ? "Archive a rubric: it takes no new grades (409 rubric_archived); its grades stay readable"
              : "Unarchive a rubric: it takes new grades again",
          tags: ["rubrics"],
          params: rubricIdParams,
          response: { 204: z.null().describe("Done."), 404: errorBodySchema, ...commonErrorResponses },
        },
      },
      async (request, reply) => {
        await service.setRubricArchived(request.scope, request.params.id, step === "archive");
        request.log.info({ rubricId: request.params.id, step }, "rubric archive state changed");
        return reply.status(204).send(null);
      },
    );
  }

  routes.delete(
    "/rubrics/:id",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Delete a rubric that no grade uses (409 rubric_in_use otherwise: archive it instead)",
        tags: ["rubrics"],
        params: rubricIdParams,
        response: {
          204: z.null().describe("Deleted with every version."),
          404: errorBodySchema,
          409: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      await service.deleteRubric(request.scope, request.params.id);
      request.log.info({ rubricId: request.params.id }, "rubric deleted");
      return reply.status(204).send(null);
    },
  );
}

async function readRubricText(request: FastifyRequest): Promise<string> {
  if (request.isMultipart()) {
    try {
      const { file, nothingAfter } = await soleMultipartFile(request, "the rubric");
      const bytes = await file.toBuffer();
      await nothingAfter();
      return decodeUtf8(bytes);
    } catch (error) {
      throw malformedMultipart(error);
    }
  }
  if (typeof request.body !== "string" || request.body.trim() === "") {
    throw new AppError("invalid_request", {
      message: "body: is required (send the rubric as JSON, YAML or a multipart file)",
      details: [{ path: "body", message: "is required" }],
    });
  }
  return request.body;
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new AppError("invalid_rubric", {
      message: "file: is not UTF-8 text",
      details: [{ path: "file", message: "is not UTF-8 text" }],
    });
  }
}

/**
 * The multipart parser (busboy) throws plain errors for a malformed body (no boundary, data cut
 * off): those are the client's, not internal ones. Errors with a status (limits) and our own pass.
 */
function malformedMultipart(error: unknown): unknown {
  if (AppError.isInstance(error)) return error;
  if (error instanceof Error && typeof (error as { statusCode?: unknown }).statusCode === "number")
    return error;
  const reason = error instanceof Error ? error.message : "unreadable";
  const message = `is not valid multipart/form-data (${reason})`;
  return new AppError("invalid_request", {
    message: `body: ${message}`,
    details: [{ path: "body", message }],
    cause: error,
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
