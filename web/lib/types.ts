/** The shapes of the API's answers the page reads (see docs/api.md); only the fields it uses. */

export type Role = "admin" | "teacher" | "service";

export interface Me {
  tenantId: string;
  role: Role;
  keyId: string | null;
  operator: boolean;
}

export interface ProblemDetail {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export interface RubricSummary {
  id: string;
  title: string;
  version: string;
  language: string;
  criteriaCount: number;
  maxPoints: number;
  archivedAt: string | null;
}

export interface Criterion {
  id: string;
  title: string;
  maxPoints: number;
  levels?: { points: number; description: string }[];
}

export interface Rubric {
  id: string;
  title: string;
  version: string;
  language: string;
  question: string;
  criteria: Criterion[];
  maxPoints: number;
  warnings?: { path: string; message: string }[];
}

export interface CriterionResult {
  criterionId: string;
  points: number | null;
  maxPoints: number;
  rationale: string;
  evidence: string[];
  confidence: number | null;
  comment: string | null;
}

export interface Grade {
  id: string;
  rubricId: string;
  rubricVersion: string;
  studentId: string | null;
  groupId: string | null;
  /** `graded` or `needs_review`. */
  status: string;
  flags: string[];
  criteria: CriterionResult[];
  totalPoints: number | null;
  maxPoints: number;
  feedback: string;
  explanation: string;
  gradedBy: "model" | "rule" | "human";
  model: string;
  usage: { inputTokens: number; outputTokens: number };
  version: number;
}

export interface Appeal {
  id: string;
  criterionId: string;
  reason: string;
  by: string;
  status?: string;
}

export interface QueueEntry {
  groupId: string | null;
  size: number;
  pending: number;
  firstGradeId: string;
  grade: Grade;
  answer: string;
  appeals: Appeal[];
}

export interface Audit {
  gradeId: string;
  rubricId: string;
  rubricVersion: string;
  model: string;
  promptVersion: string;
  usage: { inputTokens: number; outputTokens: number };
  cost: { currency: string; amount: number | null };
  flags: { code: string; reason: string }[];
  humanChanges: { reviewer: string; reason: string; at: string; kind?: string }[];
  attempts: { rawReply: string | null; latencyMs: number }[];
  answer: string | null;
}

export interface JobCounts {
  total: number;
  graded: number;
  needsReview: number;
  failed: number;
  cancelled: number;
  pending: number;
}

export interface Job {
  id: string;
  status: string;
  total: number;
  rubricId: string;
  counts: JobCounts;
}

export interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
}

export interface Agreement {
  count: number;
  unscored: number;
  quadraticKappa: Estimate;
  exactAgreement: Estimate;
  adjacentAgreement: Estimate;
  meanAbsoluteError: Estimate;
  pearson: Estimate;
}

export interface Calibration {
  id: string;
  status: "running" | "completed";
  jobId: string;
  answerCount: number;
  metrics: { total: Agreement; criteria: Record<string, Agreement> } | null;
}
