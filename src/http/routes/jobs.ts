import { createHash } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import multipart from "@fastify/multipart";
import { soleMultipartFile } from "../multipart-file.js";
import { CsvError, parse } from "csv-parse";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { dropStalledReader } from "../stalled-reader.js";
import { validatorCompiler } from "../validator-compiler.js";
import { z } from "zod";
import { columnName, hasVisibleCharacter, quoteShown } from "../../lib/code-points.js";
import type { Scope } from "../../grading/access.js";
import { AppError } from "../../grading/errors.js";
import { gradeSchema } from "../../grading/grade.js";
import type { JobService, JobUpload } from "../../grading/job-service.js";
import type { GradingService } from "../../grading/grading-service.js";
import { jobItemStates, type Job, type JobItem } from "../../grading/jobs.js";
import { systemClock } from "../../lib/clock.js";
import { canonicalJson, sha256Hex } from "../../lib/hashing.js";
import { csvRowEndings } from "../../lib/csv-row-endings.js";
import { cursorPositions, decodeCursor, encodeCursor } from "../cursors.js";
import { wantsCsv } from "../grade-csv.js";
import { jobResultsAsCsv } from "../job-csv.js";
import { jobListSchema, jobSchema } from "../response-schemas.js";
import { InvalidUtf8Error, StrictUtf8StreamDecoder } from "../../grading/text-encoding.js";
import {
  sentClientIdSchema,
  rubricIdFieldSchema,
  commonErrorResponses,
  errorBodySchema,
  pageCursorSchema,
  pageLimitSchema,
  responseHeaders,
  wholeNumberParameter,
  withResponseHeaders,
} from "../schemas.js";

/**
 * Batch jobs: many answers for one rubric in one request (JSON, or a CSV file), graded on the durable
 * queue. Items are written before the 202; progress is read, streamed (SSE) and exported.
 */

const jobIdParams = z.object({ id: z.string().min(1).max(64) });

/** The job list's cursors: it has no filters, but its cursors must not page another list. */
const jobList = { list: "jobs" } as const;

const itemSchema = z.object({
  seq: z.number().int().describe("Position in the upload, from 1 (a CSV's data row number minus one)."),
  state: z
    .enum(jobItemStates)
    .exclude(["receiving"])
    .describe(
      "`graded` and `needs_review` are the item's grade's status as it is now (a teacher's review moves the item); the others are the queue's.",
    ),
  studentId: z.string().nullable(),
  submissionId: z.string().nullable(),
  attempts: z
    .number()
    .int()
    .describe(
      "Attempts that failed so far (a passing provider fault, or a worker that stopped while grading it): 0 for an item graded at its first try; a retry starts it again from 0.",
    ),
  gradeId: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

const answerItemSchema = z.strictObject({
  answer: z.string().describe("The student's answer, as written."),
  studentId: sentClientIdSchema.nullable().optional(),
  submissionId: sentClientIdSchema.nullable().optional(),
});

const jsonJobSchema = z.strictObject({
  rubricId: rubricIdFieldSchema,
  rubricVersion: z.string().min(1).max(64).optional().describe("Default: the rubric's current version."),
  answers: z.array(answerItemSchema).min(1),
});

/** A CSV upload's parameters: in the query, as the form holds only the file (a field there is refused). */
const csvQuerySchema = z.strictObject({
  rubricId: rubricIdFieldSchema.optional().describe("For a CSV upload: the rubric."),
  rubricVersion: z.string().min(1).max(64).optional().describe("For a CSV upload: a pinned version."),
});

const csvColumns = ["answer", "student_id", "submission_id"] as const;

const createBodyContent = {
  "application/json": { schema: jsonJobSchema },
  "multipart/form-data": {
    schema: z.strictObject({
      file: z
        .file()
        .describe(
          "A CSV file with a header row: `answer` (required), `student_id`, `submission_id`. UTF-8, with or without BOM; quoted fields may span lines.",
        ),
    }),
  },
};

function jobView(job: Job): z.output<typeof jobSchema> {
  return {
    id: job.id,
    status: job.status,
    total: job.counts.total,
    rubricId: job.rubricId,
    rubricVersion: job.rubricVersion,
    counts: job.counts,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    finishedAt: job.finishedAt,
    release: job.release,
  };
}

function itemView(item: JobItem) {
  return {
    seq: item.seq,
    state: item.state,
    studentId: item.studentId,
    submissionId: item.submissionId,
    attempts: item.attempts,
    gradeId: item.gradeId,
    error: item.error,
  };
}

/** How often an event stream looks for items that ended, and how often it sends a keep-alive comment. */
const eventPollMs = 500;
const keepAliveMs = 15_000;
/** How often an open event stream checks that its key was not revoked since the stream opened. */
const keyCheckMs = 2_000;
/** How long an event stream waits for a client that reads nothing before it drops the connection. */
const stalledStreamMs = 60_000;
/**
 * Largest JSON job body. Unlike a CSV file, which is read and stored as it arrives, a JSON body is parsed
 * and checked whole on the event loop: about 150 ms per MiB (GRADER_MAX_UPLOAD_MB's 100 MiB held every
 * other request, stream and health check for 15 s). Larger jobs come as CSV.
 */
export const maxJsonJobBytes = 10 * 1024 * 1024;

/** The JSON body of a job, refused with 413 once it is longer than `limit` bytes; any other body as it is. */
function limitJsonJobBody(request: FastifyRequest, payload: Readable, limit: number): Readable {
  if (request.headers["content-type"]?.split(";", 1)[0]?.trim().toLowerCase() !== "application/json")
    return payload;
  const tooLarge = () => {
    const message = `is larger than ${limit / (1024 * 1024)} MiB, the limit of a JSON job: send more answers as a CSV file`;
    return new AppError("payload_too_large", {
      message: `body: ${message}.`,
      details: [{ path: "body", message }],
    });
  };
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  let received = 0;
  return payload.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > limit) callback(tooLarge());
        else callback(null, chunk);
      },
    }),
  );
}

