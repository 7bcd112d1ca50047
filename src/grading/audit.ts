import type { CriterionResult, Flag } from "./grade.js";
import type { PromptTask, TokenUsage } from "./ports.js";

/**
 * Everything needed to understand and reproduce a grade: inputs' versions, model and parameters, every
 * attempt's raw reply, usage, latency, cost, flags with reasons, and human changes with who and why.
 */

export type AttemptRecord = {
  task: PromptTask;
  /** Which of the k samples this attempt belongs to (0-based). */
  sample: number;
  /** Set for per-criterion calls. */
  criterionId: string | null;
  /** True for the repair retry after an unusable reply. */
  repair: boolean;
  startedAt: string;
  latencyMs: number;
  rawReply: string | null;
  finishReason: string | null;
  usage: TokenUsage;
  /** Why the reply could not be used; empty when it was valid. */
  problems: string[];
};

export type CostEstimate = {
  currency: "USD";
  /** null when the model has no price in the configured price table. */
  amount: number | null;
  inputPerMillionTokens: number | null;
  outputPerMillionTokens: number | null;
};

export type ModelResult = {
  criteria: CriterionResult[];
  totalPoints: number | null;
  feedback: string;
  explanation: string;
};

export type HumanChange = {
  at: string;
  reviewer: string;
  reason: string;
  criteria: { criterionId: string; from: number | null; to: number }[];
};

export type ScreeningRecord = {
  findings: { technique: string; reason: string; excerpt: string }[];
  /** Invisible or control characters removed before grading, by kind. */
  removedCharacters: { kind: string; count: number }[];
  modelScreen: { injection: boolean; reasoning: string } | null;
};

export type AuditRecord = {
  gradeId: string;
  rubricId: string;
  rubricVersion: string;
  promptVersion: string;
  model: string;
  parameters: Record<string, string | number | boolean | null>;
  strategy: "all-criteria" | "per-criterion" | "none";
  samples: number;
  attempts: AttemptRecord[];
  usage: TokenUsage;
  cost: CostEstimate;
  flags: Flag[];
  screening: ScreeningRecord;
  /** The grade this one was copied from when an identical answer had been graded before. */
  cachedFrom: string | null;
  /** The result as the model (or the blank rule) made it; human changes never alter it. */
  modelResult: ModelResult;
  humanChanges: HumanChange[];
};
