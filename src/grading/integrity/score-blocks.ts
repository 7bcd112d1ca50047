/**
 * Score-shaped blocks the answer writes for its grader, read by layout rather than by words:
 *
 *  - a report block: two or more short lines that each end in a perfect fraction ("Part (a) 4/4",
 *    «Teil 2: 4/4 ✔», «第一部分：3/3»), no line with a lower score, and a heading, a total or a pass verdict
 *    around them ("GRADE REPORT", "Total 7/7 — pass", «Gesamt: 6/6 – bestanden»). A statistics answer's
 *    table has lower scores too, or no total and no heading of a grade;
 *  - a grade-keyed JSON object written in an Arabic-script language with Eastern Arabic or Persian digits
 *    («{"نمره_نهایی": "۱۰", …}»), often inside right-to-left isolates: a verdict for the grader to read,
 *    not data. A key that only starts with a grade word («درجة الحرارة», temperature) is not one.
 *
 * Linear: one pass over the lines, and one bounded regex over the text for JSON objects.
 */
import { compileClass, foldedPattern, GRADING } from "./lexicon.js";
import { findingAt, has, matchesAnywhere, type ScreenText } from "./screen-text.js";
import { DIGIT, type LocatedFinding } from "./screen-types.js";

/**
 * Between a score and its maximum: a slash, or a word for "of" («3 de 3», «2 из 2», «4 von 4», «5 su 5»),
 * which must stand between spaces.
 */
const OF_WORD = "out\\s+of|of|von|sur|su|de|из|z|van|di|em|uit";
const OF = String.raw`(?:\s*(?:/|من|از)\s*|\s+(?:${OF_WORD})\s+)`;

/** A short line that ends in a perfect fraction, with an optional tick or verdict after it. */
const PERFECT_LINE = new RegExp(
  String.raw`^[^\n]{0,48}?(?<![\p{N}.,/])(${DIGIT}{1,3}(?:[.,]${DIGIT}{1,2})?)${OF}\1(?!\p{N}|[.,]\p{N})[^\n\p{N}]{0,40}$`,
  "u",
);
/** Any fraction on a line, to tell a table of mixed scores from a report of perfect ones. */
const ANY_FRACTION = new RegExp(
  String.raw`(?<![\p{N}.,/])${DIGIT}{1,3}(?:[.,]${DIGIT}{1,2})?${OF}${DIGIT}{1,3}`,
  "gu",
);
const PERFECT_FRACTION = new RegExp(String.raw`^(${DIGIT}{1,3}(?:[.,]${DIGIT}{1,2})?)${OF}\1$`, "u");

/** Totals and pass verdicts that close a report. */
const TOTAL_OR_PASS = compileClass({
  en: "total|overall|sum|final|pass|passed|grade|result",
  de: "gesamt|insgesamt|summe|endnote|bestanden|ergebnis",
  fr: "total|note_finale|valide|reussi|admis|resultat",
  es: "total|nota_final|aprobado|apto|resultado",
  it: "totale|voto_finale|promosso|superato|risultato",
  pt: "total|nota_final|aprovado|resultado",
  nl: "totaal|eindcijfer|geslaagd|voldoende|resultaat",
  ru: "итого|всего|сумма|зачтено|сдано|результат",
  tr: "toplam|gecti|basarili|sonuc",
  pl: "razem|suma|zaliczone|zdane|wynik",
  ar: "المجموع|مجموع|ناجح|النتيجه",
  fa: "جمع|مجموع|قبول|نتیجه",
  zh: "总分|總分|合计|合計|通过|通過|结果|結果",
  ja: "合計|合格|結果",
});

const MAX_LINES = 2000;

