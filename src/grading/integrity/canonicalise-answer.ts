/**
 * Two text forms of a student answer, both pure and deterministic (no I/O):
 *
 *  - {@link stripSmuggling}: the answer as written minus the characters that smuggle (bidi controls, Unicode
 *    tag characters, runs of variation selectors, zero-width spaces, word joiners, soft hyphens, other
 *    invisible format characters, control characters other than tab and line breaks), with what was removed
 *    counted. This is what the model, the cache key and the evidence check see (after line-break
 *    normalisation, see analyse-answer.ts): `x² + y² = r²` stays `x² + y² = r²`.
 *  - {@link canonicaliseAnswer}: the stripped text, NFKC-folded and whitespace-folded. Only the injection
 *    screen reads it; folding is for screening and matching, never for grading, because NFKC changes
 *    meaning (`2³ = 8` becomes `23 = 8`, `½` becomes `1⁄2`).
 *
 * Canonical steps, in this order:
 *  1. Strip (as above). Removal happens before NFKC so that NFKC can compose letters an attacker separated
 *     with invisible characters.
 *  2. Unicode NFKC (folds fullwidth and mathematical letters, ligatures, superscripts, compatibility spaces).
 *  3. Whitespace folding. Decision: a whitespace run that contains a line break becomes one "\n"; any other
 *     run becomes one " "; the result is trimmed. Lines are kept because line starts carry meaning for the
 *     injection screen ("SYSTEM:" labels, LaTeX `%` and Markdown `[//]: #` comments end at a line end);
 *     blank lines (paragraphs) are not kept, because nothing downstream needs them.
 *
 * Kept on purpose: U+200C ZWNJ between letters of scripts that use it (Persian «می‌خواهم», Arabic-script
 * languages, Indic scripts, …); U+200D ZWJ inside emoji sequences and between letters of those scripts; either
 * joiner right after an Indic virama (Malayalam chillu letters, ന്‍, end words); a
 * single variation selector after an emoji, CJK or math base; the three RGI subdivision flags (England,
 * Scotland, Wales), which are spelled with tag characters. The same characters elsewhere are removed and
 * counted, because an attacker uses them to split words or to hide data.
 */

import {
  mergeSummaries,
  summariseRemovals,
  type RemovalCategory,
  type RemovedCharacterSummary,
} from "./removal-summary.js";

export type { RemovedCharacterCategory, RemovedCharacterSummary } from "./removal-summary.js";

export interface StrippedAnswer {
  /** The text as written minus smuggling characters; whitespace, case and every visible character kept. */
  kept: string;
  removed: RemovedCharacterSummary[];
}

export interface CanonicalAnswer {
  canonical: string;
  removed: RemovedCharacterSummary[];
}

/**
 * Removes smuggling characters (see the module comment) and reports them. Linear in the length; an answer
 * with none of the candidate characters (most answers) is returned as it is after one regex test.
 * Never throws; lone surrogates and noncharacters are removed as `control_character`.
 * Failure modes: visible look-alikes (Cyrillic "о" for Latin "o") and fullwidth letters are kept — they
 * are what the student wrote; the injection screen reads them through its own folded copy.
 */
export function stripSmuggling(text: string): StrippedAnswer {
  if (!MAY_REMOVE.test(text)) return { kept: text, removed: [] };
  const codePoints = Array.from(text);
  const categories = classifyCodePoints(codePoints);
  let kept = "";
  for (let index = 0; index < codePoints.length; index++) {
    if (categories[index] === null) kept += codePoints[index]!;
  }
  return { kept, removed: summariseRemovals(codePoints, categories) };
}

/**
 * Canonicalises an answer for screening: smuggling characters removed, NFKC, whitespace folded (see the
 * module comment). Never throws; lone surrogates and other malformed code points are removed as
 * `control_character`. Idempotent: `canonicaliseAnswer(x.canonical).canonical === x.canonical` and its
 * `removed` is empty. Failure modes to know: visible look-alikes from other scripts (Cyrillic "о" for Latin
 * "o") are not folded — the injection screen handles those; whitespace inside a line is folded, so
 * indentation is lost; NFKC changes meaning (`x²` → `x2`), so this text must never be graded.
 */
