/**
 * The folded text the phrase rules run on, and the compiler that folds the rules' own sources the same way.
 *
 * Why fold: students (and attackers) drop accents ("instrucoes", "onceki talimatlari"), stretch Arabic words
 * with tatweel, type Persian with Arabic letter forms or the reverse, and use typographic apostrophes. Folding
 * both the text and the rule sources with one function means a rule is written once, in ordinary spelling,
 * and still matches all of these. Case is left to the regex `i` flag.
 *
 * Folding is per code point, and the result keeps, for every UTF-16 unit, the offset of the code point it
 * came from, so that an excerpt can be cut from the canonical answer rather than from the folded copy.
 */
import { type InjectionTechnique, type PhraseRule } from "./screen-types.js";

export interface MatchingText {
  /** The folded text. */
  text: string;
  /** The text it was folded from (normally the canonical answer). */
  source: string;
  /** For each UTF-16 unit of `text`, the offset in `source` of the code point it came from. */
  sourceOffsets: Int32Array;
}

/** Single characters folded to one plain form (looked up before the general rules below). */
const CHARACTER_FOLDS = new Map<string, string>([
  // Typographic quotes and apostrophes: "don’t" and "don't", “score” and "score" must match alike.
  ["\u2018", "'"],
  ["\u2019", "'"],
  ["\u201a", "'"],
  ["\u201b", "'"],
  ["\u02bc", "'"],
  ["\u2032", "'"],
  ["\u00b4", "'"],
  ["\u201c", '"'],
  ["\u201d", '"'],
  ["\u201e", '"'],
  ["\u201f", '"'],
  ["\u2033", '"'],
  ["\u00ab", '"'],
  ["\u00bb", '"'],
  // Dashes: hyphen look-alikes become "-".
  ["\u2010", "-"],
  ["\u2011", "-"],
  ["\u2012", "-"],
  ["\u2013", "-"],
  ["\u2014", "-"],
  ["\u2015", "-"],
  ["\u2212", "-"],
  // Latin letters without a canonical decomposition.
  ["\u0131", "i"], // Turkish dotless i: "talimatları" ~ "talimatlari"
  ["\u0142", "l"],
  ["\u0141", "L"],
  ["\u00f8", "o"],
  ["\u00d8", "O"],
  ["\u0111", "d"],
  ["\u0110", "D"],
  // Arabic-script letter variants: hamza forms of alef, alef maqsura, Persian yeh/kaf, teh marbuta.
  ["\u0623", "\u0627"],
  ["\u0625", "\u0627"],
  ["\u0622", "\u0627"],
  ["\u0671", "\u0627"],
  ["\u0649", "\u064a"],
  ["\u06cc", "\u064a"],
  ["\u06a9", "\u0643"],
  ["\u0629", "\u0647"],
  ["\u06c0", "\u0647"],
  // Persian ZWNJ separates parts of one word; as a space, "نمره‌ی" and "نمره ی" match alike.
  ["\u200c", " "],
  ["\u200d", ""],
  ["\u0640", ""], // tatweel: "تـجـاهـل" ~ "تجاهل"
]);

/** Arabic vowel marks (harakat), superscript alef: not written in ordinary text, so ignored. */
const ARABIC_MARKS = /[\u064b-\u065f\u0670\u06d6-\u06ed]/u;
/** Latin, Greek and Cyrillic letters that may carry a combining diacritic after NFD. */
const DECOMPOSABLE = /[\u00c0-\u024f\u0370-\u04ff\u1e00-\u1fff]/u;
const COMBINING_DIACRITICS = /[\u0300-\u036f]/gu;

const foldCache = new Map<string, string>();

/** Folds one code point; the result may be empty or several units long. */
export function foldCharacter(character: string): string {
  if (character.charCodeAt(0) < 0x80) return character;
  const cached = foldCache.get(character);
  if (cached !== undefined) return cached;
  let folded = CHARACTER_FOLDS.get(character);
  if (folded === undefined) {
    if (ARABIC_MARKS.test(character)) folded = "";
    else if (DECOMPOSABLE.test(character))
      folded = character.normalize("NFD").replace(COMBINING_DIACRITICS, "");
    else folded = character;
  }
  if (foldCache.size < 4096) foldCache.set(character, folded);
  return folded;
}

/** Printable ASCII and line breaks, which fold to themselves (the canonical text has no other controls). */
const FOLDS_TO_ITSELF = /^[\n -~]*$/u;
const NEEDS_FOLDING = /[^\n -~]/gu;

