import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { groupDecisionSchema } from "../../grading/answer-groups.js";
import { appealSchema, maxAppealReasonChars } from "../../grading/appeals.js";
import { AppError } from "../../grading/errors.js";
import { gradeSchema } from "../../grading/grade.js";
import type { GradingService } from "../../grading/grading-service.js";
import { maxCommentChars } from "../../grading/review.js";
import { cursorPositions, decodeCursor, encodeCursor } from "../cursors.js";
import { etagOf, expectedVersionsOf, ifMatchHeaderSchema } from "../if-match.js";
import { reviewQueuePageSchema } from "../response-schemas.js";
import {
  answerGroupIdSchema,
  commonErrorResponses,
  errorBodySchema,
  pageCursorSchema,
  pageLimitSchema,
  nameSchema,
  rubricIdFilterSchema,
  visibleTextSchema,
  withMaxCharacters,
  withoutControlCharacters,
} from "../schemas.js";
import {
  criterionEditSchema,
  gradeIdParams,
  gradeIfMatchHeaderSchema,
  reasonField,
  reviewerField,
} from "./grades.js";

/**
 * The teacher's queue and what is done from it: answer groups (one entry, one decision for identical
 * answers) and appeals (a disputed criterion back in the queue on its own until resolved).
 */

const groupParams = z.object({
  id: answerGroupIdSchema.describe(
    "An answer group id, as in a grade's `groupId` (one in other case is no group's: 404).",
  ),
});
const appealParams = z.object({ id: z.string().min(1).max(64) });
const groupIfMatchHeaderSchema = ifMatchHeaderSchema("the answer group", "group_modified");

const groupViewSchema = z.object({
  groupId: z.string(),
  rubricId: z.string(),
  rubricVersion: z.string(),
  size: z.number().int().describe("Grades in the group."),
  pending: z.number().int().describe("Grades of the group that need review."),
  individuallyReviewed: z
    .number()
    .int()
    .describe("Members a group decision leaves alone: graded individually by a teacher, or appealed."),
  decision: groupDecisionSchema.nullable().describe("The teacher's decision; null when none was made."),
});

