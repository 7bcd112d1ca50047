/**
 * The text of an LMS submission as the grader should read it. Canvas and Moodle store online text as
 * HTML: tags become line breaks or nothing, the common entities are decoded, and runs of blank lines
 * are collapsed. Not a sanitiser (the text is data for the model, never rendered).
 */
export function htmlToText(html: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return (
    html
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, "")
      .replace(/<br\s*\/?>|<\/(p|div|li|h[1-6]|tr|blockquote|pre)\s*>/gi, "\n")
      .replace(/<[^>]*>/g, "")
      .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => {
        if (code.startsWith("#x") || code.startsWith("#X"))
          return safeCodePoint(parseInt(code.slice(2), 16), entity);
        if (code.startsWith("#")) return safeCodePoint(Number(code.slice(1)), entity);
        return named[code.toLowerCase()] ?? entity;
      })
      .replace(/[ \t]+\n/g, "\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
      // A lone surrogate in the LMS's JSON ("\ud800") cannot be stored as it is (UTF-8 has no form for it):
      // it becomes U+FFFD here, as storage would make it, so the text graded is the text stored.
      .toWellFormed()
  );
}

/**
 * The character a numeric reference names; the reference as written when it names none: 0, past
 * U+10FFFF, or a surrogate (`&#xD800;`), which is half of a UTF-16 pair and no character, and made the
 * answer a string that storage could not keep as it was.
 */
function safeCodePoint(code: number, fallback: string): string {
  const surrogate = code >= 0xd800 && code <= 0xdfff;
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff && !surrogate
    ? String.fromCodePoint(code)
    : fallback;
}
