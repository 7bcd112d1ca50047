import type { AuditRecord } from "./audit.js";
import type { StoredGrade } from "./grade.js";

/**
 * What happens to a grade's record when its answer goes (retention) or when the grade it was copied
 * from goes (erasure of another student). Pure functions over the stored documents.
 */

type GradeDocuments = { grade: StoredGrade; audit: AuditRecord };

const purged = "[purged]";

/** Double-quoted runs, as JSON.stringify writes quotes into flag reasons and V8 into JSON.parse errors. */
const quotedText = /"(?:[^"\\]|\\.)*"/g;

function withoutQuotes(text: string): string {
  return text.replace(quotedText, `"${purged}"`);
}

/**
 * A grade whose answer text is purged: every place that holds the answer's words goes, everything
 * else stays (points, status, flags and their codes, usage, cost, feedback, rationale, explanation,
 * human changes).
 * - evidence quotes, in the grade and in the model's result: emptied;
 * - raw model replies of every attempt (they quote the answer): null; quoted text in the problems
 *   found in them (a JSON parse error quotes the reply): replaced by "[purged]";
 * - excerpts of the injection screen's findings: emptied; the model screen's reasoning: emptied
 *   (its verdict stays);
 * - quoted text in flag reasons (missing evidence quotes) and the model screen's reasoning in its
 *   flag: replaced by "[purged]".
 * Feedback, rationales and the explanation are kept: they are the grade, written for the student and
 * the teacher, and may paraphrase the answer (docs/api.md says so).
 */
export function scrubPurgedGrade({ grade, audit }: GradeDocuments): GradeDocuments {
  const withoutEvidence = <Criterion extends { evidence: string[] }>(criteria: Criterion[]) =>
    criteria.map((criterion) => ({ ...criterion, evidence: [] }));
  const { modelScreen } = audit.screening;
  return {
    grade: { ...grade, criteria: withoutEvidence(grade.criteria) },
    audit: {
      ...audit,
      attempts: audit.attempts.map((attempt) => ({
        ...attempt,
        rawReply: null,
        problems: attempt.problems.map(withoutQuotes),
      })),
      flags: audit.flags.map((flag) => ({
        ...flag,
        reason: flag.reason.startsWith("Model screen:")
          ? `Model screen: ${purged}`
          : withoutQuotes(flag.reason),
      })),
      screening: {
        ...audit.screening,
        findings: audit.screening.findings.map((finding) => ({ ...finding, excerpt: "" })),
        modelScreen: modelScreen && { ...modelScreen, reasoning: "" },
      },
      modelResult: { ...audit.modelResult, criteria: withoutEvidence(audit.modelResult.criteria) },
    },
  };
}

/** An audit record whose source grade was erased: it says so instead of naming the erased grade. */
export type UnlinkedAuditRecord = AuditRecord & { cachedFromErased: true };

/**
 * Another student's grade that was copied from an erased student's grade (an identical answer served
 * from the cache). It is that student's grade and stays as it is: the cache key names the text the
 * model saw, so its points, feedback and evidence quotes were made from text identical to that
 * student's own answer, and quote only that student's own words; and a copy never held the erased
 * answer as submitted, its raw replies, its screening findings or its reviewers' changes
 * (storeCachedCopy leaves those out). What goes is the link: `cachedFrom` (the erased grade's id) becomes null and
 * `cachedFromErased` says why; the store also takes the copy out of the cache, so no later answer is
 * ever served a result made from the erased answer.
 */
export function unlinkErasedSource({ grade, audit }: GradeDocuments): GradeDocuments {
  const unlinked: UnlinkedAuditRecord = { ...audit, cachedFrom: null, cachedFromErased: true };
  return { grade, audit: unlinked };
}
