import { z } from "zod";
import { criterionResultSchema, flagSchema, gradeStatuses, reviewActions } from "./grade.js";
import { gradingStrategies } from "./rubric.js";

/**
 * Everything needed to understand and reproduce a grade: inputs' versions, model and parameters, every
 * attempt's raw reply, usage, latency, cost, flags with reasons, and human changes with who and why.
 * The schemas are the one source of these types; the HTTP layer documents the audit view with them.
 */

export const tokenUsageSchema = z.object({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
});
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

/** The prompt templates the model adapter knows, each a pair of files in prompts/. */
export const promptTasks = ["grade-all-criteria", "grade-one-criterion", "screen-injection"] as const;
export type PromptTask = (typeof promptTasks)[number];

/**
 * Why a model stopped writing, mapped by each provider adapter onto this closed set: `stop` (it
 * finished), `length` (the output token limit cut it off), `content_filter` (the provider withheld or
 * cut the content), `refusal` (the model declined), `other` (anything else the provider reported).
 */
export const finishReasons = ["stop", "length", "content_filter", "refusal", "other"] as const;
export type FinishReason = (typeof finishReasons)[number];

/** A provider failure that was retried before the reply came (a 429, a 5xx, a dropped stream…). */
export const providerRetrySchema = z.object({
  code: z.string().describe("The catalog code the failure was classified as, e.g. provider_unavailable."),
  status: z.number().int().nullable().describe("The provider's HTTP status; null for a dropped connection."),
  waitMs: z.number().describe("How long the call waited before trying again."),
});
export type ProviderRetry = z.infer<typeof providerRetrySchema>;

export const attemptRecordSchema = z.object({
  task: z.enum(promptTasks),
  sample: z.number().int().describe("Which of the k samples this attempt belongs to (0-based)."),
  criterionId: z.string().nullable().describe("Set for per-criterion calls."),
  repair: z.boolean().describe("True for the repair retry after an unusable reply."),
  startedAt: z.string(),
  latencyMs: z.number(),
  rawReply: z.string().nullable().describe("The model's text exactly as received."),
  finishReason: z.enum(finishReasons).nullable(),
  usage: tokenUsageSchema,
  problems: z.array(z.string()).describe("Why the reply could not be used; empty when it was valid."),
  providerRetries: z
    .array(providerRetrySchema)
    .default([])
    .describe(
      "Provider failures retried before this reply came, in order; empty when the first try answered.",
    ),
});
export type AttemptRecord = z.infer<typeof attemptRecordSchema>;

export const costEstimateSchema = z.object({
  currency: z.literal("USD"),
  amount: z.number().nullable().describe("null when the model has no price in the configured price table."),
  inputPerMillionTokens: z.number().nullable(),
  outputPerMillionTokens: z.number().nullable(),
});
export type CostEstimate = z.infer<typeof costEstimateSchema>;

export const modelResultSchema = z.object({
  criteria: z.array(criterionResultSchema),
  totalPoints: z.number().nullable(),
  feedback: z.string(),
  explanation: z.string(),
});
export type ModelResult = z.infer<typeof modelResultSchema>;

/** One thing a teacher did to a grade: who, when, why, and what changed (empty lists: nothing). */
export const humanChangeSchema = z.object({
  at: z.string(),
  action: z.enum(reviewActions).default("changed"),
  reviewer: z.string(),
  /** The API key that made the change (null: a bootstrap key or loopback use). */
  keyId: z.string().nullable().default(null),
  reason: z.string(),
  criteria: z
    .array(z.object({ criterionId: z.string(), from: z.number().nullable(), to: z.number() }))
    .describe("Points changed."),
  comments: z
    .array(z.object({ criterionId: z.string(), from: z.string().nullable(), to: z.string().nullable() }))
    .default([])
    .describe("Comments per criterion changed."),
  feedback: z
    .object({ from: z.string(), to: z.string() })
    .nullable()
    .default(null)
    .describe("The student feedback, when it was edited."),
  status: z
    .object({ from: z.enum(gradeStatuses), to: z.enum(gradeStatuses) })
    .nullable()
    .default(null),
  /** Set when the change came from a decision on the answer group or the resolution of an appeal. */
  groupId: z.string().nullable().default(null),
  groupDecisionVersion: z
    .number()
    .int()
    .min(1)
    .nullable()
    .default(null)
    .describe(
      "With `groupId`: the version of the group decision this change applied (the group's `decision.version`); null for any other change.",
    ),
  appealId: z.string().nullable().default(null),
});
export type HumanChange = z.infer<typeof humanChangeSchema>;

export const screeningRecordSchema = z.object({
  findings: z.array(z.object({ technique: z.string(), reason: z.string(), excerpt: z.string() })),
  removedCharacters: z
    .array(z.object({ kind: z.string(), count: z.number().int() }))
    .describe("Invisible or control characters removed before grading, by kind."),
  modelScreen: z.object({ injection: z.boolean(), reasoning: z.string() }).nullable(),
});
export type ScreeningRecord = z.infer<typeof screeningRecordSchema>;

export const auditRecordSchema = z.object({
  gradeId: z.string(),
  rubricId: z.string(),
  rubricVersion: z.string(),
  promptVersion: z.string(),
  model: z.string(),
  parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  strategy: z.enum([...gradingStrategies, "none"]),
  samples: z.number().int(),
  attempts: z.array(attemptRecordSchema),
  usage: tokenUsageSchema,
  cost: costEstimateSchema,
  flags: z.array(flagSchema),
  screening: screeningRecordSchema,
  cachedFrom: z
    .string()
    .nullable()
    .describe("The grade this one was copied from when an identical answer had been graded before."),
  modelResult: modelResultSchema.describe(
    "The result as the model (or the blank rule) made it; human changes never alter it.",
  ),
  humanChanges: z.array(humanChangeSchema),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/**
 * How versions before `groupDecisionVersion` wrote a group decision into each member's `reason`:
 * `<the teacher's reason> (decision 2 on answer group agr_…)`.
 */
const groupDecisionSuffix = / \(decision (\d+) on answer group (agr_[0-9a-f]{32})\)$/;

/**
 * A stored audit record as the current code reads it: human changes made before actions existed get
 * defaults, and a group decision stored with its version in the reason text gets the reason the teacher
 * wrote and `groupDecisionVersion`.
 */
export function upgradeAuditRecord(record: AuditRecord): AuditRecord {
  // Missing at run time in records stored by older versions, whatever the type says.
  const changes = (record.humanChanges as HumanChange[] | undefined) ?? [];
  const isCurrent = (change: HumanChange) =>
    change.action !== undefined && (change.action !== "group" || change.groupDecisionVersion !== undefined);
  if (changes.every(isCurrent)) return record;
  return { ...record, humanChanges: changes.map((change) => upgradeHumanChange(change)) };
}

function upgradeHumanChange(stored: HumanChange): HumanChange {
  const change = humanChangeSchema.parse(stored);
  if (change.action !== "group" || stored.groupDecisionVersion !== undefined) return change;
  const suffix = groupDecisionSuffix.exec(change.reason);
  if (!suffix || suffix[2] !== change.groupId) return change;
  return {
    ...change,
    reason: change.reason.slice(0, suffix.index),
    groupDecisionVersion: Number(suffix[1]),
  };
}
