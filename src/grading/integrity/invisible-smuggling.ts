/**
 * Invisible-character smuggling, judged from the canonicaliser's removal summary and the original text:
 * Unicode tag characters that spell hidden ASCII, variation selectors that carry bytes, long runs of
 * zero-width characters (binary payloads), bidi overrides that reverse what the reader sees, and invisible
 * characters that split or glue the words of an instruction so that a word filter would miss it.
 *
 * One or two stray invisible characters are normal in pasted text (a BOM, a zero-width space from a web
 * page, soft hyphens in German copied from a PDF), so thresholds are on runs and counts, and word-splitting
 * is reported only when it actually hides an instruction.
 */
import {
  BLACK_FLAG,
  CANCEL_TAG,
  canonicaliseAnswer,
  isTagCharacter,
  TAG_BASE,
  type RemovedCharacterSummary,
} from "./canonicalise-answer.js";
import { foldForScreening, sourceSlice } from "./matching-text.js";
import { findPhraseHits } from "./phrase-screen.js";
import { clipExcerpt, decodedExcerpt, type LocatedFinding } from "./screen-types.js";

export interface InvisibleScreenInput {
  original: string;
  removed: readonly RemovedCharacterSummary[];
  /** The phrase rules that matched the canonical answer: rule id → excerpt. */
  plainHits: ReadonlyMap<string, string>;
}

const ZERO_WIDTH_RUN_THRESHOLD = 4;
const ZERO_WIDTH_COUNT_THRESHOLD = 8;
const SPLIT_LETTERS_THRESHOLD = 8;
const VARIATION_SELECTOR_THRESHOLD = 3;
/** Scripts written right to left: bidi controls are ordinary in them. */
const RIGHT_TO_LEFT_LETTER = /[\p{scx=Arabic}\p{scx=Hebrew}\p{scx=Syriac}\p{scx=Thaana}\p{scx=Nko}]/u;
/**
 * Invisible characters that can stand inside or between words (ZWNJ/ZWJ included: a split view only).
 * U+034F (combining grapheme joiner) stands outside the class: inside one it would attach to its neighbour.
 */
const WORD_SPLITTERS = /\u034f|[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/** Scripts written without spaces, where a zero-width space is how an editor marks a word boundary. */
const SPACELESS_SCRIPT = /[\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}\p{scx=Tibetan}]/u;
const ZERO_WIDTH_SPACE = /\u200b/gu;

/** Letters, marks and digits: what the removal summary counts a character inside a word between. */
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;
/** Other invisible characters: a zero-width space beside one is part of a run, never a word break. */
const INVISIBLE_NEIGHBOUR = new RegExp(WORD_SPLITTERS.source, "u");

/**
 * The zero-width summary without the zero-width spaces that mark word breaks in a script written without
 * spaces (การเปลี่ยนแปลง[ZWSP]สภาพ[ZWSP]ภูมิอากาศ: Thai word breaks, as word processors insert them). Such an
 * editor puts one after every word, so a break stands beside a letter of that script on one side and, on the
 * other, beside another letter, a number (มี[ZWSP]77[ZWSP]จังหวัด), a space, a punctuation mark or the end of
 * the text. A zero-width space between two other characters, or beside another invisible character (a run
 * that carries bytes), is not a break.
 */
function withoutWordSeparators(summary: RemovedCharacterSummary, original: string): RemovedCharacterSummary {
  let separators = 0;
  let insideWord = 0;
  for (const match of original.matchAll(ZERO_WIDTH_SPACE)) {
    const before = original[match.index - 1];
    const after = original[match.index + 1];
    if (before === undefined && after === undefined) continue;
    const beside = [before, after];
    if (!beside.some((character) => character !== undefined && SPACELESS_SCRIPT.test(character))) continue;
    if (beside.some((character) => character !== undefined && INVISIBLE_NEIGHBOUR.test(character))) continue;
    separators++;
    if (beside.every((character) => character !== undefined && WORD_CHARACTER.test(character))) insideWord++;
  }
  if (separators === 0) return summary;
  return {
    ...summary,
    count: summary.count - separators,
    insideWord: Math.max(0, summary.insideWord - insideWord),
  };
}

function summaryOf(removed: readonly RemovedCharacterSummary[], category: string) {
  return removed.find((summary) => summary.category === category);
}

/** Tag characters decoded to ASCII, skipping subdivision-flag sequences (🏴 + tag letters + cancel tag). */
function decodeTagCharacters(original: string): string {
  let decoded = "";
  let previous = 0;
  let inFlag = false;
  for (const character of original) {
    const cp = character.codePointAt(0)!;
    if (isTagCharacter(cp)) {
      if (previous === BLACK_FLAG) inFlag = true;
      if (!inFlag && cp >= TAG_BASE + 0x20 && cp < CANCEL_TAG) decoded += String.fromCodePoint(cp - TAG_BASE);
      if (cp === CANCEL_TAG) inFlag = false;
    } else {
      inFlag = false;
    }
    previous = cp;
  }
  return decoded;
}

