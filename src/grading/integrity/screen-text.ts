/**
 * The screened text as the family detectors read it: the folded matching text, lower-cased once, and cut
 * into sentences. Detectors ask which word classes (lexicon.ts) a sentence holds, in any order and any
 * language, instead of matching a fixed phrase. Each class is matched over the whole text once, when a
 * detector first asks for it; a question about a sentence is then a binary search over the matches, so
 * the work is one regex pass per class used, whatever the number of sentences. Pure; linear in the length.
 */
import {
  classesMade,
  classMayMatch,
  textFacts,
  type CompiledClass,
  type TextFacts,
  type WordMatch,
} from "./lexicon.js";
import {
  matchesFrom,
  mayMatch,
  patternPlan,
  stickyCopy,
  type LiteralFilter,
  type MatchStarts,
} from "./literal-prefilter.js";
import { lowerCaseSameLength, sourceSlice, type MatchingText } from "./matching-text.js";
import { type TextRange } from "./phrase-screen.js";
import { clipExcerpt, type InjectionTechnique, type LocatedFinding } from "./screen-types.js";

export interface ScreenText {
  view: MatchingText;
  /** `view.text` lower-cased, same length (offsets are shared). */
  lower: string;
  /** Sentences of the text, in order; a sentence longer than MAX_SENTENCE is cut into overlapping parts. */
  sentences: readonly TextRange[];
  /** Matches of each pattern asked about so far (see occurrencesOf). */
  occurrences: Map<RegExp, Occurrences>;
  /** Matches of each class asked about so far, by class id (an array: a Map grew and rehashed per answer). */
  classOccurrences: (Occurrences | undefined)[];
  /** Which scripts and literals `lower` holds, made when a class or pattern is first asked about. */
  facts: TextFacts | null;
}

interface Occurrences {
  starts: number[];
  ends: number[];
}

/** More matches of one pattern than this add nothing (a class word every few characters). */
const MAX_OCCURRENCES = 4000;
interface CompiledPattern {
  global: RegExp;
  sticky: RegExp | null;
  filter: LiteralFilter | null;
  starts: MatchStarts | null;
}
const globalVersions = new WeakMap<RegExp, CompiledPattern>();
/** Every pattern compiled so far (a few hundred, all module constants): for the prefilter's tests. */
const compiledPatterns: RegExp[] = [];

/** The patterns the screen has run through allMatches, findIn and the like so far. */
export function screenPatternsSeen(): readonly RegExp[] {
  return compiledPatterns;
}

/**
 * Ends a sentence: . ! ? ; and their Arabic, Urdu, Chinese and Devanagari forms, and a line break. A point
 * between digits is a decimal or thousands separator ("3.5 m/s", "10.000 Wörter"), not an end; nor is the
 * point of "number" abbreviated before a number («Schüler Nr. 2041», "student No. 17", «núm. 5», «n. 17»,
 * «č. 12», «nº. 7»; folded: nr, no, num, nro, n, c), which would cut "what did student No. 17 write" in two.
 */
const SENTENCE_END =
  /(?<!\p{N}(?=\.\p{N}))(?<!(?<![\p{L}\p{M}\p{N}])(?:nr|no|nro|num|n|c)(?=\.[ \u00a0]?\p{N}))\.|[!?;\n\u061f\u061b\u06d4\u3002\u0964]/gu;
/** Longer sentences are read in overlapping parts, which bounds the work per class test. */
const MAX_SENTENCE = 500;
const OVERLAP = 100;

export function screenTextOf(view: MatchingText): ScreenText {
  const lower = lowerCaseSameLength(view.text);
  const sentences: TextRange[] = [];
  const push = (start: number, end: number) => {
    while (start < end && /\s/u.test(lower[start]!)) start++;
    if (start >= end) return;
    for (let from = start; ; from += MAX_SENTENCE - OVERLAP) {
      const to = Math.min(end, from + MAX_SENTENCE);
      sentences.push([from, to]);
      if (to === end) break;
    }
  };
  let start = 0;
  for (const match of lower.matchAll(SENTENCE_END)) {
    push(start, match.index + 1);
    start = match.index + 1;
  }
  push(start, lower.length);
  // Sized for every class made, so that V8 keeps it a plain array (writes far past the end of an empty
  // array can turn it into a dictionary).
  const classOccurrences = new Array<Occurrences | undefined>(classesMade());
  return { view, lower, sentences, occurrences: new Map(), classOccurrences, facts: null };
}

/**
 * Index of the first sentence (or part of a long one) that holds `offset`, or -1 when the offset lies in
 * the spacing between sentences. Starts and ends both grow along `text.sentences`, so this is a binary
 * search for the first range ending after the offset.
 */