export function canonicaliseAnswer(text: string): CanonicalAnswer {
  return canonicaliseStripped(stripSmuggling(text));
}

/** {@link canonicaliseAnswer} for a text already stripped, so that an analysis strips only once. */
export function canonicaliseStripped(stripped: StrippedAnswer): CanonicalAnswer & { unfolded: string } {
  const unfolded = stripped.kept.normalize("NFKC");
  let result: CanonicalAnswer = { canonical: foldWhitespace(unfolded), removed: stripped.removed };
  // One pass is almost always final. A joiner kept next to a character that NFKC then rewrites (an Arabic
  // presentation form that decomposes to a space and a mark) is only seen as stray by a second pass; passes
  // repeat until nothing changes, which keeps the idempotence promise. Each extra pass removes at least one
  // code point, and in practice there is at most one. A text with no candidate character needs none.
  for (let pass = 0; pass < MAX_EXTRA_PASSES && MAY_REMOVE.test(result.canonical); pass++) {
    const again = stripSmuggling(result.canonical);
    const canonical = foldWhitespace(again.kept.normalize("NFKC"));
    if (canonical === result.canonical && again.removed.length === 0) break;
    result = { canonical, removed: mergeSummaries(result.removed, again.removed) };
  }
  return { ...result, unfolded };
}

const MAX_EXTRA_PASSES = 8;

/**
 * Every code point {@link classifyCodePoints} might remove, and the joiners it judges (a superset: U+2065
 * is listed with its neighbours although it is kept). Lone surrogates match `[\ud800-\udfff]` in a `u`
 * regex; paired ones form one astral code point and do not. The class lists code points on purpose
 * (control characters and combining marks included), which is what the two lint rules warn about.
 */
/* eslint-disable no-control-regex, no-misleading-character-class */
const MAY_REMOVE =
  /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ud800-\udfff\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}\u{1fffe}\u{1ffff}\u{2fffe}\u{2ffff}\u{3fffe}\u{3ffff}\u{4fffe}\u{4ffff}\u{5fffe}\u{5ffff}\u{6fffe}\u{6ffff}\u{7fffe}\u{7ffff}\u{8fffe}\u{8ffff}\u{9fffe}\u{9ffff}\u{afffe}\u{affff}\u{bfffe}\u{bffff}\u{cfffe}\u{cffff}\u{dfffe}\u{dffff}\u{efffe}\u{effff}\u{ffffe}\u{fffff}\u{10fffe}\u{10ffff}]/u;
/* eslint-enable no-control-regex, no-misleading-character-class */

/**
 * The text form evidence verification compares: smuggling characters removed, canonically composed (NFC),
 * then every whitespace run (newlines included) to one space, trimmed. Case and every visible character are
 * kept and nothing is NFKC-folded, so a quote "23 = 8" does not match an answer "2³ = 8", while a quote that
 * differs only in line breaks or spacing does, and so does one written composed ("café") from an answer
 * written decomposed ("cafe" and a combining accent, as macOS and many PDFs give it): NFC only joins what
 * Unicode defines as the same text. Idempotent, and `foldForEvidence(stripSmuggling(x).kept) ===
 * foldForEvidence(x)`. Failure modes: matching stays case-, punctuation- and character-sensitive by design (a
 * quote must be verbatim; a model that "corrects" `ｇｌｕｃｏｓｅ` to `glucose` in a quote is not verified); a
 * quote that spans a removed invisible character still matches, because both sides lose it.
 */
export function foldForEvidence(text: string): string {
  const kept = stripSmuggling(text).kept;
  const composed = MAY_COMPOSE.test(kept) ? kept.normalize("NFC") : kept;
  return composed.replace(WHITESPACE_RUN, " ").trim();
}