/** Bytes carried by variation selectors (VS1–16 → 0–15, VS17–256 → 16–255), decoded as UTF-8. */
function decodeVariationSelectors(original: string): string {
  const bytes: number[] = [];
  for (const character of original) {
    const cp = character.codePointAt(0)!;
    if (cp >= 0xfe00 && cp <= 0xfe0f) bytes.push(cp - 0xfe00);
    else if (cp >= 0xe0100 && cp <= 0xe01ef) bytes.push(cp - 0xe0100 + 16);
  }
  return new TextDecoder("utf-8").decode(Uint8Array.from(bytes)).replace(/[^\p{L}\p{N}\p{P}\p{S} ]/gu, "");
}

/** The text between a right-to-left override and its pop, reversed: what a reader actually sees. */
function visibleReversedText(original: string): string {
  const start = original.search(/[\u202d\u202e]/u);
  if (start < 0) return "";
  const rest = original.slice(start + 1);
  const end = rest.search(/[\u202c\u2069\n]/u);
  return Array.from(end < 0 ? rest : rest.slice(0, end))
    .reverse()
    .join("");
}

/** Opens an embedding or an isolate (LRE, RLE, LRO, RLO, LRI, RLI, FSI); PDF and PDI close them. */
const BIDI_OPENER = /[\u202a-\u202e\u2066-\u2068]/gu;
const BIDI_CLOSER = /[\u202c\u2069]/u;
/** Words that name a score: Persian, Urdu, Arabic and Hebrew, and English. */
const SCORE_WORDS =
  "نمر[هةہ]|امتیاز|درج[هة]|الدرج[هة]|علام[هة]|العلام[هة]|تقييم|التقييم|ציון|ציונה|ציונים|score|grade|marks?|points?";
/** Words that name a result or total, which a score assignment may use instead («النتيجة: ١٠», "Note: 15"). */
const RESULT_WORDS = "النتيجة|النتیجه|نتيجة|نتیجه|المجموع|result|note|nota|punkte";
/** Words that name who or what grades (grader, criteria, assessment, answer key). */
const GRADER_WORDS =
  "ارزیابی|ارزشیابی|مصحح|المصحح|مقيّ?م|المقيّ?م|معیار|معیارها|معايير|المعايير|پاسخ‌?نامه|کلید|בודק|מעריך|grader|rubric";
/**
 * A score given a value: «نمره: ۱۰», «الدرجة = ١٠», «ציון: 100», "score: 10/10". Inside an embedding in an
 * answer that otherwise runs as one paragraph, it is a verdict set apart for the grader: an honest answer
 * writes its numbers in the text, not in a bidi island (RTL text needs no embedding for its own digits).
 */
const SCORE_ASSIGNMENT = new RegExp(
  String.raw`(?<![\p{L}])(?:${SCORE_WORDS}|${RESULT_WORDS})(?:\s+\p{L}+)?\s*[:=：]\s*[\p{Nd}]`,
  "u",
);
/**
 * Words of grading (score, mark, grader, criteria, assessment, answer key). A right-to-left embedding that
 * holds one of them and a number is a verdict or an order set apart for the grader («ارزیابی کارشناس: …
 * ۱۰۰٪ منطبق با معیارها»), whatever its wording.
 */
const GRADING_WORD = new RegExp(String.raw`(?<![\p{L}])(?:${SCORE_WORDS}|${GRADER_WORDS})(?![\p{L}])`, "u");
const ANY_DIGIT = /\p{Nd}/u;
/**
 * RLE, RLO, RLI: what sets a right-to-left island apart. A left-to-right isolate around an example in Arabic
 * text (⁦{"name": "Ali", "grade": 11}⁩) is how such text quotes code.
 */
const RIGHT_TO_LEFT_OPENERS = "\u202b\u202e\u2067";
/** How far an embedding may run when its closing control is missing. */
const EMBEDDING_REACH = 160;

/** The embedded text that gives a score a value, or null. */
function embeddedScore(original: string): string | null {
  for (const opener of original.matchAll(BIDI_OPENER)) {
    const start = opener.index + 1;
    const rest = original.slice(start, start + EMBEDDING_REACH);
    const close = BIDI_CLOSER.exec(rest);
    const inside = close ? rest.slice(0, close.index) : rest;
    const rightToLeft = RIGHT_TO_LEFT_OPENERS.includes(opener[0]);
    if (
      SCORE_ASSIGNMENT.test(inside) ||
      (rightToLeft && ANY_DIGIT.test(inside) && GRADING_WORD.test(inside))
    ) {
      return inside.trim();
    }
  }
  return null;
}

function finding(reason: string, excerpt: string, position = -1): LocatedFinding {
  return { technique: "invisible_characters", reason, excerpt, position };
}