export function sentenceIndexAt(text: ScreenText, offset: number): number {
  const { sentences } = text;
  let low = 0;
  let high = sentences.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sentences[middle]![1] > offset) high = middle;
    else low = middle + 1;
  }
  return low < sentences.length && sentences[low]![0] <= offset ? low : -1;
}

/** Which scripts and literals the lower-cased text holds (made once, when first asked). */
export function factsOf(text: ScreenText): TextFacts {
  text.facts ??= textFacts(text.lower, text.view.source);
  return text.facts;
}

function compiledPattern(pattern: RegExp): CompiledPattern {
  let compiled = globalVersions.get(pattern);
  if (!compiled) {
    const { filter, starts } = patternPlan(pattern.source, pattern.flags);
    compiled = {
      global: pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`),
      sticky: starts === null ? null : stickyCopy(pattern),
      filter,
      starts,
    };
    globalVersions.set(pattern, compiled);
    compiledPatterns.push(pattern);
  }
  return compiled;
}

/**
 * Whether `pattern` (for the lower-cased text, without the `i` flag) may match the text: false only when
 * the text lacks a literal every match needs (literal-prefilter.ts), so a false never hides a match.
 */
export function mayMatchIn(text: ScreenText, pattern: RegExp): boolean {
  return mayMatch(compiledPattern(pattern).filter, factsOf(text).index);
}

/**
 * `pattern.test(text.lower)` for a pattern without the `g` or `y` flag, refused without running it when the
 * text lacks a literal every match needs: a detector's whole-text gate, asked of every answer.
 */
export function matchesAnywhere(text: ScreenText, pattern: RegExp): boolean {
  return mayMatchIn(text, pattern) && pattern.test(text.lower);
}

/**
 * `text.lower.matchAll(pattern)` for a global pattern, without running it when the text lacks a literal
 * every match needs.
 */
export function allMatches(text: ScreenText, pattern: RegExp): Iterable<RegExpExecArray> {
  const compiled = compiledPattern(pattern);
  const { index } = factsOf(text);
  if (!mayMatch(compiled.filter, index)) return [];
  // Empty matches are dropped by every caller; the text is searched at candidate starts only.
  if (compiled.starts !== null) {
    return matchesFrom(text.lower, index, pattern, compiled.sticky, compiled.starts, Infinity);
  }
  return text.lower.matchAll(pattern);
}

/** `wordClass.matches(text.lower, limit)`, skipping script groups and words the text cannot hold. */
export function classMatches(text: ScreenText, wordClass: CompiledClass, limit?: number): WordMatch[] {
  const facts = factsOf(text);
  return classMayMatch(wordClass, facts) ? wordClass.matches(text.lower, limit, facts) : [];
}

/** What a class or pattern found in a text where it matches nowhere (most of them, in most answers). */
const NO_OCCURRENCES: Occurrences = Object.freeze({
  starts: Object.freeze([]) as unknown as number[],
  ends: Object.freeze([]) as unknown as number[],
});

function occurrencesOf(text: ScreenText, pattern: CompiledClass | RegExp): Occurrences {
  if (pattern instanceof RegExp) {
    const known = text.occurrences.get(pattern);
    if (known) return known;
    const found = findOccurrences(text, pattern);
    text.occurrences.set(pattern, found);
    return found;
  }
  const known = text.classOccurrences[pattern.id];
  if (known) return known;
  const found = findOccurrences(text, pattern);
  text.classOccurrences[pattern.id] = found;
  return found;
}

function findOccurrences(text: ScreenText, pattern: CompiledClass | RegExp): Occurrences {
  const facts = factsOf(text);
  if (pattern instanceof RegExp) {
    const compiled = compiledPattern(pattern);
    // A pattern whose literals the text lacks cannot match: no need to run it.
    if (!mayMatch(compiled.filter, facts.index)) return NO_OCCURRENCES;
    const matches = matchesFrom(
      text.lower,
      facts.index,
      compiled.global,
      compiled.sticky,
      compiled.starts,
      MAX_OCCURRENCES,
    );
    if (matches.length === 0) return NO_OCCURRENCES;
    const found: Occurrences = { starts: [], ends: [] };
    for (const match of matches) {
      if (match[0].length === 0) continue;
      found.starts.push(match.index);
      found.ends.push(match.index + match[0].length);
      if (found.starts.length >= MAX_OCCURRENCES) break;
    }
    return found;
  }
  if (!classMayMatch(pattern, facts)) return NO_OCCURRENCES;
  const matches = pattern.matches(text.lower, MAX_OCCURRENCES, facts);
  if (matches.length === 0) return NO_OCCURRENCES;
  const found: Occurrences = { starts: [], ends: [] };
  for (const match of matches) {
    found.starts.push(match.index);
    found.ends.push(match.end);
  }
  return found;
}

/** Index of the first occurrence starting at or after `offset`. */
function firstFrom(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (starts[middle]! < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The text of a range. */
export function rangeText(text: ScreenText, [start, end]: TextRange): string {
  return text.lower.slice(start, end);
}

/**
 * Where `wordClass` first matches in the range (an offset in the text), or -1. Patterns are matched on
 * the whole text: `^` means the start of the answer, so sentence-start patterns spell out their boundary.
 */
export function findIn(text: ScreenText, range: TextRange, wordClass: CompiledClass | RegExp): number {
  const found = matchIn(text, range, wordClass);
  return found ? found.start : -1;
}

/** The first match of `wordClass` starting in the range, as offsets in the text, or null. */
export function matchIn(
  text: ScreenText,
  range: TextRange,
  wordClass: CompiledClass | RegExp,
): { start: number; end: number } | null {
  const { starts, ends } = occurrencesOf(text, wordClass);
  const index = firstFrom(starts, range[0]);
  return index < starts.length && starts[index]! < range[1]
    ? { start: starts[index]!, end: ends[index]! }
    : null;
}

/** Every match of `wordClass` starting in the range, at most `limit`. */
export function matchesIn(
  text: ScreenText,
  range: TextRange,
  wordClass: CompiledClass | RegExp,
  limit = 8,
): { start: number; end: number }[] {
  const { starts, ends } = occurrencesOf(text, wordClass);
  const found: { start: number; end: number }[] = [];
  for (let index = firstFrom(starts, range[0]); index < starts.length && starts[index]! < range[1]; index++) {
    found.push({ start: starts[index]!, end: ends[index]! });
    if (found.length >= limit) break;
  }
  return found;
}

/** Whether `wordClass` matches in the range. */
export function has(text: ScreenText, range: TextRange, wordClass: CompiledClass | RegExp): boolean {
  return findIn(text, range, wordClass) >= 0;
}

/** A range and the one after it (an instruction may run over a sentence break). */
export function withNext(text: ScreenText, index: number): TextRange {
  const range = text.sentences[index]!;
  const next = text.sentences[index + 1];
  return next && next[0] - range[1] < 4 ? [range[0], next[1]] : range;
}

/** The sentence alone, as a window of {@link firstSentenceFinding}. */
export const sentenceAlone = (text: ScreenText, index: number): TextRange => text.sentences[index]!;

/** A sentence and the one before it, as a window of {@link firstSentenceFinding}. */
export const withPrevious = (text: ScreenText, index: number): TextRange => [
  text.sentences[Math.max(0, index - 1)]![0],
  text.sentences[index]![1],
];

/** A sentence and the two after it, as a window of {@link firstSentenceFinding}. */
export const withTwoAfter = (text: ScreenText, index: number): TextRange => [
  text.sentences[index]![0],
  text.sentences[Math.min(text.sentences.length - 1, index + 2)]![1],
];

/**
 * The detectors' common shape: the first sentence whose own text matches `lead` (any sentence when null)
 * and whose window (`window(text, index)`) matches every pattern of `rest`, as one finding at the sentence's
 * start; none when no sentence does. Patterns are tested on the slices' text (a lookbehind sees only the
 * slice), without the `g` or `y` flag. Callers gate on the whole text first (matchesAnywhere).
 */
export function firstSentenceFinding(
  text: ScreenText,
  { lead, rest, window }: { lead: RegExp | null; rest: readonly RegExp[]; window: typeof sentenceAlone },
  technique: InjectionTechnique,
  reason: string,
): LocatedFinding[] {
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    if (lead !== null && !lead.test(text.lower.slice(sentence[0], sentence[1]))) continue;
    const [start, end] = window(text, index);
    const words = text.lower.slice(start, end);
    if (rest.every((pattern) => pattern.test(words))) {
      return [findingAt(text, technique, reason, sentence[0])];
    }
  }
  return [];
}

/** A finding whose excerpt starts at `start` in the matching text. */
export function findingAt(
  text: ScreenText,
  technique: InjectionTechnique,
  reason: string,
  start: number,
  end = start + 120,
): LocatedFinding {
  const stop = Math.min(text.view.text.length, Math.max(end, start + 1));
  return {
    technique,
    reason,
    excerpt: clipExcerpt(sourceSlice(text.view, start, stop)),
    position: text.view.sourceOffsets[start] ?? 0,
  };
}