/** Below U+0300 every character is its own NFC form and none composes with what precedes it. */
const MAY_COMPOSE = /[^\t-\u02ff]/u;

// ---------------------------------------------------------------------------------------------------------
// Classification

type Category = RemovalCategory;

const BIDI_CONTROLS = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);
const ZERO_WIDTH_SPACE = 0x200b;
const ZWNJ = 0x200c;
const ZWJ = 0x200d;
const WORD_JOINER = 0x2060;
const BOM = 0xfeff;
const SOFT_HYPHEN = 0x00ad;
const MONGOLIAN_VOWEL_SEPARATOR = 0x180e;
/** 🏴, which starts a subdivision flag spelled with tag characters. */
export const BLACK_FLAG = 0x1f3f4;
/** Unicode tag characters U+E0000–U+E007F; U+E0020–U+E007E mirror ASCII, U+E007F ends a tag sequence. */
export const TAG_BASE = 0xe0000;
export const CANCEL_TAG = 0xe007f;

/** Subdivision flags recommended for general interchange (RGI): 🏴 + tag letters + cancel tag. */
const RGI_SUBDIVISION_TAGS = ["gbeng", "gbsct", "gbwls"];

/** Scripts whose spelling uses ZWNJ/ZWJ between letters (Persian, Urdu, Arabic, Indic, …). */
const JOINER_SCRIPT =
  /[\p{scx=Arabic}\p{scx=Syriac}\p{scx=Nko}\p{scx=Mandaic}\p{scx=Mongolian}\p{scx=Devanagari}\p{scx=Bengali}\p{scx=Gurmukhi}\p{scx=Gujarati}\p{scx=Oriya}\p{scx=Tamil}\p{scx=Telugu}\p{scx=Kannada}\p{scx=Malayalam}\p{scx=Sinhala}\p{scx=Myanmar}\p{scx=Khmer}\p{scx=Tibetan}]/u;
/** The viramas of the Indic scripts (Devanagari to Malayalam, and Sinhala's al-lakuna). */
const VIRAMA = /[\u094d\u09cd\u0a4d\u0acd\u0b4d\u0bcd\u0c4d\u0ccd\u0d4d\u0dca]/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const EMOJI_MODIFIER = /\p{Emoji_Modifier}/u;
/** Bases after which one variation selector is meaningful: emoji (incl. keycap digits), CJK ideographs, math. */
const VARIATION_BASE = /[\p{Emoji}\p{scx=Han}\p{Sm}]/u;
const MONGOLIAN = /\p{scx=Mongolian}/u;
const HANGUL_JAMO = /[\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]/u;

