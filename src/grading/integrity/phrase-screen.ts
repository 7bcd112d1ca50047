/**
 * Runs the phrase rules over a matching text, and judges short fragments (hidden comments, decoded blobs)
 * for grading vocabulary. Pure; no I/O.
 */
import {
  foldForScreening,
  foldPatternSource,
  lowerCaseSameLength,
  sourceSlice,
  type MatchingText,
} from "./matching-text.js";
import { PHRASE_RULES } from "./phrases/index.js";
import { clipExcerpt, type LocatedFinding, type PhraseRule } from "./screen-types.js";

export interface PhraseHit {
  rule: PhraseRule;
  /** Offsets of the match in the matching text. */
  start: number;
  end: number;
}

/**
 * The first match of every rule in `text`, in text order. Each rule runs once (non-global, so `lastIndex`
 * is never carried between calls); case-insensitive rules see the lower-cased text. Linear in the text length times the number of rules, because every
 * rule uses bounded gaps only.
 */
export function findPhraseHits(text: string, rules: readonly PhraseRule[] = PHRASE_RULES): PhraseHit[] {
  const lowerCased = lowerCaseSameLength(text);
  const hits: PhraseHit[] = [];
  for (const rule of rules) {
    const match = rule.pattern.exec(rule.caseSensitive ? text : lowerCased);
    if (match) hits.push({ rule, start: match.index, end: match.index + match[0].length });
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** Findings for the phrase hits in the canonical answer's matching text; excerpts come from the canonical text. */
export function phraseFindings(view: MatchingText, hits: readonly PhraseHit[]): LocatedFinding[] {
  return hits.map((hit) => ({
    technique: hit.rule.technique,
    reason: hit.rule.reason,
    excerpt: clipExcerpt(sourceSlice(view, hit.start, hit.end)),
    position: view.sourceOffsets[hit.start] ?? 0,
  }));
}

/**
 * Words that only matter when they appear where a teacher would not look (a hidden comment, a decoded
 * blob): in visible text they are ordinary subject matter, so they are never used on the answer itself.
 */
const GRADER_VOCABULARY = new RegExp(
  foldPatternSource(
    String.raw`\b(?:grader|grading|graded|grade|marker|marking|marks|examiner|evaluator|assessor|rubric|score|scored|points?|credit|ai|llm|gpt|chatgpt|assistant|ignore|instructions?|award|assign|correct(?:ly)?|criteri(?:a|on)|evaluat\w*|full marks|maximum|teacher|ki|ia|nota|voto|puan|nilai)\b|punkt|bewert|korrekt|note maximale|correcteur|calific|puntuaci|punteggio|балл|оцен|满分|滿分|评分|評分|分数|अंक|नंबर|درجة|نمره|مصحح`,
  ),
  "iu",
);

/**
 * Whether a short fragment seems to talk to or about the grader: any phrase rule matches, or it uses
 * grading vocabulary. Meant for text the teacher would not see (hidden or encoded); too eager for visible
 * text. Returns the first phrase rule that matched, `true` for vocabulary only, or `false`.
 */
export function fragmentAddressesGrader(fragment: string): PhraseRule | boolean {
  const folded = foldForScreening(fragment).text;
  const [firstHit] = findPhraseHits(folded);
  if (firstHit) return firstHit.rule;
  return GRADER_VOCABULARY.test(folded);
}
