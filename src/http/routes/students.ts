import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditRecordSchema } from "../../grading/audit.js";
import { AppError } from "../../grading/errors.js";
import { acceptedRanges } from "../accept.js";
import { cursorPositions, decodeCursor, encodeCursor } from "../cursors.js";
import { dropStalledReader } from "../stalled-reader.js";
import { gradeSchema } from "../../grading/grade.js";
import type { StudentDataService, StudentExport } from "../../grading/student-data.js";
import {
  clientIdSchema,
  commonErrorResponses,
  errorBodySchema,
  pageCursorSchema,
  pageLimitSchema,
} from "../schemas.js";

// Under the rule of every id a client gives: an id no answer can carry ("%20", a control character) is
// refused by name instead of answering an empty export or erasing nothing.
const studentIdParams = z.object({
  studentId: clientIdSchema.describe("Your id for the student, as sent with their answers."),
});

const exportedGradeSchema = gradeSchema
  .omit({ outdated: true })
  .extend({
    answer: z.string().nullable().describe("The answer exactly as submitted; null once retention purged it."),
    answerPurgedAt: z
      .string()
      .nullable()
      .describe("When retention purged the answer; null while it is kept."),
    submittedBy: z.string().nullable().describe("The API key that submitted it (null for a bootstrap key)."),
    audit: auditRecordSchema.describe("The grade's audit record: raw replies, flags, human changes."),
  })
  .describe("A grade with the answer it graded and its audit record.");

const studentExportSchema = z
  .object({
    studentId: z.string(),
    generatedAt: z.string(),
    grades: z.array(exportedGradeSchema).describe("Every grade of the student in this tenant, oldest first."),
    pendingAnswers: z
      .array(
        z.object({
          source: z.enum(["job", "integration"]),
          reference: z
            .string()
            .describe("`job_…/<seq>` for a job item; the submission's id for an integration."),
          state: z.string(),
          submissionId: z.string().nullable(),
          answer: z.string(),
          receivedAt: z.string(),
        }),
      )
      .describe("Answers received for the student and not graded yet (a job's items, an LMS's submissions)."),
  })
  .describe("Everything the tenant holds about the student; streamed, never held in memory whole.");

const erasureSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    erasedAt: z.string(),
    erasedBy: z
      .string()
      .nullable()
      .describe("The API key that erased (null for a bootstrap key or unauthenticated loopback use)."),
    grades: z.number().int().describe("The student's grades deleted, with answers and audit records."),
    cachedCopiesUnlinked: z
      .number()
      .int()
      .describe("Other students' grades copied from them (identical answers): kept, cut off from the cache."),
    idempotencyKeys: z.number().int().describe("Idempotency records of the deleted grades, deleted."),
  })
  .describe("A tombstone: no student id, not even a hash of one.");

/**
 * Whether an Accept header allows JSON (no header allows anything). Throws `invalid_request` for a
 * malformed quality value (`acceptedRanges`).
 */
function acceptsJson(header: string | undefined): boolean {
  if (header === undefined || header.trim() === "") return true;
  return acceptedRanges(header).some(
    ({ type, weight }) =>
      weight > 0 && (type === "application/json" || type === "application/*" || type === "*/*"),
  );
}

/**
 * The export as JSON text, a grade at a time, pulled as the response is written. `onEnd` is told the
 * number of grades once all are out.
 */
async function* exportJson(exported: StudentExport, onEnd: (grades: number) => void): AsyncGenerator<string> {
  yield `{"studentId":${JSON.stringify(exported.studentId)},"generatedAt":${JSON.stringify(exported.generatedAt)},"grades":[`;
  let count = 0;
  for await (const grade of exported.grades) {
    yield `${count === 0 ? "" : ","}${JSON.stringify(grade)}`;
    count++;
  }
  yield `],"pendingAnswers":${JSON.stringify(exported.pendingAnswers)}}`;
  onEnd(count);
}

/**
 * Students' data (GDPR Art. 15 and 17, FERPA): a student's export (admins and teachers), their
 * erasure and its tombstones (admins only). See docs/api.md, "Students' data". Their URLs name a
 * student: the logger redacts that segment (lib/logger.ts, redactStudentPaths) in every log line.
 */
/** The erasure list's cursors: it has no filters, but its cursors must not page another list. */
const erasureList = { list: "erasures" } as const;

export function studentRoutes(app: FastifyInstance, options: { students: StudentDataService }): void {
  const { students } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    "/students/:studentId/export",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Everything held about a student: every grade with its answer and audit record",
        description:
          "One JSON document, streamed a page of grades at a time (oldest first), so a student with thousands of grades costs the service one page of memory. A student without grades in this tenant answers 200 with an empty list, whether or not another school knows them. Purged answers are `null` with `answerPurgedAt`. Answers only `application/json` (406 otherwise).",
        tags: ["students"],
        params: studentIdParams,
        response: { 200: studentExportSchema, 406: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request, reply) => {
      if (!acceptsJson(request.headers.accept)) {
        const message = "must allow application/json: the export is a JSON document";
        throw new AppError("not_acceptable", {
          message: `headers.accept: ${message}`,
          details: [{ path: "headers.accept", message }],
        });
      }
      const exported = await students.exportStudent(request.scope, request.params.studentId);
      const body = Readable.from(
        exportJson(exported, (grades) => request.log.info({ grades }, "student data exported")),
        { objectMode: false },
      );
      // Personal data: never kept by a shared cache.
      reply.header("cache-control", "no-store").type("application/json; charset=utf-8");
      dropStalledReader(reply);
      return reply.send(body as never);
    },
  );

  routes.delete(
    "/students/:studentId",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "Erase a student: their answers, grades and everything derived from them",
        description:
          "In one transaction: the student's grades with their answers and audit records, the idempotency records pointing at them; other students' grades copied from them (identical answers served from the cache) stay theirs but leave the cache, so no later answer is served a result made from the erased answer. Leaves a tombstone without the student's id (`GET /v1/erasures`). Erasing again answers 200 with zero counts.",
        tags: ["students"],
        params: studentIdParams,
        response: { 200: erasureSchema, ...commonErrorResponses },
      },
    },
    async (request) => {
      const erasure = await students.eraseStudent(request.scope, request.params.studentId);
      request.log.info(
        {
          erasureId: erasure.id,
          grades: erasure.grades,
          cachedCopiesUnlinked: erasure.cachedCopiesUnlinked,
          idempotencyKeys: erasure.idempotencyKeys,
        },
        "student data erased",
      );
      return erasure;
    },
  );

  routes.get(
    "/erasures",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "The tenant's erasure tombstones, newest first",
        description: "When, by which key and how much; never whom. Page with `cursor=<next>`.",
        tags: ["students"],
        querystring: z.object({
          limit: pageLimitSchema(200, 50),
          cursor: pageCursorSchema,
        }),
        response: {
          200: z.object({
            erasures: z.array(erasureSchema),
            next: z.string().nullable().describe("Cursor of the next page; null on the last page."),
          }),
          ...commonErrorResponses,
        },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const { erasures, more } = await students.listErasures(request.scope, {
        limit,
        ...(cursor !== undefined
          ? { before: decodeCursor("before", cursor, cursorPositions.erasure, erasureList) }
          : {}),
      });
      const lastId = more ? erasures.at(-1)?.id : undefined;
      return { erasures, next: lastId === undefined ? null : encodeCursor("before", lastId, erasureList) };
    },
  );
}