/** Builds the folded matching text of `source` (normally the canonical answer). Linear in the length. */
export function foldForScreening(source: string): MatchingText {
  // ASCII folds to itself: the text is its own matching text (most English answers).
  if (FOLDS_TO_ITSELF.test(source)) return unfoldedMatchingText(source);
  // Most folds keep the length (é → e, ’ → '); when all of them do, offsets need no bookkeeping.
  let sameLength = true;
  const folded = source.replace(NEEDS_FOLDING, (character) => {
    const result = foldCharacter(character);
    if (result.length !== character.length) sameLength = false;
    return result;
  });
  if (sameLength) return { text: folded, source, sourceOffsets: identityOffsets(source.length) };
  let text = "";
  const offsets: number[] = [];
  let offset = 0;
  for (const character of source) {
    const folded = foldCharacter(character);
    text += folded;
    for (let unit = 0; unit < folded.length; unit++) offsets.push(offset);
    offset += character.length;
  }
  return { text, source, sourceOffsets: Int32Array.from(offsets) };
}

/** Only the text of {@link foldForScreening} (for views whose offsets nobody reads). */
export function foldedTextOf(source: string): string {
  if (FOLDS_TO_ITSELF.test(source)) return source;
  // The same text foldForScreening builds: every code point folded, ASCII to itself.
  return source.replace(NEEDS_FOLDING, (character) => foldCharacter(character));
}

/** A matching text that is its own source (for views that are not derived from the canonical answer). */
export function unfoldedMatchingText(text: string): MatchingText {
  return { text, source: text, sourceOffsets: identityOffsets(text.length) };
}

/**
 * 0, 1, 2, … shared by every text that is its own source: a view of it costs nothing per answer. Nothing
 * writes to `sourceOffsets`; the array only grows (to the longest text seen).
 */
let identity = new Int32Array(0);

function identityOffsets(length: number): Int32Array {
  if (identity.length < length) {
    identity = new Int32Array(Math.max(length, identity.length * 2, 1024));
    for (let index = 0; index < identity.length; index++) identity[index] = index;
  }
  return identity.subarray(0, length);
}

/** The part of the source that the folded range [start, end) came from. */
export function sourceSlice(view: MatchingText, start: number, end: number): string {
  if (end <= start) return "";
  const from = view.sourceOffsets[start] ?? 0;
  const lastUnit = view.sourceOffsets[end - 1] ?? from;
  const lastCodePoint = view.source.codePointAt(lastUnit) ?? 0;
  return view.source.slice(from, lastUnit + (lastCodePoint > 0xffff ? 2 : 1));
}

/**
 * Folds a regex source like the text it will run on (NFKC, then per code point). Regex syntax is ASCII and
 * left alone; only the letters of the phrase change. Rule sources must not put fullwidth punctuation in
 * character classes, because NFKC would turn it into ASCII syntax.
 */
export function foldPatternSource(source: string): string {
  let folded = "";
  for (const character of source.normalize("NFKC")) folded += foldCharacter(character);
  return folded;
}

/**
 * Lower-cases the literal letters of a regex source, leaving escapes (`\S`, `\P{L}`, `\u00e9`, `\B`) as
 * written. Used to compile case-insensitive rules as case-sensitive ones that run on lower-cased text:
 * V8 matches those several times faster than `iu` patterns, and the screen runs ~130 rules per view.
 */
export function lowerCaseLiterals(source: string): string {
  let result = "";
  for (let index = 0; index < source.length; index++) {
    const character = source[index]!;
    if (character !== "\\") {
      result += character.toLowerCase().length === character.length ? character.toLowerCase() : character;
      continue;
    }
    const next = source[index + 1] ?? "";
    let end = index + 2;
    if ((next === "p" || next === "P" || next === "u") && source[index + 2] === "{") {
      end = source.indexOf("}", index) + 1;
    } else if (next === "u") {
      end = index + 6;
    } else if (next === "x") {
      end = index + 4;
    }
    result += source.slice(index, end);
    index = end - 1;
  }
  return result;
}

/** Lower-cases a text without changing its length (a character whose lower case is longer is kept). */
export function lowerCaseSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let result = "";
  for (const character of text) {
    const folded = character.toLowerCase();
    result += folded.length === character.length ? folded : character;
  }
  return result;
}

/**
 * Makes a phrase rule. The id's first segment is the language code. Flags default to case-insensitive
 * Unicode matching, which is compiled as a case-sensitive pattern for lower-cased text (see
 * {@link lowerCaseLiterals}); pass "u" for rules whose meaning depends on case (an upper-case "SYSTEM:").
 * Throws on an invalid regex, at module load, so a broken rule never ships silently.
 */
export function phraseRule(
  id: string,
  technique: InjectionTechnique,
  reason: string,
  source: string,
  flags = "iu",
): PhraseRule {
  const language = id.split(".")[0] ?? "und";
  const folded = foldPatternSource(source);
  const caseSensitive = !flags.includes("i");
  const pattern = caseSensitive
    ? new RegExp(folded, flags)
    : new RegExp(lowerCaseLiterals(folded), flags.replace("i", ""));
  return { id, language, technique, reason, pattern, caseSensitive };
}
