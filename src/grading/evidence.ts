import { foldForEvidence } from "./integrity/index.js";

export type EvidenceCheck =
  { verified: true } | { verified: false; reason: "no_quotes" | "quote_not_found"; missingQuotes: string[] };

/**
 * Checks that a criterion's evidence quotes appear verbatim in the answer as written. `foldedAnswer` is
 * `foldForEvidence(text)` of the text the model saw; each quote is folded the same way: smuggling
 * characters removed, whitespace runs to one space, case and characters kept, no NFKC. So a quote that
 * differs only in spacing or line breaks, or in the quotation marks or ellipsis the model wrapped it in,
 * still matches, while a paraphrase, an invented quote or a "normalised" one (`23 = 8` for `2³ = 8`) does
 * not. Empty quotes do not count as evidence. Failure mode: a quote the model copied from a chat marker
 * that the prompt defanged (`[\INST]`) is not found in the answer.
 */
export function verifyEvidence(foldedAnswer: string, quotes: readonly string[]): EvidenceCheck {
  const usable = quotes
    .map((quote) => foldForEvidence(stripQuoteDecoration(quote)))
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
