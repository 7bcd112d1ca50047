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
import {
  filterList,
  filtersThatMayMatch,
  firstMatchFrom,
  indexText,
  literalFilter,
  mayMatch,
  patternPlan,
  stickyCopy,
  type LiteralFilter,
  type MatchStarts,
  type TextIndex,
} from "./literal-prefilter.js";
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
export function findPhraseHits(
  text: string,
  rules: readonly PhraseRule[] = PHRASE_RULES,
  prepared?: PreparedText,
): PhraseHit[] {
  const hits: PhraseHit[] = [];
  // A view that does not apply (a text not read backwards, not rot13) is empty; only a rule that needs no
  // literal could match it.
  if (
    text.length === 0 &&
    rules === PHRASE_RULES &&
    PHRASE_RULE_PLANS.every((plan) => plan.filter !== null)
  ) {
    return hits;
  }
  const lowerCased = prepared?.lower ?? lowerCaseSameLength(text);
  const index = prepared?.index ?? indexText(lowerCased);
  const plans = rules === PHRASE_RULES ? PHRASE_RULE_PLANS : rules.map(planOf);
  // The rules that may match, decided at once for the screen's own rules (most need a word the text does
  // not hold: they cannot match, and are not run).
  const possible = rules === PHRASE_RULES ? filtersThatMayMatch(PHRASE_RULE_FILTERS, index) : null;
  const count = possible?.length ?? rules.length;
  for (let at = 0; at < count; at++) {
    const position = possible === null ? at : possible[at]!;
    const rule = rules[position]!;
    const plan = plans[position]!;
    if (possible === null && !mayMatch(plan.filter, index)) continue;
    const match = rule.caseSensitive
      ? rule.pattern.exec(text)
      : firstMatchFrom(lowerCased, index, rule.pattern, plan.sticky, plan.starts);
    if (match) hits.push({ rule, start: match.index, end: match.index + match[0].length });
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** How a rule is run: what it needs, where its matches can start, and a sticky copy for those starts. */
interface RulePlan {
  filter: LiteralFilter | null;
  starts: MatchStarts | null;
  sticky: RegExp | null;
}

const rulePlans = new WeakMap<PhraseRule, RulePlan>();

/** The plan of a rule; its literals are those of the lower-cased text the index is made of. */
function planOf(rule: PhraseRule): RulePlan {
  let plan = rulePlans.get(rule);
  if (plan === undefined) {
    const { filter, starts } = patternPlan(rule.pattern.source, rule.pattern.flags, rule.caseSensitive);
    plan = { filter, starts, sticky: starts === null ? null : stickyCopy(rule.pattern) };
    rulePlans.set(rule, plan);
  }
  return plan;
}

const PHRASE_RULE_PLANS = PHRASE_RULES.map(planOf);
const PHRASE_RULE_FILTERS = filterList(PHRASE_RULE_PLANS.map((plan) => plan.filter));

/** `text` lower-cased (lowerCaseSameLength) and its index, when the caller has them already. */
export interface PreparedText {
  lower: string;
  index: TextIndex;
}

/** A half-open range [start, end) of a text. */
export type TextRange = readonly [start: number, end: number];

/**
 * Phrase hits in some ranges of `text` only, with offsets in `text`: the first match of each of `rules`, in
 * text order, as {@link findPhraseHits} would give when no match lies outside the ranges. Ranges should be
 * whole lines (see {@link linesContaining}) so that line anchors and lookbehinds see what they would see in
 * the whole text. Used for derived views (look-alikes undone, words despaced, lines joined) where a rule
 * that missed the plain text can only match near what the view changed; the cost follows the changed
 * lines, not the length of the answer.
 */
export function findPhraseHitsInRanges(
  text: string,
  ranges: readonly TextRange[],
  rules: readonly PhraseRule[] = PHRASE_RULES,
): PhraseHit[] {
  if (ranges.length === 0) return [];
  // A rule whose literals the whole text lacks cannot match any part of it: the parts are read with the
  // rules that may match the whole only.
  const whole = indexText(lowerCaseSameLength(text));
  const plans = rules === PHRASE_RULES ? PHRASE_RULE_PLANS : rules.map(planOf);
  const possible = rules.filter((_, position) => mayMatch(plans[position]!.filter, whole));
  const first = new Map<string, PhraseHit>();
  if (possible.length === 0) return [];
  for (const [start, end] of ranges) {
    for (const hit of findPhraseHits(text.slice(start, end), possible)) {
      if (first.has(hit.rule.id)) continue;
      first.set(hit.rule.id, { rule: hit.rule, start: hit.start + start, end: hit.end + start });
    }
  }
  return [...first.values()].sort((a, b) => a.start - b.start);
}

/**
 * The whole lines that contain the given offsets (ascending), widened by `context` lines on either side,
 * merged and in order. Linear in the text length plus the number of offsets.
 */
export function linesContaining(text: string, offsets: Iterable<number>, context = 0): TextRange[] {
  const ranges: [number, number][] = [];
  for (const offset of offsets) {
    const last = ranges[ranges.length - 1];
    if (last && offset >= last[0] && offset < last[1]) continue;
    let start = offset === 0 ? 0 : text.lastIndexOf("\n", offset - 1) + 1;
    for (let line = 0; line < context && start > 1; line++) start = text.lastIndexOf("\n", start - 2) + 1;
    // An offset on a line break belongs to both lines it separates.
    let end = text.indexOf("\n", text[offset] === "\n" ? offset + 1 : offset);
    if (end < 0) end = text.length;
    for (let line = 0; line < context && end < text.length; line++) {
      const next = text.indexOf("\n", end + 1);
      end = next < 0 ? text.length : next;
    }
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  return ranges;
}

/**
 * Stems that almost every phrase rule contains, in every screened language (folded and lower-cased like
 * the matching text). A derived view that only reverses or rotates the text (rot13, backwards) is worth a
 * full pass of the phrase rules only when it contains one of them; ordinary text reversed or rotated
 * almost never does, so the pass is skipped for nearly every real answer.
 */
const GRADING_STEMS = [
  "ignor disregard forget instruc rubric grade grading mark score point credit award give full maxim correct",
  "teacher examiner evaluat assess system admin pretend deserv perfect criteri verdict prompt override pass",
  "punkt bewert anweis vergiss richtig korrekt consign bareme oublie donne calific nota puntu olvid pontu",
  "esquec istruz punteg dimentic voto talimat puan nilai abaikan instruksi",
  "инструкц балл оцен игнорир забуд правильн تعليمات تجاهل درجه علامه نمره دستور نادیده",
  "忽略 指令 满分 滿分 分数 评分 निर्देश अंक नंबर",
]
  .join(" ")
  .split(" ");

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
const stemPattern = (stems: readonly string[]) =>
  new RegExp(stems.map((stem) => escapeRegex(foldPatternSource(stem))).join("|"), "u");
const ROT13_LETTERS = "abcdefghijklmnopqrstuvwxyz";
const rot13Stem = (stem: string) =>
  stem.replace(/[a-z]/gu, (letter) => ROT13_LETTERS[(ROT13_LETTERS.indexOf(letter) + 13) % 26]!);
const ROTATED_STEMS = stemPattern(GRADING_STEMS.filter((stem) => /^[a-z]+$/u.test(stem)).map(rot13Stem));
const REVERSED_STEMS = stemPattern(GRADING_STEMS.map((stem) => Array.from(stem).reverse().join("")));

const ROTATED_FILTER = literalFilter(ROTATED_STEMS.source, ROTATED_STEMS.flags);
const REVERSED_FILTER = literalFilter(REVERSED_STEMS.source, REVERSED_STEMS.flags);

/** Whether rot13 of this matching text could hold a phrase: it spells a grading stem. */
export function mayHideRot13(text: string, prepared?: PreparedText): boolean {
  if (prepared && !mayMatch(ROTATED_FILTER, prepared.index)) return false;
  return ROTATED_STEMS.test(prepared?.lower ?? lowerCaseSameLength(text));
}

/** Whether this matching text read backwards could hold a phrase: it spells a grading stem backwards. */
export function mayHideBackwards(text: string, prepared?: PreparedText): boolean {
  if (prepared && !mayMatch(REVERSED_FILTER, prepared.index)) return false;
  return REVERSED_STEMS.test(prepared?.lower ?? lowerCaseSameLength(text));
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
