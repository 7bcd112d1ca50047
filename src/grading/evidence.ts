import { foldForMatching } from "./integrity/index.js";

export type EvidenceCheck =
  { verified: true } | { verified: false; reason: "no_quotes" | "quote_not_found"; missingQuotes: string[] };

/**
 * Checks that a criterion's evidence quotes appear verbatim in the answer. Both sides are folded the
 * same way (NFKC, invisible characters removed, whitespace runs folded to one space, case kept), so a
 * quote that differs only in spacing or line breaks still matches, while a paraphrase or an invented
 * quote does not. Empty quotes do not count as evidence.
 */
export function verifyEvidence(foldedAnswer: string, quotes: readonly string[]): EvidenceCheck {
  const usable = quotes
    .map((quote) => foldForMatching(stripQuoteDecoration(quote)))
    .filter((quote) => quote.length > 0);
  if (usable.length === 0) return { verified: false, reason: "no_quotes", missingQuotes: [] };
  const missing = usable.filter((quote) => !foldedAnswer.includes(quote));
  if (missing.length > 0) return { verified: false, reason: "quote_not_found", missingQuotes: missing };
  return { verified: true };
}

/**
 * Models often wrap a quote in quotation marks or trim it with an ellipsis although asked not to;
 * neither changes what is quoted, so both are removed before matching.
 */
function stripQuoteDecoration(quote: string): string {
  return quote
    .trim()
    .replace(/^["'“”„«»‘’「『]+|["'“”„«»‘’」』]+$/gu, "")
    .replace(/^(?:\.\.\.|…)\s*|\s*(?:\.\.\.|…)$/gu, "");
}
