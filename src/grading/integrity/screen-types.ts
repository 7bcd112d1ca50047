/**
 * Types shared by the injection screen's detectors, and the helpers that turn a match into a finding a
 * teacher can read. Pure; no I/O.
 */

/** The kinds of grader manipulation the screen recognises; each finding names exactly one. */
export type InjectionTechnique =
  | "instruction_override"
  | "role_claim"
  | "score_request"
  | "rubric_amendment"
  | "fake_verdict"
  | "hidden_text"
  | "invisible_characters"
  | "encoded_payload"
  | "obfuscated_text"
  | "chat_template_markers"
  // Families that do not depend on a phrasing (see the detectors named in injection-screen.ts).
  | "grader_address"
  | "grading_meta_talk"
  | "role_transcript"
  | "prompt_extraction"
  | "exfiltration_link"
  | "output_flooding"
  | "control_characters"
  | "cross_language"
  // Not a move of the answer's but the screen's own limit: it could not finish reading the answer in time.
  | "screen_timeout";

/** One reason to send an answer to human review. */
export interface InjectionFinding {
  technique: InjectionTechnique;
  /** One plain sentence for the teacher: what the answer seems to do. */
  reason: string;
  /** At most {@link MAX_EXCERPT_LENGTH} characters of the text that triggered the finding (or what it decodes to). */
  excerpt: string;
}

/** A finding plus where it starts in the canonical answer, so that findings can be listed in reading order. */
export interface LocatedFinding extends InjectionFinding {
  /** Offset in the canonical answer, or -1 when the finding concerns the answer as a whole. */
  position: number;
}

/**
 * A phrase that addresses the grader, in one language. `pattern` runs on the folded matching text (see
 * matching-text.ts): lower/upper case is handled by its flags, diacritics and Arabic letter variants are
 * already folded on both sides.
 */
export interface PhraseRule {
  /** "<language>.<technique-ish>.<name>", e.g. "en.override.previous-instructions"; unique. */
  id: string;
  /** ISO 639-1 code of the language the phrase belongs to (reporting only). */
  language: string;
  technique: InjectionTechnique;
  reason: string;
  /** Never global. Unless `caseSensitive`, it expects lower-cased text (see phraseRule in matching-text.ts). */
  pattern: RegExp;
  caseSensitive: boolean;
}

export const MAX_EXCERPT_LENGTH = 80;

/**
 * Folds whitespace and clips to {@link MAX_EXCERPT_LENGTH} characters (code points, so a surrogate pair is
 * never cut), ending a clipped excerpt with "…".
 */
export function clipExcerpt(text: string): string {
  const folded = text.replace(/\s+/gu, " ").trim();
  const codePoints = Array.from(folded);
  if (codePoints.length <= MAX_EXCERPT_LENGTH) return folded;
  return `${codePoints
    .slice(0, MAX_EXCERPT_LENGTH - 1)
    .join("")
    .trimEnd()}…`;
}

/** Excerpt for a decoded or hidden payload: what the student wrote is unreadable, so show what it says. */
export function decodedExcerpt(label: string, decoded: string): string {
  return clipExcerpt(`${label}: "${decoded.replace(/\s+/gu, " ").trim()}"`);
}

/** Characters JavaScript treats as digits in any of the scripts we screen (Latin, Arabic-Indic, Persian, Devanagari). */
export const DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]";

/**
 * The tops of the common marking scales (out of 10, out of 20 as in France, out of 100), as regex
 * alternatives: a bare number that is one of them may be a top mark. One list for every detector.
 */
export const TOP_OF_A_SCALE = "10|20|100";

/**
 * A score written as a fraction, "8/10", "9,5 / 10", "۹٫۵/۱۰", never the tail of a longer number ("5,880 / 20"
 * is a quotient). The phrase rules of every language use it.
 */
export const SCORE_FRACTION = String.raw`(?<!${DIGIT}[.,\u066b]?)${DIGIT}{1,3}(?:[.,\u066b]${DIGIT})?\s*/\s*${DIGIT}{1,3}`;
/** {@link SCORE_FRACTION}, or the same numbers with the English "out of" ("9 out of 10"). */
export const SCORE_FRACTION_OR_OUT_OF = SCORE_FRACTION.replace(
  String.raw`\s*/\s*`,
  String.raw`\s*(?:/|out of)\s*`,
);
