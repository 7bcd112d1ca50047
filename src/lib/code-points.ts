/**
 * The number of Unicode code points in `text` (a surrogate pair counts once; a lone surrogate counts as
 * one). Counts UTF-16 units instead of iterating the string, which would make one string per character:
 * on a 20,000-character answer that took milliseconds of the event loop and fed the garbage collector.
 */
export function codePointCount(text: string): number {
  let pairs = 0;
  for (let index = 0; index < text.length - 1; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        index++;
      }
    }
  }
  return text.length - pairs;
}

/**
 * The first `max` code points of `text` (all of it when it has no more): a prefix that never ends in half
 * of a surrogate pair, as `text.slice(0, max)` can, and that fills a limit counted in code points (the
 * rubric's limits), which a slice of UTF-16 units fills only half with emoji.
 */
export function codePointPrefix(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (let count = 0; count < max && end < text.length; count++) {
    const unit = text.charCodeAt(end);
    const next = text.charCodeAt(end + 1);
    end += unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return text.slice(0, end);
}

/**
 * Characters that show nothing: whitespace, controls, format characters (zero-width spaces, bidi controls,
 * joiners), every default-ignorable code point (variation selectors, the combining grapheme joiner, tag
 * characters, the Hangul fillers: marks by category, but nothing on their own) and the blank Braille pattern.
 */
const VISIBLE = /[^\s\p{Cc}\p{Cf}\p{Z}\p{Default_Ignorable_Code_Point}\u2800]/u;

/** Whether a text shows at least one character: one of only spaces, zero-width spaces or bidi controls is empty to a reader. */
export const hasVisibleCharacter = (text: string): boolean => VISIBLE.test(text);

/**
 * Characters a reader cannot see or tell apart from a space: controls, format characters (zero-width
 * spaces, bidi controls, a BOM), default ignorables and every space but U+0020.
 */
const UNSEEN = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Z}]/gu;

/** Characters a reader does not see in a name: controls, format characters, default ignorables. */
const INVISIBLE_IN_NAME = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * A column name as a reader sees it, to match it: without invisible characters (a zero-width space or word
 * joiner pasted from a web page, a BOM inside the row), NFKC-folded (fullwidth `ａｎｓｗｅｒ`, no-break
 * spaces), trimmed and in lower case.
 */
export const columnName = (name: string): string =>
  name.replace(INVISIBLE_IN_NAME, "").normalize("NFKC").trim().toLowerCase();

/** `text` with each character a reader cannot see written as a `\uXXXX` escape; other text as it is. */
export const showUnseen = (text: string): string =>
  text.replace(UNSEEN, (character) =>
    character === " " ? character : `\\u${character.codePointAt(0)!.toString(16).padStart(4, "0")}`,
  );

/**
 * `text` in double quotes for an error message, with invisible characters as `\uXXXX` escapes: a field
 * name "title" followed by a zero-width space must not read as "title". JSON escapes (`\"`, `\n`) too.
 */
export const quoteShown = (text: string): string => showUnseen(JSON.stringify(text));

/** The first code point of `character` as Unicode writes it: `U+0000`, `U+202E`, `U+1F600`. */
export const codePointName = (character: string): string =>
  `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * Why `text` cannot be taken, naming the first character `forbidden` (not global) finds in it and what kind
 * of character it is: `cannot contain U+202E (a bidi control)`; undefined when it finds none. One message for
 * every rule on characters (ids, names, texts), whatever set each refuses.
 */
export function forbiddenCharacterProblem(
  text: string,
  forbidden: RegExp,
  kindOf: (found: string) => string,
): string | undefined {
  const found = forbidden.exec(text)?.[0];
  return found === undefined ? undefined : `cannot contain ${codePointName(found)} (${kindOf(found)})`;
}
