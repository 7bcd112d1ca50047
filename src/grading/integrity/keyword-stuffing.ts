/**
 * Keyword stuffing: a labelled list of subject terms ("Keywords: chlorophyll, thylakoid, stroma, …",
 * «Avainsanat: …», «关键词：…») that is longer than the answer it is attached to. It argues nothing; it is
 * there for a grader that credits the terms it finds. A real answer's keyword line (an abstract's five
 * keywords) is short beside the text, so the list must hold many terms and outweigh the rest.
 */
import { foldedPattern } from "./lexicon.js";
import { allMatches, findingAt, type ScreenText } from "./screen-text.js";
import { type LocatedFinding } from "./screen-types.js";

/** A line opening with a keyword label, in the screened languages, and the rest of that line. */
const KEYWORD_LINE = foldedPattern(
  String.raw`(?:^|\n)[ \t>*_#-]*(?:key\s?words?|key\s+terms|keyterms|tags|terms\s+used|schlusselworter|schlagworter|stichworter|mots[\s-]cles|palabras\s+clave|palavras[\s-]chave|parole\s+chiave|trefwoorden|kernwoorden|sleutelwoorden|slowa\s+kluczowe|klicova\s+slova|klucove\s+slova|nyckelord|avainsanat|asiasanat|noglebegreber|nokkelord|kulcsszavak|cuvinte\s+cheie|kljucne\s+rijeci|ключевые\s+слова|ключові\s+слова|ключови\s+думи|anahtar\s+(?:kelimeler|sozcukler)|kata\s+kunci|tu\s+khoa|maneno\s+muhimu|λεξεις[\s-]κλειδια|الكلمات\s+المفتاحيه|كلمات\s+مفتاحيه|(?:کلمات|واژگان|واژه\s*های)\s+کلیدی|کلیدی\s+الفاظ|关键词|關鍵詞|关键字|關鍵字|キーワード|키워드|핵심어|कीवर्ड|मुख्य\s+शब्द|মূলশব্দ|מילות\s+מפתח|คำสำคัญ)[*_]{0,2}\s*[-:]\s*([^\n]*)`,
  "gu",
);
/** Separators between the listed terms. */
const TERM_SEPARATOR = /\s*[,;，、；·|]\s*/u;

/** Terms that make a list far longer than keywords ever need. */
const MANY_TERMS = 12;

/** A keyword list that outweighs the answer, or null. */
export function findKeywordStuffing(text: ScreenText): LocatedFinding | null {
  const lower = text.lower;
  for (const match of allMatches(text, KEYWORD_LINE)) {
    const list = match[1] ?? "";
    const terms = list.split(TERM_SEPARATOR).filter((term) => term.trim().length > 0);
    if (terms.length < MANY_TERMS) continue;
    const rest = lower.length - match[0].length;
    if (list.length <= rest) continue;
    return findingAt(
      text,
      "grading_meta_talk",
      "The answer carries a list of subject keywords longer than the answer itself, written for a grader that credits the terms it finds.",
      match.index + (match[0].startsWith("\n") ? 1 : 0),
    );
  }
  return null;
}
