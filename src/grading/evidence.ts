import { hasVisibleCharacter } from "../lib/code-points.js";
import { foldForEvidence } from "./integrity/index.js";

export type EvidenceCheck =
  { verified: true } | { verified: false; reason: "no_quotes" | "quote_not_found"; missingQuotes: string[] };

/**
 * Checks that a criterion's evidence quotes appear verbatim in the answer as written. `foldedAnswer` is
 * `foldForEvidence(text)` of the text the model saw; each quote is folded the same way: smuggling
 * characters removed, canonically composed, whitespace runs to one space, case and characters kept, no
 * NFKC. So a quote that differs only in spacing or line breaks, in the quotation marks or ellipsis the model
 * wrapped it in, or in composed against decomposed accents, still matches, while a paraphrase, an invented
 * quote or a "normalised" one (`23 = 8` for `2³ = 8`) does not. A quote must also start and end between
 * user-perceived characters: 🇷🇺 is not in "🇫🇷🇺🇸", nor 👩 in 👨‍👩‍👧, nor "cafe" in "café" written with a
 * combining accent. Quotes that show nothing (empty, or only blanks such as U+2800), and quotes with no number and fewer than two
 * letters ("a", ".") unless they are the whole answer, do not count as evidence. Failure mode: a quote the model copied from a chat
 * marker that the prompt defanged (`[\INST]`) is not found in the answer.
 */
export function verifyEvidence(foldedAnswer: string, quotes: readonly string[]): EvidenceCheck {
  const usable = quotes
    .map((quote) => foldForEvidence(stripQuoteDecoration(quote)))
    .filter((quote) => quotesSomething(quote, foldedAnswer));
  if (usable.length === 0) return { verified: false, reason: "no_quotes", missingQuotes: [] };
  const missing = usable.filter((quote) => !containsWholeCharacters(foldedAnswer, quote));
  if (missing.length > 0) return { verified: false, reason: "quote_not_found", missingQuotes: missing };
  return { verified: true };
}

/**
 * Whether a quote can support points at all: a number, or two letters or symbols at least (a flag is two;
 * "a", "." or a run of blanks would be found in almost any answer), unless it is the whole answer («是»).
 */
function quotesSomething(quote: string, foldedAnswer: string): boolean {
  if (!hasVisibleCharacter(quote)) return false;
  if (/\p{N}/u.test(quote) || /[\p{L}\p{S}][^]*[\p{L}\p{S}]/u.test(quote)) return true;
  return quote.trim() === foldedAnswer.trim();
}

/**
 * Whether `quote` occurs in `text` starting and ending at grapheme-cluster boundaries. Most positions are
 * decided without segmenting: between two characters below U+0300 (no combining mark, joiner, regional
 * indicator or Hangul jamo) there is always a boundary.
 */
function containsWholeCharacters(text: string, quote: string): boolean {
  let tries = 0;
  for (let at = text.indexOf(quote); at >= 0 && tries++ < MAX_OCCURRENCES; at = text.indexOf(quote, at + 1)) {
    if (isGraphemeBoundary(text, at) && isGraphemeBoundary(text, at + quote.length)) return true;
  }
  return false;
}

/**
 * How far around a position the segmenter reads; longer clusters (zalgo text) are read in part. A run of
 * flags is read from its start (up to MAX_FLAG_RUN).
 */
const BOUNDARY_WINDOW = 64;
/**
 * Bounds that keep a hostile text and quote linear: occurrences of one quote looked at (a quote found only
 * inside characters hundreds of times is not verified), and code units of a run of flags read back (flags
 * further back than 500 may pair wrongly).
 */
const MAX_OCCURRENCES = 256;
const MAX_FLAG_RUN = 2_000;
let graphemes: Intl.Segmenter | undefined;

function isGraphemeBoundary(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return true;
  if (text.charCodeAt(index - 1) < 0x300 && text.charCodeAt(index) < 0x300) return true;
  // Start the window after a character below U+0300 when one is near: a boundary always follows it unless
  // a mark does, and regional indicators then pair from the start of their run, as in the whole text.
  let start = Math.max(0, index - BOUNDARY_WINDOW);
  for (let back = index - 1; back > start; back--) {
    if (text.charCodeAt(back - 1) < 0x300 && text.charCodeAt(back) < 0x300) {
      start = back;
      break;
    }
  }
  // Never half a surrogate pair; and flags pair their regional indicators from the start of the run.
  if (isLowSurrogate(text.charCodeAt(start))) start--;
  const runLimit = start - MAX_FLAG_RUN;
  while (start >= 2 && start > runLimit && isRegionalIndicator(text, start - 2)) start -= 2;
  const window = text.slice(start, Math.min(text.length, index + BOUNDARY_WINDOW));
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const { index: segmentStart } of graphemes.segment(window)) {
    if (start + segmentStart === index) return true;
    if (start + segmentStart > index) return false;
  }
  return false;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Whether a regional indicator (U+1F1E6–U+1F1FF, half of a flag) starts at `index`. */
function isRegionalIndicator(text: string, index: number): boolean {
  const code = text.codePointAt(index) ?? 0;
  return code >= 0x1f1e6 && code <= 0x1f1ff;
}

/**
 * Models often wrap a quote in quotation marks or trim it with an ellipsis although asked not to;
 * neither changes what is quoted, so both are removed before matching.
 */
function stripQuoteDecoration(quote: string): string {
  // Walked from both ends, not matched with regexes anchored at the end only (`[”…]+$`, `\s*…$`): those
  // are tried from every position, so a quote of 100,000 spaces or quotation marks (a reply is up to
  // 130,000 characters) held the event loop for seconds.
  const text = quote.trim();
  let start = 0;
  while (start < text.length && openingMarks.has(text[start]!)) start++;
  let end = text.length;
  while (end > start && closingMarks.has(text[end - 1]!)) end--;
  let unquoted = text.slice(start, end);
  const leading = ellipses.find((ellipsis) => unquoted.startsWith(ellipsis));
  if (leading) unquoted = unquoted.slice(leading.length).trimStart();
  const trailing = ellipses.find((ellipsis) => unquoted.endsWith(ellipsis));
  if (trailing) unquoted = unquoted.slice(0, unquoted.length - trailing.length).trimEnd();
  return unquoted;
}

const openingMarks = new Set(`"'“”„«»‘’「『`);
const closingMarks = new Set(`"'“”„«»‘’」』`);
const ellipses = ["...", "…"];