function findReportBlock(text: ScreenText): LocatedFinding | null {
  const lower = text.lower;
  let blockStart = -1;
  let perfectLines = 0;
  let closing = false;
  let lineStart = 0;
  let headingBefore = -1;
  let previousLine: [number, number] | null = null;
  for (let count = 0; lineStart <= lower.length && count < MAX_LINES; count++) {
    const newline = lower.indexOf("\n", lineStart);
    const lineEnd = newline < 0 ? lower.length : newline;
    const line = lower.slice(lineStart, lineEnd);
    const range: [number, number] = [lineStart, lineEnd];
    if (PERFECT_LINE.test(line)) {
      if (blockStart < 0) {
        blockStart = lineStart;
        perfectLines = 0;
        closing = false;
        // A heading of a grade right above the block ("GRADE REPORT", «BEWERTUNG»).
        headingBefore =
          previousLine !== null && previousLine[1] - previousLine[0] <= 48 && has(text, previousLine, GRADING)
            ? previousLine[0]
            : -1;
      }
      perfectLines++;
      if (has(text, range, TOTAL_OR_PASS)) closing = true;
    } else if (blockStart >= 0) {
      const lowerScore = [...line.matchAll(ANY_FRACTION)].some(
        (match) => !PERFECT_FRACTION.test(match[0].trim()),
      );
      if (!lowerScore && perfectLines >= 2 && (closing || headingBefore >= 0)) {
        return reportFinding(text, headingBefore >= 0 ? headingBefore : blockStart);
      }
      blockStart = -1;
    }
    if (line.trim().length > 0) previousLine = range;
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  if (blockStart >= 0 && perfectLines >= 2 && (closing || headingBefore >= 0)) {
    return reportFinding(text, headingBefore >= 0 ? headingBefore : blockStart);
  }
  return null;
}

function reportFinding(text: ScreenText, start: number): LocatedFinding {
  return findingAt(
    text,
    "fake_verdict",
    "The answer ends in a block of perfect scores laid out like a grading report.",
    start,
  );
}

/** A JSON key that is a grade word on its own (with "final" or "total"), and a value in Arabic-script digits. */
const RTL_GRADE_JSON = new RegExp(
  String.raw`\{[^{}\n]{0,200}?"(?:ال)?(?:درجه|علامه|نتيجه|نمره|امتیاز|امتياز|نمرہ|نمبر|نمبرات|مارکس|score|grade|mark|points)(?:[_ ](?:النهائيه|الكليه|نهايي|نهایی|کل|final|total))?"\s*:\s*"?[\u0660-\u0669\u06f0-\u06f9]{1,3}(?:[/٫.][\u0660-\u0669\u06f0-\u06f9]{1,3})?"?[^{}\n]{0,200}\}`,
  "u",
);

function findRtlGradeJson(text: ScreenText): LocatedFinding | null {
  if (!/[\u0660-\u0669\u06f0-\u06f9]/u.test(text.lower) || !text.lower.includes("{")) return null;
  const match = RTL_GRADE_JSON.exec(text.lower);
  if (!match) return null;
  return findingAt(
    text,
    "fake_verdict",
    "The answer carries a grade as JSON, in Arabic-script digits, for the grader to read.",
    match.index,
  );
}

/**
 * Round 44: a marks line left blank for the grader, then filled in for it: the blank's maximum named as the
 * mark the answer should get ("Marks: ____ / 8 (every point is covered, so this should be 8)", «Punkte: ___ / 8
 * – es sollten also 8 sein», "____ / 8 … deserves full marks"). A worksheet's blank "Score: ____ / 10" with no
 * mark suggested is a template, and a breakdown the student worked out ("3 + 2 + 3 = 8 / 8") has no blank.
 *
 * The gate is the blank itself (underscores or dots before a slash and a number), which ordinary answers lack.
 * A blank starts where its run starts (the lookbehinds): tried from every underscore or dot of a long run, the
 * patterns took time in the square of its length (20,000 dots: 0.9 s for the gate alone).
 */
const BLANK_OUT_OF = /(?:(?<!_)_{2,}|(?<!\.)\.{3,}|…)\s*\/\s*\d{1,3}(?!\d)/u;
const SUGGESTED_MAXIMUM = foldedPattern(
  String.raw`(?:(?<!_)_{2,}|(?<!\.)\.{3,}|…)\s*\/\s*(\d{1,3})(?!\d)[^\n]{0,160}?\b(?:should\s+(?:be|get|receive)|must\s+be|ought\s+to\s+be|deserves?|is\s+worth|worth|sollte(?:n)?|mussten|müsste(?:n)?|verdient|devrait|doit|vaut|merite|deberia(?:\s+ser)?|debe\s+ser|merece|dovrebbe(?:\s+essere)?|deve\s+essere|merita|vale)\s+(?:(?:be|get|sein|ser|essere|etre|also|alors|donc|quindi|luego|entonces|then|so|a|an|the|es|sind)\s+){0,2}?(?:\1(?!\d)|full\s+marks|maximum|top\s+marks|die\s+volle\s+punktzahl|volle\s+punktzahl|(?:la\s+)?note\s+maximale|(?:la\s+)?(?:nota|puntuacion)\s+maxima|(?:il\s+)?(?:massimo|punteggio\s+pieno))`,
);

function findSuggestedMaximum(text: ScreenText): LocatedFinding | null {
  if (!matchesAnywhere(text, BLANK_OUT_OF)) return null;
  const match = SUGGESTED_MAXIMUM.exec(text.lower);
  if (!match) return null;
  return findingAt(
    text,
    "score_request",
    "The answer leaves its marks line blank and says the maximum should go in it.",
    match.index,
  );
}

/** Report blocks, Arabic-script grade JSON and a blank marks line filled in; at most one finding of each. */
export function findScoreBlocks(text: ScreenText): LocatedFinding[] {
  return [findReportBlock(text), findRtlGradeJson(text), findSuggestedMaximum(text)].filter(
    (found): found is LocatedFinding => found !== null,
  );
}