export function reviewQueueRoutes(app: FastifyInstance, options: { service: GradingService }): void {
  const { service } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    "/review-queue",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "The review queue: identical answers once, with the group's size; appeals on their own",
        description:
          "Grades that need review, oldest first: one entry per answer group (answers to the same rubric version that are the same text once spacing is folded), and one per grade that stands alone (graded individually, appealed, or without a group). Decide a group with `PATCH /v1/groups/{id}`.",
        tags: ["review"],
        querystring: z.strictObject({
          rubricId: rubricIdFilterSchema.optional(),
          limit: pageLimitSchema(100, 20),
          cursor: pageCursorSchema,
        }),
        response: {
          200: reviewQueuePageSchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request) => {
      const { rubricId, limit, cursor } = request.query;
      const origin = { list: "review-queue", filters: { rubricId } };
      const { entries, more } = await service.reviewQueue(request.scope, {
        limit,
        ...(rubricId ? { rubricId } : {}),
        ...(cursor ? { after: decodeCursor("after", cursor, cursorPositions.grade, origin) } : {}),
      });
      const last = entries.at(-1);
      return { entries, next: more && last ? encodeCursor("after", last.firstGradeId, origin) : null };
    },
  );

  routes.get(
    "/groups/:id",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "An answer group: size, pending grades and the teacher's decision",
        description:
          'List its members with `GET /v1/grades?groupId=…`. The `ETag` header names the version of its decision (`"0"` before the first): send it as `If-Match` with a decision.',
        tags: ["review"],
        params: groupParams,
        response: { 200: groupViewSchema, 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request, reply) => {
      const group = await service.getGroup(request.scope, request.params.id);
      reply.header("etag", etagOf(group.decision?.version ?? 0));
      return group;
    },
  );

  routes.patch(
    "/groups/:id",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Grade an answer group: the decision applies to every member, present and future",
        description:
          "Send the group's ETag as `If-Match`: if it was decided again since you read it, the decision is refused with 412 `group_modified` and nothing is written (without If-Match the later decision wins). Members graded individually (or with an appeal open) keep their grade. Criteria not listed keep the group's current points, so an empty `criteria` approves the group as it is; comments and feedback not given keep the previous decision's (`comment: null` removes one, `feedback: \"\"` empties it), so every member ends with the same grade. Each member's audit entry names the group decision in `groupId` and `groupDecisionVersion`; its `reason` is the one sent.",
        tags: ["review"],
        params: groupParams,
        headers: groupIfMatchHeaderSchema,
        body: z.strictObject({
          reviewer: reviewerField,
          reason: reasonField.describe("Why, for the audit record of every member."),
          criteria: z
            .array(criterionEditSchema)
            .default([])
            .describe(
              "Points and comments to set; criteria not listed keep the group's current points. Leaving it out is `[]`: the group approved as it is, or with `feedback` alone only that changed.",
            ),
          feedback: withoutControlCharacters(withMaxCharacters(z.string(), 10_000))
            .optional()
            .describe("Feedback for the students of the group; without it, the previous decision's stays."),
        }),
        response: {
          200: groupViewSchema.extend({
            applied: z.array(z.string()).describe("Members whose grade is now the decision."),
            skipped: z.array(z.string()).describe("Members left alone: graded individually, or appealed."),
          }),
          404: errorBodySchema,
          412: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const { reviewer, reason, criteria, feedback } = request.body;
      const decided = await service.decideGroup(
        request.scope,
        request.params.id,
        {
          reviewer,
          reason,
          criteria: criteria.map((edit) => ({
            criterionId: edit.criterionId,
            ...(edit.points !== undefined ? { points: edit.points } : {}),
            ...(edit.comment !== undefined ? { comment: edit.comment } : {}),
          })),
          ...(feedback !== undefined ? { feedback } : {}),
        },
        expectedVersionsOf(request.headers["if-match"]),
      );
      request.log.info(
        { groupId: decided.groupId, applied: decided.applied.length, skipped: decided.skipped.length },
        "answer group decided",
      );
      reply.header("etag", etagOf(decided.decision?.version ?? 0));
      return decided;
    },
  );

  routes.post(
    "/grades/:id/appeals",
    {
      config: { roles: ["admin", "teacher", "service"] },
      schema: {
        summary: "Appeal the points of one criterion: the grade goes back to review with its evidence",
        description:
          "From a teacher, or from a student through an integration's `service` key (which may appeal only the grades it submitted). One open appeal per criterion of a grade (409 `appeal_open`); once a criterion's appeal is resolved, it may be appealed again only once a teacher changed its points to other points than those at the resolution (a group decision passes over a grade whose appeal was resolved; points changed and changed back do not count): until then 409 `appeal_already_resolved`. Send the grade's ETag as `If-Match`: if the grade changed since you read it, the appeal is refused with 412 `grade_modified` and nothing is written. The `ETag` header of the answer is the grade's new version.",
        tags: ["review"],
        params: gradeIdParams,
        headers: gradeIfMatchHeaderSchema,
        body: z.strictObject({
          criterionId: z.string().min(1).max(64),
          reason: visibleTextSchema(maxAppealReasonChars).describe("Why the points are disputed."),
          by: nameSchema(200).describe("Who appeals (a name or id), for the audit record."),
        }),
        response: {
          201: z.object({ appeal: appealSchema, grade: gradeSchema }),
          404: errorBodySchema,
          409: errorBodySchema,
          412: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const filed = await service.fileAppeal(
        request.scope,
        request.params.id,
        request.body,
        expectedVersionsOf(request.headers["if-match"]),
      );
      request.log.info({ gradeId: filed.grade.id, appealId: filed.appeal.id }, "appeal filed");
      reply.header("etag", etagOf(filed.grade.version));
      return reply.status(201).send(filed);
    },
  );

  routes.get(
    "/grades/:id/appeals",
    {
      config: { roles: ["admin", "teacher", "service"] },
      schema: {
        summary: "A grade's appeals, oldest first, with their resolutions",
        tags: ["review"],
        params: gradeIdParams,
        response: {
          200: z.object({ appeals: z.array(appealSchema) }),
          404: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request) => ({ appeals: await service.listAppeals(request.scope, request.params.id) }),
  );

  routes.post(
    "/appeals/:id/resolve",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Resolve an appeal: upheld (new points and/or a comment) or denied",
        description:
          "Send the appealed grade's ETag as `If-Match`: if the grade changed since you read it, the resolution is refused with 412 `grade_modified` and nothing is written. The `ETag` header of the answer is the grade's new version.",
        tags: ["review"],
        params: appealParams,
        headers: gradeIfMatchHeaderSchema,
        body: z.strictObject({
          outcome: z.enum(["upheld", "denied"]),
          reviewer: reviewerField,
          reason: reasonField.describe("Why, for the appellant and the audit record."),
          points: z
            .number()
            .optional()
            .describe("New points for the criterion (upheld only); allowed values as in the rubric."),
          comment: withoutControlCharacters(withMaxCharacters(z.string(), maxCommentChars))
            .nullable()
            .optional()
            .describe("A comment on the criterion."),
        }),
        response: {
          200: z.object({ appeal: appealSchema, grade: gradeSchema }),
          404: errorBodySchema,
          409: errorBodySchema,
          412: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const { outcome, reviewer, reason, points, comment } = request.body;
      if (outcome === "denied" && points !== undefined) {
        const message = "a denied appeal keeps the points: leave `points` out, or uphold it";
        throw new AppError("invalid_request", {
          message: `body.points: ${message}`,
          details: [{ path: "body.points", message }],
        });
      }
      const resolved = await service.resolveAppeal(
        request.scope,
        request.params.id,
        {
          outcome,
          reviewer,
          reason,
          ...(points !== undefined ? { points } : {}),
          ...(comment !== undefined ? { comment } : {}),
        },
        expectedVersionsOf(request.headers["if-match"]),
      );
      request.log.info({ appealId: resolved.appeal.id, outcome }, "appeal resolved");
      reply.header("etag", etagOf(resolved.grade.version));
      return resolved;
    },
  );
}