function isVariationSelector(cp: number): boolean {
  return (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}

export function isTagCharacter(cp: number): boolean {
  return cp >= TAG_BASE && cp <= CANCEL_TAG;
}

/** Invisible format characters with no job in running text (Hangul fillers, invisible math operators, …). */
function isOtherInvisible(cp: number): boolean {
  return (
    cp === 0x034f || // combining grapheme joiner
    cp === 0x3164 || // Hangul filler
    cp === 0xffa0 || // halfwidth Hangul filler
    cp === 0x17b4 ||
    cp === 0x17b5 || // Khmer inherent vowels (discouraged by Unicode)
    (cp >= 0x2061 && cp <= 0x2064) || // invisible times, separator, plus, function application
    (cp >= 0x206a && cp <= 0x206f) || // deprecated format characters
    (cp >= 0xfff9 && cp <= 0xfffb) || // interlinear annotation
    (cp >= 0x1bca0 && cp <= 0x1bca3) || // shorthand format controls
    (cp >= 0x1d173 && cp <= 0x1d17a) // musical symbol format controls
  );
}

function isControlCharacter(cp: number): boolean {
  // Tab, line feed, vertical tab, form feed, carriage return and NEL are whitespace, folded later.
  if (cp === 0x09 || cp === 0x0a || cp === 0x0b || cp === 0x0c || cp === 0x0d || cp === 0x85) return false;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return true;
  if (cp >= 0xd800 && cp <= 0xdfff) return true; // lone surrogate
  return (cp & 0xfffe) === 0xfffe; // noncharacters U+xFFFE, U+xFFFF
}

function codePointOf(codePoints: readonly string[], index: number): number {
  return codePoints[index]?.codePointAt(0) ?? -1;
}

/** Length of an RGI subdivision flag's tag sequence starting right after a 🏴, or 0. */
function rgiFlagTagLength(codePoints: readonly string[], flagIndex: number): number {
  for (const letters of RGI_SUBDIVISION_TAGS) {
    let matches = true;
    for (let offset = 0; offset < letters.length; offset++) {
      if (codePointOf(codePoints, flagIndex + 1 + offset) !== 0xe0000 + letters.charCodeAt(offset)) {
        matches = false;
        break;
      }
    }
    if (matches && codePointOf(codePoints, flagIndex + 1 + letters.length) === CANCEL_TAG)
      return letters.length + 1;
  }
  return 0;
}

/**
 * Code points that are never the letter a joiner joins: joiners, selectors and every character this module
 * may remove. Skipping all of them (not only joiners and selectors) matters: a ZWNJ before a soft hyphen or
 * a Mongolian selector must be judged by the letter after those, because they themselves may disappear.
 */
function isTransparentForJoining(cp: number): boolean {
  return (
    cp === ZWNJ ||
    cp === ZWJ ||
    isVariationSelector(cp) ||
    isTagCharacter(cp) ||
    BIDI_CONTROLS.has(cp) ||
    cp === ZERO_WIDTH_SPACE ||
    cp === WORD_JOINER ||
    cp === MONGOLIAN_VOWEL_SEPARATOR ||
    cp === BOM ||
    cp === SOFT_HYPHEN ||
    (cp >= 0x180b && cp <= 0x180d) ||
    cp === 0x180f ||
    cp === 0x115f ||
    cp === 0x1160 ||
    isOtherInvisible(cp) ||
    isControlCharacter(cp)
  );
}

/**
 * For each index, the nearest later code point that a joiner could join (see isTransparentForJoining).
 * Computed in one backward pass so that long runs of invisible characters stay linear.
 */
function nextSubstantiveCodePoints(codePoints: readonly string[]): (string | undefined)[] {
  const next = new Array<string | undefined>(codePoints.length);
  let nearest: string | undefined;
  for (let index = codePoints.length - 1; index >= 0; index--) {
    next[index] = nearest;
    if (!isTransparentForJoining(codePointOf(codePoints, index))) nearest = codePoints[index];
  }
  return next;
}

/** Returns, per code point, null to keep it or the category it is removed under. */
function classifyCodePoints(codePoints: readonly string[]): Category[] {
  const categories: Category[] = new Array<Category>(codePoints.length).fill(null);
  // The last kept code point, and the last kept one that is not a VS or skin-tone modifier (an emoji base).
  let previousKept: string | undefined;
  let previousBase: string | undefined;
  let protectedTagsUntil = -1;
  const nextSubstantive = nextSubstantiveCodePoints(codePoints);

  for (let index = 0; index < codePoints.length; index++) {
    const character = codePoints[index]!;
    const cp = character.codePointAt(0)!;
    let category: Category = null;

    if (cp === BLACK_FLAG) {
      const tagLength = rgiFlagTagLength(codePoints, index);
      if (tagLength > 0) protectedTagsUntil = index + tagLength;
    }

    if (isTagCharacter(cp)) {
      if (index > protectedTagsUntil) category = "tag_character";
    } else if (BIDI_CONTROLS.has(cp)) {
      category = "bidi_control";
    } else if (isVariationSelector(cp)) {
      const runStart = index > 0 && isVariationSelector(codePointOf(codePoints, index - 1));
      const runContinues = isVariationSelector(codePointOf(codePoints, index + 1));
      const single = !runStart && !runContinues;
      const keep = single && previousKept !== undefined && VARIATION_BASE.test(previousKept);
      if (!keep) category = "variation_selector";
    } else if (cp === ZWNJ || cp === ZWJ) {
      category = classifyJoiner(cp, previousKept, previousBase, nextSubstantive[index]);
    } else if (cp === ZERO_WIDTH_SPACE || cp === WORD_JOINER || cp === MONGOLIAN_VOWEL_SEPARATOR) {
      category = "zero_width";
    } else if (cp === BOM) {
      category = index === 0 ? "byte_order_mark" : "zero_width";
    } else if (cp === SOFT_HYPHEN) {
      category = "soft_hyphen";
    } else if ((cp >= 0x180b && cp <= 0x180d) || cp === 0x180f) {
      // Mongolian free variation selectors are needed after Mongolian letters only.
      if (previousKept === undefined || !MONGOLIAN.test(previousKept)) category = "other_invisible";
    } else if (cp === 0x115f || cp === 0x1160) {
      // Hangul choseong/jungseong fillers belong inside conjoining jamo sequences; alone they are blanks.
      const next = codePoints[index + 1];
      const inJamo =
        (previousKept !== undefined && HANGUL_JAMO.test(previousKept)) ||
        (next !== undefined && HANGUL_JAMO.test(next));
      if (!inJamo) category = "other_invisible";
    } else if (isOtherInvisible(cp)) {
      category = "other_invisible";
    } else if (isControlCharacter(cp)) {
      category = "control_character";
    }

    categories[index] = category;
    if (category === null) {
      previousKept = character;
      if (!isVariationSelector(cp) && !EMOJI_MODIFIER.test(character) && cp !== ZWJ && cp !== ZWNJ) {
        previousBase = character;
      }
    }
  }
  return categories;
}

function classifyJoiner(
  cp: number,
  previousKept: string | undefined,
  previousBase: string | undefined,
  next: string | undefined,
): Category {
  const previousCp = previousKept?.codePointAt(0);
  if (previousCp === ZWNJ || previousCp === ZWJ) return "zero_width"; // a run of joiners: keep one at most
  // A joiner after a virama shapes the consonant before it, whatever follows: Malayalam writes its chillu
  // letters as consonant, virama, ZWJ (ന്‍), at the end of a word; ZWNJ there keeps a half form visible.
  if (previousKept !== undefined && VIRAMA.test(previousKept)) return null;
  if (previousKept === undefined || next === undefined) return "zero_width";
  const betweenJoiningLetters = JOINER_SCRIPT.test(previousKept) && JOINER_SCRIPT.test(next);
  if (betweenJoiningLetters) return null;
  if (
    cp === ZWJ &&
    previousBase !== undefined &&
    PICTOGRAPHIC.test(previousBase) &&
    PICTOGRAPHIC.test(next)
  ) {
    return null; // emoji ZWJ sequence such as 👨‍👩‍👧 or 🏃‍♂️
  }
  return "zero_width";
}

// ---------------------------------------------------------------------------------------------------------
// Whitespace

/** JS `\s` plus NEL (U+0085), which `\s` does not include. One class, so the regex is linear. */
const WHITESPACE_RUN = /[\s\u0085]+/gu;
const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/u;

/** Whitespace other than a single space: without any, every run is one space and stays as it is. */
const OTHER_WHITESPACE =
  /[\t\n\v\f\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/u;

/**
 * The runs foldWhitespace changes: two or more whitespace characters (a run is matched whole from its
 * first character), or one that is not a space. A single space, most of them, stays without a call.
 */
const CHANGED_WHITESPACE =
  /[\s\u0085]{2,}|[\t\n\v\f\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/gu;

function foldWhitespace(text: string): string {
  if (!OTHER_WHITESPACE.test(text)) return text.trim();
  return text.replace(CHANGED_WHITESPACE, (run) => (LINE_BREAK.test(run) ? "\n" : " ")).trim();
}