/** Phrase rules (id → excerpt) found when invisible characters are read as spaces instead of removed. */
function hitsWithInvisiblesAsSpaces(original: string): Map<string, string> {
  const view = foldForScreening(canonicaliseAnswer(original.replace(WORD_SPLITTERS, " ")).canonical);
  return new Map(
    findPhraseHits(view.text).map((hit) => [hit.rule.id, clipExcerpt(sourceSlice(view, hit.start, hit.end))]),
  );
}

/**
 * Findings for invisible-character smuggling, at most one per kind. Failure modes: a payload spread thinly
 * (fewer than 4 zero-width characters in a row and fewer than 8 in all) that spells nothing our rules read
 * is missed; a document pasted with many zero-width spaces (some CMS exports) is flagged.
 */
export function findInvisibleSmuggling(input: InvisibleScreenInput): LocatedFinding[] {
  const { original, removed, plainHits } = input;
  if (removed.length === 0) return [];
  const findings: LocatedFinding[] = [];

  if (summaryOf(removed, "tag_character")) {
    const decoded = decodeTagCharacters(original);
    findings.push(
      finding(
        "The answer carries invisible Unicode tag characters, which can spell text the teacher cannot see.",
        decoded.trim() ? decodedExcerpt("invisible tag text", decoded) : "(invisible tag characters)",
      ),
    );
  }

  const selectors = summaryOf(removed, "variation_selector");
  if (selectors && selectors.count >= VARIATION_SELECTOR_THRESHOLD) {
    const decoded = decodeVariationSelectors(original);
    findings.push(
      finding(
        "The answer carries a run of invisible variation selectors, which can encode hidden bytes.",
        decoded.trim() ? decodedExcerpt("hidden bytes", decoded) : `(${selectors.count} variation selectors)`,
      ),
    );
  }

  const zeroWidth = summaryOf(removed, "zero_width");
  const otherInvisible = summaryOf(removed, "other_invisible");
  const bidi = summaryOf(removed, "bidi_control");
  for (const found of [zeroWidth, otherInvisible, bidi]) {
    if (!found) continue;
    const summary = found === zeroWidth ? withoutWordSeparators(found, original) : found;
    // Right-to-left text has bidi marks in runs and in numbers; only between the letters of its words
    // (ت‏ع‏ل‏ي‏م‏ا‏ت, where a mark changes nothing a reader sees) are they a way to split words.
    const longRun = found !== bidi && summary.longestRun >= ZERO_WIDTH_RUN_THRESHOLD;
    const many = found !== bidi && summary.count >= ZERO_WIDTH_COUNT_THRESHOLD;
    const splitsLetters = summary.insideWord >= SPLIT_LETTERS_THRESHOLD;
    if (!longRun && !many && !splitsLetters) continue;
    findings.push(
      finding(
        splitsLetters
          ? "The answer puts invisible characters between the letters of its words, a way to slip past word filters."
          : longRun
            ? "The answer contains a run of invisible zero-width characters, which can carry hidden data."
            : "The answer contains many invisible zero-width characters, which can carry hidden data.",
        `(${summary.count} invisible characters: ${summary.codePoints.join(", ")})`,
      ),
    );
    break;
  }

  if (bidi) {
    const overrides = bidi.codePoints.includes("U+202E") || bidi.codePoints.includes("U+202D");
    const inLatinText = bidi.count >= 2 && !RIGHT_TO_LEFT_LETTER.test(original);
    if (overrides || inLatinText) {
      const reversed = visibleReversedText(original);
      findings.push(
        finding(
          overrides
            ? "The answer uses a bidi override, which makes the displayed text differ from the stored text."
            : "The answer uses bidi controls in left-to-right text, where they only serve to disguise text.",
          reversed.trim() ? decodedExcerpt("displayed as", reversed) : `(${bidi.count} bidi controls)`,
        ),
      );
    }
  }

  if (bidi) {
    const embedded = embeddedScore(original);
    if (embedded !== null) {
      findings.push({
        technique: "fake_verdict",
        reason:
          "The answer sets a score apart inside right-to-left embedding controls, as a verdict for the grader.",
        excerpt: clipExcerpt(embedded),
        position: -1,
      });
    }
  }

  const hasSplitters = [zeroWidth, otherInvisible, bidi, summaryOf(removed, "soft_hyphen")].some(Boolean);
  if (hasSplitters) {
    const spacedHits = hitsWithInvisiblesAsSpaces(original);
    const hiddenExcerpt = [...plainHits].find(([id]) => !spacedHits.has(id))?.[1];
    const gluedExcerpt = [...spacedHits].find(([id]) => !plainHits.has(id))?.[1];
    if (hiddenExcerpt !== undefined) {
      findings.push(
        finding(
          "The answer splits the words of an instruction with invisible characters so that filters miss it.",
          hiddenExcerpt,
        ),
      );
    } else if (gluedExcerpt !== undefined) {
      findings.push(
        finding(
          "The answer separates the words of an instruction with invisible characters instead of spaces.",
          gluedExcerpt,
        ),
      );
    }
  }
  return findings;
}