/**
 * Event streams one API key may have open at once in this process: each polls the database twice a second,
 * so a client opening streams in a loop would otherwise load the database without limit.
 */
export const maxStreamsPerKey = 20;
/** Items read per page of results and per batch of events. */
const eventBatch = 500;

export async function jobRoutes(
  app: FastifyInstance,
  options: {
    jobs: JobService;
    service: GradingService;
    maxUploadBytes: number;
    maxAnswerChars: number;
    /**
     * Event streams this process keeps open at once, over every key (GRADER_MAX_EVENT_STREAMS): the
     * per-key limit alone let a school with many keys (or many schools) poll the database without bound.
     */
    maxEventStreams: number;
  },
): Promise<void> {
  const { jobs, service, maxUploadBytes, maxAnswerChars, maxEventStreams } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  await app.register(multipart, {
    limits: { fileSize: maxUploadBytes, files: 1, fields: 2, parts: 3, fieldSize: 256 },
    throwFileSizeLimit: true,
  });

  // Open event streams end when the server closes, so that shutdown does not wait for clients; one
  // whose request was still being read (its job looked up) when the close began ends as it starts.
  const streams: EventStreams = { ends: new Set(), closing: false };
  app.addHook("preClose", (done) => {
    streams.closing = true;
    for (const end of streams.ends) end();
    done();
  });
  // Open streams per key (bootstrap keys and keyless use count together); an entry leaves with its last stream.
  const openStreams = new Map<string, number>();
  let openStreamsInProcess = 0;

  routes.post(
    "/jobs",
    {
      config: { roles: ["admin", "teacher", "service"] },
      bodyLimit: maxUploadBytes,
      preParsing: (request, _reply, payload, done) => {
        try {
          done(null, limitJsonJobBody(request, payload, Math.min(maxUploadBytes, maxJsonJobBytes)));
        } catch (error) {
          done(error as Error);
        }
      },
      // A multipart body is read as a stream by the handler (its schema documents the form); JSON and
      // the query are checked by the zod compiler, as on every route.
      validatorCompiler: (route) =>
        route.httpPart === "body" && (route as { contentType?: string }).contentType === "multipart/form-data"
          ? (data: unknown) => ({ value: data })
          : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]),
      schema: {
        summary: "Grade many answers: a batch job (JSON, or a CSV file)",
        description:
          "JSON: `{rubricId, rubricVersion?, answers: [{answer, studentId?, submissionId?}]}`. CSV: `multipart/form-data` with the file in the field `file`, and `rubricId` (and `rubricVersion`) in the query, not in the form (any other part answers 400, naming it). " +
          "Every answer is checked first: one bad answer or row rejects the whole upload with 400, naming it (`answers[3]`, `row 5`: the header is row 1). " +
          "The items are stored before the 202, then graded on the queue (within GRADER_MAX_IN_FLIGHT and GRADER_REQUESTS_PER_MINUTE), each as an ordinary grade.",
        tags: ["jobs"],
        headers: z.looseObject({
          "idempotency-key": z
            .string()
            .min(1)
            .max(255)
            .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
            .optional()
            .describe(
              "Retry an upload safely: the same key and the same body (or file) answer the job the first request made, with `idempotent-replayed: true`; another body answers 422.",
            ),
        }),
        querystring: csvQuerySchema,
        body: { content: createBodyContent },
        response: {
          202: jobSchema,
          404: errorBodySchema,
          409: errorBodySchema,
          413: errorBodySchema,
          415: errorBodySchema,
          422: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const key = request.headers["idempotency-key"];
      const { job, replayed } = request.isMultipart()
        ? await receiveCsv(request, jobs, request.query, key, maxAnswerChars)
        : await receiveJson(request, jobs, key);
      if (replayed) reply.header("idempotent-replayed", "true");
      return reply.status(202).header("location", `/v1/jobs/${job.id}`).send(jobView(job));
    },
  );

  routes.get(
    "/jobs",
    {
      config: { roles: ["admin", "teacher", "service"] },
      schema: {
        summary: "Jobs, newest first",
        tags: ["jobs"],
        querystring: z.strictObject({
          limit: pageLimitSchema(100, 20),
          cursor: pageCursorSchema,
        }),
        response: {
          200: jobListSchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const page = await jobs.listJobs(request.scope, {
        limit: limit + 1,
        ...(cursor ? { before: decodeCursor("before", cursor, cursorPositions.job, jobList) } : {}),
      });
      const shown = page.slice(0, limit);
      const last = shown.at(-1);
      return {
        jobs: shown.map(jobView),
        next: page.length > limit && last ? encodeCursor("before", last.id, jobList) : null,
      };
    },
  );

  routes.get(
    "/jobs/:id",
    {
      config: { roles: ["admin", "teacher", "service"] },
      schema: {
        summary: "A job's status and counts",
        description:
          "`counts.graded` and `counts.needsReview` count the items by their grades' status as it is now: approving a grade, changing its points, a group decision or resolving its last open appeal moves its item to `graded`; reopening or an appeal moves it back to `needs_review`. The job's `status` does not change with them.",
        tags: ["jobs"],
        params: jobIdParams,
        response: { 200: jobSchema, 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request) => jobView(await jobs.getJob(request.scope, request.params.id)),
  );

  routes.delete(
    "/jobs/:id",
    {
      config: { roles: ["admin", "teacher", "service"] },
      schema: {
        summary: "Cancel a job: items not started are cancelled; running ones finish",
        tags: ["jobs"],
        params: jobIdParams,
        response: { 200: jobSchema, 404: errorBodySchema, 409: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request) => jobView(await jobs.cancel(request.scope, request.params.id)),
  );

  routes.post(
    "/jobs/:id/retry",
    {
      config: { roles: ["admin", "teacher", "service"] },
      schema: {
        summary: "Retry a job's failed items (all, or those listed by position)",
        tags: ["jobs"],
        params: jobIdParams,
        body: z
          .strictObject({
            items: z
              .array(z.number().int().min(1))
              .min(1)
              .max(10_000)
              .optional()
              .describe("Positions (`seq`) of failed items; default: every failed item."),
          })
          .nullish(),
        response: {
          200: z.object({
            retried: z
              .number()
              .int()
              .describe("Failed items queued again (blank answers too: graded 0 by rule)."),
            purged: z
              .number()
              .int()
              .describe(
                "Failed items asked for but left out: retention purged their answers (GRADER_RETENTION_DAYS). When none could be retried for this reason the answer is 409 `answers_purged`.",
              ),
            job: jobSchema,
          }),
          404: errorBodySchema,
          409: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request) => {
      const { retried, purged, job } = await jobs.retryFailed(
        request.scope,
        request.params.id,
        request.body?.items,
      );
      return { retried, purged, job: jobView(job) };
    },
  );

  routes.post(
    "/jobs/:id/release",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Release a job held for calibration: grade it without a passing calibration",
        description:
          "Recorded on the job (`release`: the key and the time). A job that is not `awaiting_calibration` answers 409 `job_not_held`.",
        tags: ["jobs"],
        params: jobIdParams,
        body: z.strictObject({}).nullish(),
        response: { 200: jobSchema, 404: errorBodySchema, 409: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request) => {
      const job = await jobs.release(request.scope, request.params.id);
      request.log.info(
        { jobId: job.id, rubricVersion: job.rubricVersion },
        "job released without calibration",
      );
      return jobView(job);
    },
  );

  routes.get(
    "/jobs/:id/results",
    {
      config: { roles: ["admin", "teacher", "service"] },
      schema: {
        summary: "A job's items in upload order, each with its grade as it is now (JSON pages or CSV)",
        description:
          "With `Accept: text/csv`, every item streamed as one CSV: one row per answer, one column per criterion, total, status, flags (no paging).",
        tags: ["jobs"],
        params: jobIdParams,
        querystring: z.strictObject({
          limit: pageLimitSchema(1_000, 100),
          cursor: pageCursorSchema,
        }),
        response: {
          200: {
            description: "A page of items; with `Accept: text/csv`, every item as one CSV.",
            content: {
              "application/json": {
                schema: z.object({
                  items: z.array(itemSchema.extend({ grade: gradeSchema.nullable() })),
                  next: z.string().nullable(),
                }),
              },
              "text/csv": {
                schema: z
                  .string()
                  .describe("One row per answer, one column per criterion, total, status, flags."),
              },
            },
          },
          404: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const { scope } = request;
      const job = await jobs.getJob(scope, request.params.id);
      if (wantsCsv(request.headers.accept)) {
        const stored = await service.getRubric(scope, job.rubricId, job.rubricVersion);
        const criterionIds = stored.rubric.criteria.map((criterion) => criterion.id);
        reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="${job.id}.csv"`);
        dropStalledReader(reply);
        // A stream is piped as it is: the JSON serializer of this route never sees it.
        return reply.send(jobResultsAsCsv(jobs, scope, job.id, criterionIds) as never);
      }
      const { limit, cursor } = request.query;
      // Bound to the job: another job's cursor was read as a position in this one's items.
      const origin = { list: "job-results", filters: { jobId: job.id } };
      const after = cursor ? Number(decodeCursor("after", cursor, cursorPositions.itemNumber, origin)) : 0;
      const rows = await jobs.results(scope, job.id, after, limit + 1);
      const shown = rows.slice(0, limit);
      const last = shown.at(-1);
      return {
        items: shown.map((row) => ({ ...itemView(row), grade: row.grade })),
        next: rows.length > limit && last ? encodeCursor("after", String(last.seq), origin) : null,
      };
    },
  );

  routes.get(
    "/jobs/:id/events",
    {
      config: { roles: ["admin", "teacher", "service"] },
      schema: {
        summary: "A job's progress as Server-Sent Events, resumable with Last-Event-ID",
        description:
          "`event: job` (no id) first, with the job's counts; then one `event: item` per item that ended (graded, needs review, failed or cancelled), in the order they ended, with `id:` its event number; " +
          "`event: job` again after each batch; `event: end` once the job has finished and every item event was sent. Reconnect with `Last-Event-ID` (or `?lastEventId=`) to receive only what followed.",
        tags: ["jobs"],
        params: jobIdParams,
        querystring: z.strictObject({
          lastEventId: wholeNumberParameter(0, Number.MAX_SAFE_INTEGER).optional(),
        }),
        headers: z.looseObject({
          "last-event-id": z
            .string()
            .regex(/^\d{1,15}$/, "must be an event id this stream sent")
            .optional(),
        }),
        response: {
          200: {
            description:
              "Server-sent events: one `item` event per item that ends, with its id (resume with Last-Event-ID).",
            content: { "text/event-stream": { schema: z.string() } },
          },
          404: errorBodySchema,
          429: withResponseHeaders(errorBodySchema, responseHeaders.retryAfter),
          503: withResponseHeaders(errorBodySchema, responseHeaders.retryAfter),
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const { scope } = request;
      const job = await jobs.getJob(scope, request.params.id);
      const header = request.headers["last-event-id"];
      const lastEventId = header !== undefined ? Number(header) : (request.query.lastEventId ?? 0);
      const caller = `${scope.tenantId}\u0000${scope.keyId ?? ""}`;
      const open = openStreams.get(caller) ?? 0;
      if (open >= maxStreamsPerKey) {
        throw new AppError("too_many_streams", {
          message: `This API key has ${maxStreamsPerKey} event streams open, as many as it may; close one, or try again later.`,
          retryAfterSeconds: 5,
        });
      }
      if (openStreamsInProcess >= maxEventStreams) {
        request.log.warn(
          { openStreams: openStreamsInProcess },
          "event stream refused: the process holds its most",
        );
        throw new AppError("server_busy", {
          message: `This server has ${maxEventStreams} event streams open, as many as it keeps (GRADER_MAX_EVENT_STREAMS); try again later, or read the job with GET /v1/jobs/{id}.`,
          retryAfterSeconds: 5,
        });
      }
      openStreams.set(caller, open + 1);
      openStreamsInProcess++;
      try {
        await streamEvents(request, reply, jobs, scope, job, lastEventId, streams);
      } finally {
        openStreamsInProcess--;
        const left = (openStreams.get(caller) ?? 1) - 1;
        if (left > 0) openStreams.set(caller, left);
        else openStreams.delete(caller);
      }
    },
  );
}

/** The event streams open in this server, and whether it is closing (a new stream then ends at once). */
interface EventStreams {
  ends: Set<() => void>;
  closing: boolean;
}

interface Received {
  job: Job;
  /** The job an earlier request with the same Idempotency-Key and body made. */
  replayed: boolean;
}

/** The job an earlier request with this key made, if its request hash matches; 422 if it does not. */
async function replayOf(
  request: FastifyRequest,
  jobs: JobService,
  key: string | undefined,
  hashOfThisRequest: () => Promise<string>,
): Promise<Received | undefined> {
  if (key === undefined) return undefined;
  const prior = await jobs.findByIdempotencyKey(request.scope, key);
  if (!prior) return undefined;
  if (prior.requestHash !== (await hashOfThisRequest())) throw new AppError("idempotency_key_reused");
  return { job: prior.job, replayed: true };
}

async function receiveJson(
  request: FastifyRequest,
  jobs: JobService,
  key: string | undefined,
): Promise<Received> {
  const query = request.query as { rubricId?: string; rubricVersion?: string };
  if (query.rubricId !== undefined || query.rubricVersion !== undefined) {
    const message = "is for CSV uploads: a JSON job names its rubric in the body";
    throw new AppError("invalid_request", {
      message: `querystring.rubricId: ${message}`,
      details: [{ path: "querystring.rubricId", message }],
    });
  }
  const body = request.body as z.infer<typeof jsonJobSchema>;
  const requestHash = sha256Hex(canonicalJson({ json: body }));
  const replay = await replayOf(request, jobs, key, () => Promise.resolve(requestHash));
  if (replay) return replay;
  const upload = await jobs.startJob(request.scope, {
    rubricId: body.rubricId,
    ...(body.rubricVersion !== undefined ? { rubricVersion: body.rubricVersion } : {}),
    source: "json",
    ...(key !== undefined ? { idempotencyKey: key } : {}),
  });
  const job = await receive(
    upload,
    async (add) => {
      for (const [index, item] of body.answers.entries()) {
        const where = `body.answers[${index}]`;
        await add(
          { answer: item.answer, studentId: item.studentId ?? null, submissionId: item.submissionId ?? null },
          where,
        );
      }
    },
    () => requestHash,
  );
  return { job, replayed: false };
}

/** Writes the items `produce` adds, then queues the job; anything thrown discards the upload. */
async function receive(
  upload: JobUpload,
  produce: (add: JobUpload["add"]) => Promise<void>,
  requestHash: () => string,
): Promise<Job> {
  try {
    await produce((item, where) => upload.add(item, where));
    return await upload.finish(requestHash());
  } catch (error) {
    await upload.abort();
    throw error;
  }
}

async function receiveCsv(
  request: FastifyRequest,
  jobs: JobService,
  query: { rubricId?: string; rubricVersion?: string },
  key: string | undefined,
  maxAnswerChars: number,
): Promise<Received> {
  if (query.rubricId === undefined) {
    // Said where it goes: a teacher's form with a `rubricId` field is refused here, before its parts are read.
    const message =
      "is required for a CSV upload: send it in the query string (POST /v1/jobs?rubricId=…), not as a form field";
    throw new AppError("invalid_request", {
      message: `querystring.rubricId: ${message}`,
      details: [{ path: "querystring.rubricId", message }],
    });
  }
  let sole;
  try {
    sole = await soleMultipartFile(request, "the CSV", Object.keys(csvQuerySchema.shape));
  } catch (error) {
    throw malformedUpload(error);
  }
  const { file } = sole;
  const nothingAfter = async () => {
    try {
      await sole.nothingAfter();
    } catch (error) {
      throw malformedUpload(error);
    }
  };
  // The request is the query and the file's bytes.
  const fileHash = createHash("sha256");
  const requestHash = () => sha256Hex(`${canonicalJson({ csv: query })}\n${fileHash.copy().digest("hex")}`);
  const stream = file.file;
  const replay = await replayOf(request, jobs, key, async () => {
    try {
      for await (const chunk of stream) fileHash.update(chunk as Buffer);
    } catch (error) {
      throw malformedUpload(error);
    }
    await nothingAfter();
    return requestHash();
  });
  if (replay) return replay;
  const upload = await jobs.startJob(request.scope, {
    rubricId: query.rubricId,
    ...(query.rubricVersion !== undefined ? { rubricVersion: query.rubricVersion } : {}),
    source: "csv",
    ...(key !== undefined ? { idempotencyKey: key } : {}),
  });
  const job = await receive(
    upload,
    async (add) => {
      await readCsv(stream, add, (bytes) => fileHash.update(bytes), maxAnswerChars);
      await nothingAfter();
    },
    requestHash,
  );
  return { job, replayed: false };
}

/**
 * Reads the CSV as it arrives: strict UTF-8 (a BOM is dropped), a header naming the columns, one item
 * per record. Errors name the row as a spreadsheet numbers it (the header is row 1) and, for parse
 * errors, the line in the file.
 */
async function readCsv(
  stream: Readable,
  add: JobUpload["add"],
  onBytes: (bytes: Buffer) => void,
  maxAnswerChars: number,
): Promise<void> {
  // Chosen by the file's first bytes: UTF-8, or the UTF-16 of a spreadsheet's "Unicode text".
  let decoder: TextStreamDecoder | undefined;
  const decode = (bytes: Buffer): string => {
    decoder ??= decoderFor(bytes);
    try {
      return decoder.write(bytes);
    } catch (error) {
      throw notUtf8(error);
    }
  };
  const maxRecordSize = maxAnswerChars * 4 + 4_096;
  // The header row says which delimiter the file uses, so it is read before the parser is made.
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = "";
  let ended = false;
  try {
    while (!/[\r\n]/.test(head) && head.length <= maxRecordSize) {
      const next = await chunks.next();
      if (next.done === true) {
        ended = true;
        break;
      }
      onBytes(next.value);
      head += decode(next.value);
    }
  } catch (error) {
    // As a for-await loop left by a throw does: the upload's stream is destroyed, not left waiting.
    await chunks.return?.();
    throw malformedUpload(error);
  }
  const parser = parse({
    bom: true,
    delimiter: csvDelimiter(head),
    columns: (header: string[]) => checkHeader(header),
    // Any of CRLF, LF and CR ends a row, mixed as they come: a file edited on two systems mixes them, and
    // left to guess, the parser takes the first row's ending for all, which merged the rows after a CRLF
    // header into one answer and left a CR in the last cell of rows after an LF one. Quoted line breaks
    // stay as written.
    record_delimiter: [...csvRowEndings],
    skip_empty_lines: true,
    relax_column_count: false,
    info: true,
    // A row longer than any valid one is refused as it grows: the longest answer (4 UTF-8 bytes a code
    // point), two ids and the quotes and commas around them. Unbounded, one 100 MiB cell was held whole
    // (twice: bytes and text) before its length was checked.
    max_record_size: maxRecordSize,
  });
  const feed = (async () => {
    try {
      const write = async (text: string) => {
        if (!parser.write(text)) await new Promise((resolve) => parser.once("drain", resolve));
      };
      if (head !== "") await write(head);
      for (
        let next = ended ? undefined : await chunks.next();
        next && next.done !== true;
        next = await chunks.next()
      ) {
        onBytes(next.value);
        await write(decode(next.value));
      }
      try {
        const rest = decoder?.end();
        if (rest) parser.write(rest);
      } catch (error) {
        throw notUtf8(error);
      }
      parser.end();
    } catch (error) {
      await chunks.return?.().catch(() => undefined);
      parser.destroy(error as Error);
      throw error;
    }
  })();
  let feedError: unknown;
  feed.catch((error: unknown) => {
    feedError = error;
  });
  try {
    for await (const entry of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { records: number; empty_lines: number };
    }>) {
      const { record, info } = entry;
      // A row of empty cells (",," — spreadsheets leave them below the data, and around it) is skipped as
      // a blank line is: it has no answer and names no one, and was graded 0 for no student.
      if (Object.values(record).every((cell) => cell.trim() === "")) continue;
      // As a spreadsheet numbers it: the header is row 1, and each skipped blank line is a row too.
      const row = info.records + 1 + info.empty_lines;
      const studentId = optionalCell(record.student_id, `row ${row}`, "student_id");
      await add(
        {
          answer: record.answer ?? "",
          studentId,
          submissionId: optionalCell(record.submission_id, `row ${row}`, "submission_id"),
        },
        `row ${row}`,
      );
    }
  } catch (error) {
    if (feedError !== undefined) throw malformedUpload(feedError);
    if (error instanceof CsvError && error.code === "CSV_MAX_RECORD_SIZE")
      throw rowTooLong(error, maxAnswerChars);
    if (error instanceof CsvError) throw csvProblem(error);
    throw malformedUpload(error);
  }
  await feed.catch(() => {});
  if (feedError !== undefined) throw malformedUpload(feedError);
}

/**
 * The delimiter of a job's CSV, from its header row: commas, or the semicolons a spreadsheet set to a
 * language with decimal commas saves (German, French, Spanish Excel), or the tabs of "Unicode text", as a
 * Canvas rubric file is read. Read with commas only, such a file was refused: `row 1 (header) has no
 * \`answer\` column (it has "student_id;answer")`. Whichever the header holds most of wins; a header of
 * one column (`answer`) holds none and is read with commas.
 */
function csvDelimiter(text: string): string {
  const header = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/, 1)[0] ?? "";
  let best = { delimiter: ",", count: 0 };
  for (const delimiter of [",", ";", "\t"]) {
    const count = header.split(delimiter).length - 1;
    if (count > best.count) best = { delimiter, count };
  }
  return best.delimiter;
}

/** Unknown columns a refused header names; the others are counted. */
const maxListedColumns = 10;

/** A header name in a message: quoted, cut to 40 characters, with invisible characters as `\uXXXX`. */
const shownName = (name: string): string => quoteShown([...name].slice(0, 40).join(""));

/**
 * A job column's name as the header writes it, read as one of `csvColumns` when it is one written with
 * spaces, hyphens or dots for the underscore, or none, in any case: "Student ID", "student-id",
 * "StudentId" and the JSON form's "studentId" are `student_id`, as a spreadsheet or an LMS export heads
 * the column (refused before, with "has columns this service does not take: "student id"").
 */
function jobColumnName(cell: string): string {
  const name = columnName(cell);
  const compact = name.replace(/[\s_.-]+/gu, "");
  return compact === "studentid" ? "student_id" : compact === "submissionid" ? "submission_id" : name;
}

function checkHeader(header: string[]): string[] {
  const names = header.map(jobColumnName);
  const unknown = names.filter((name) => !(csvColumns as readonly string[]).includes(name));
  // A header of thousands of columns (a row may be 80 KB) is checked in one pass and named by its first
  // few: every column was searched for from the start (quadratic) and every unknown one quoted.
  const seen = new Set<string>();
  const repeated = names.find((name) => seen.size === seen.add(name).size);
  const listedUnknown = unknown.slice(0, maxListedColumns).map(shownName).join(", ");
  // A blank cell (`answer,,student_id`, a trailing delimiter) is named by its place, not quoted as `""`.
  const blank = names.indexOf("");
  const problem =
    blank !== -1
      ? `column ${blank + 1} has no name: name it or delete the column`
      : !names.includes("answer")
        ? `has no \`answer\` column (it has ${header.slice(0, 10).map(shownName).join(", ")})`
        : unknown.length > 0
          ? `has columns this service does not take: ${listedUnknown}${unknown.length > maxListedColumns ? ` and ${unknown.length - maxListedColumns} more` : ""}`
          : repeated !== undefined
            ? `names ${shownName(repeated)} twice`
            : undefined;
  if (problem) {
    throw invalidFile(`row 1 (header) ${problem}; the columns are answer, student_id, submission_id`);
  }
  return names;
}

function optionalCell(value: string | undefined, row: string, column: string): string | null {
  // A cell that shows nothing is an empty cell, as in the JSON form's null.
  if (value === undefined || !hasVisibleCharacter(value)) return null;
  // Any other cell is an id under the rule of every id a client gives, as in the JSON form.
  const checked = sentClientIdSchema.safeParse(value);
  if (!checked.success) {
    const problem = checked.error.issues[0]?.message ?? "is not an id";
    throw new AppError("invalid_request", {
      message: `${row}: ${column} ${problem}`,
      details: [{ path: `${row}.${column}`, message: problem }],
    });
  }
  return checked.data;
}

/** Turns a CSV file's bytes into text as they arrive. */
interface TextStreamDecoder {
  write(bytes: Uint8Array): string;
  /** The rest of the text; throws when the file ended in the middle of a character. */
  end(): string;
}

class InvalidUtf16Error extends Error {}

/**
 * UTF-16 with a byte order mark, as spreadsheets save "Unicode text" (tab-separated): read as such, as a
 * rubric import reads it, instead of refused as "not valid UTF-8 (near byte 0)". Anything else is UTF-8.
 */
function decoderFor(firstBytes: Uint8Array): TextStreamDecoder {
  const encoding =
    firstBytes[0] === 0xff && firstBytes[1] === 0xfe
      ? "utf-16le"
      : firstBytes[0] === 0xfe && firstBytes[1] === 0xff
        ? "utf-16be"
        : undefined;
  if (encoding === undefined) return new StrictUtf8StreamDecoder();
  // The decoder drops the byte order mark itself, and refuses unpaired surrogates (fatal).
  const decoder = new TextDecoder(encoding, { fatal: true });
  const decode = (bytes?: Uint8Array): string => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new InvalidUtf16Error();
    }
  };
  return { write: (bytes) => decode(bytes), end: () => decode() };
}

function notUtf8(error: unknown): unknown {
  if (error instanceof InvalidUtf16Error) {
    return invalidFile("starts with a UTF-16 byte order mark but is not UTF-16 text: save the CSV as UTF-8");
  }
  if (!(error instanceof InvalidUtf8Error)) return error;
  return invalidFile(
    error.truncated
      ? `ends in the middle of a UTF-8 character (at byte ${error.offset}): save the CSV as UTF-8`
      : `is not valid UTF-8 (near byte ${error.offset}): save the CSV as UTF-8`,
  );
}

function invalidFile(message: string): AppError {
  return new AppError("invalid_request", {
    message: `file: ${message}`,
    details: [{ path: "file", message }],
  });
}

/** Where a CSV parse error happened, as `row 5 (line 7)`. */
function csvErrorPlace(error: CsvError): string {
  const context = error as CsvError & { lines?: number; records?: number; empty_lines?: number };
  return context.records !== undefined
    ? `row ${context.records + 2 + (context.empty_lines ?? 0)} (line ${context.lines ?? "?"})`
    : "the file";
}

/** A row longer than the longest answer allows, refused before it is read to its end. */
function rowTooLong(error: CsvError, maxAnswerChars: number): AppError {
  const message = `is longer than any row with an answer of at most ${maxAnswerChars} characters (GRADER_MAX_ANSWER_CHARS)`;
  return new AppError("answer_too_long", {
    message: `file: ${csvErrorPlace(error)} ${message}.`,
    details: [{ path: "file", message: `${csvErrorPlace(error)} ${message}` }],
  });
}

function csvProblem(error: CsvError): AppError {
  const where = csvErrorPlace(error);
  const reasons: Record<string, string> = {
    CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: "has a different number of fields than the header",
    CSV_RECORD_INCONSISTENT_COLUMNS: "has a different number of fields than the header",
    CSV_QUOTE_NOT_CLOSED: "opens a quoted field that is never closed",
    CSV_INVALID_CLOSING_QUOTE: "has a quote inside an unquoted field or text after a closing quote",
    // csv-parse names this one without its CSV_ prefix.
    INVALID_OPENING_QUOTE:
      'has a quote inside an unquoted field: put the field in quotes and double the quotes inside ("5"" of rain")',
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "has text after a closing quote",
  };
  const reason = reasons[error.code] ?? "cannot be read as CSV";
  return invalidFile(`${where} ${reason}`);
}

function malformedUpload(error: unknown): AppError {
  if (AppError.isInstance(error)) return error;
  const code = (error as { code?: string } | null)?.code;
  if (code === "FST_REQ_FILE_TOO_LARGE") {
    return new AppError("payload_too_large", {
      message: "file: is larger than GRADER_MAX_UPLOAD_MB allows",
      details: [{ path: "file", message: "is too large" }],
    });
  }
  if (error instanceof CsvError) return csvProblem(error);
  if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") {
    const message = "has too many multipart parts: send one file, in the field `file`";
    return new AppError("payload_too_large", {
      message: `body: ${message}`,
      details: [{ path: "body", message }],
    });
  }
  return new AppError("invalid_request", {
    message: "body: the multipart upload could not be read",
    details: [{ path: "body", message: "could not be read" }],
  });
}

async function streamEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  jobs: JobService,
  scope: Scope,
  job: Job,
  fromEventId: number,
  streams: EventStreams,
): Promise<void> {
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
    "x-request-id": request.id,
  });
  // HEAD asks for the headers alone (curl -I, a monitor): the stream held it open, answering nothing,
  // until the job ended, polling the database twice a second and using one of the key's streams.
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  let open = true;
  const wake = new AbortController();
  const end = () => {
    if (!open) return;
    open = false;
    wake.abort();
    response.end();
    // A client that is not reading would hold the connection (and shutdown) open until it reads the rest.
    if (response.writableNeedDrain) response.destroy();
  };
  streams.ends.add(end);
  request.raw.on("close", end);
  // The server began closing while this request was on its way here: its preClose ended the streams
  // open then, not this one, which would hold the shutdown until its job finished or the deadline.
  if (streams.closing) end();
  /**
   * Writes an event and, when the socket's buffer is full, waits until the client has read it: a client
   * that stops reading must not make the process hold the whole job's events (megabytes for a large job).
   * A client that reads nothing for `stalledStreamMs` loses the stream; it resumes with Last-Event-ID.
   */
  const send = async (text: string): Promise<void> => {
    if (!open || response.write(text)) return;
    const drained = await new Promise<boolean>((resolve) => {
      const finish = (value: boolean) => {
        clearTimeout(timer);
        response.off("drain", onDrain);
        wake.signal.removeEventListener("abort", onAbort);
        resolve(value);
      };
      const onDrain = () => finish(true);
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(false), stalledStreamMs);
      response.on("drain", onDrain);
      wake.signal.addEventListener("abort", onAbort);
    });
    if (!drained) {
      open = false;
      wake.abort();
      response.destroy();
    }
  };
  const sendJob = (current: Job) => send(`event: job\ndata: ${JSON.stringify(jobView(current))}\n\n`);
  let lastEventId = fromEventId;
  let lastWrite = Date.now();
  let lastKeyCheck = Date.now();
  try {
    await sendJob(job);
    while (open) {
      const items = await jobs.events(scope, job.id, lastEventId, eventBatch);
      for (const item of items) {
        lastEventId = item.eventId ?? lastEventId;
        await send(`id: ${lastEventId}\nevent: item\ndata: ${JSON.stringify(itemView(item))}\n\n`);
      }
      const current = await jobs.getJob(scope, job.id);
      if (items.length > 0) {
        await sendJob(current);
        lastWrite = Date.now();
        if (items.length === eventBatch) continue;
      }
      const finished = current.finishedAt !== null;
      if (finished && items.length < eventBatch) {
        // Items that ended between the two reads are sent before the end.
        const rest = await jobs.events(scope, job.id, lastEventId, eventBatch);
        if (rest.length > 0) continue;
        await send(`event: end\ndata: ${JSON.stringify(jobView(current))}\n\n`);
        break;
      }
      if (Date.now() - lastWrite >= keepAliveMs) {
        await send(": keep-alive\n\n");
        lastWrite = Date.now();
      }
      if (Date.now() - lastKeyCheck >= keyCheckMs) {
        // A key revoked while its stream is open stops receiving, as its next request would be refused.
        lastKeyCheck = Date.now();
        if (!(await request.stillAuthorized())) {
          await send(
            `event: error\ndata: ${JSON.stringify({ error: { code: "unauthorized", message: "The API key is no longer valid." } })}\n\n`,
          );
          break;
        }
      }
      await systemClock.sleep(eventPollMs, wake.signal);
    }
  } catch (error) {
    request.log.warn({ err: error }, "job event stream failed");
  } finally {
    streams.ends.delete(end);
    end();
  }
}
