/**
 * Text a teacher would not see when the answer is rendered: HTML comments, elements hidden with CSS or the
 * `hidden` attribute, white or zero-size text, collapsed `<details>`, LaTeX comments (`%`, `\iffalse`,
 * `comment` environment, white or phantom text) and Markdown comments (`[//]: # (…)`).
 *
 * Hiding alone is not an attack: web and LaTeX answers have comments ("navigation bar goes here",
 * "% TODO check units") and CSS answers mention `display: none`. A hidden part is reported only when it
 * talks to or about the grader (a phrase rule matches, or it uses grading vocabulary).
 *
 * Every scan moves forward with indexOf and never rescans a region, so the work is linear in the length
 * even for thousands of unclosed comment openers.
 */
import { fragmentAddressesGrader, type TextRange } from "./phrase-screen.js";
import { clipExcerpt, type LocatedFinding } from "./screen-types.js";

interface HiddenPart {
  kind: string;
  content: string;
  position: number;
}

/** Longest hidden fragment examined; enough for any instruction, and it bounds the work per fragment. */
const MAX_FRAGMENT = 2000;
const MAX_PARTS = 50;

/** Lower-cases ASCII letters only, so offsets stay aligned with the original (unlike toLowerCase on "İ"). */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/gu, (letter) => letter.toLowerCase());
}

/** Content between `open` and `close` (or the end of the text when unclosed), for each occurrence. */
function delimitedParts(text: string, open: string, close: string, kind: string): HiddenPart[] {
  const parts: HiddenPart[] = [];
  const lower = asciiLower(text);
  let from = 0;
  while (parts.length < MAX_PARTS) {
    const start = lower.indexOf(open, from);
    if (start < 0) break;
    const contentStart = start + open.length;
    const end = lower.indexOf(close, contentStart);
    const contentEnd = end < 0 ? text.length : end;
    parts.push({
      kind,
      content: text.slice(contentStart, contentEnd).slice(0, MAX_FRAGMENT),
      position: start,
    });
    if (end < 0) break;
    from = end + close.length;
  }
  return parts;
}

const HIDING_STYLE =
  /display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0+)?(?![.\d])|font-size\s*:\s*0|font-size\s*:\s*[01](?:\.\d+)?\s*(?:px|pt)|(?<![-\w])color\s*:\s*(?:#fff(?:fff)?\b|white\b|rgba?\(\s*255\s*,\s*255\s*,\s*255|transparent\b)|\bhidden\b(?!\s*=\s*["']?false)|color\s*=\s*["']?(?:white|#fff(?:fff)?)\b|aria-hidden\s*=\s*["']?true/iu;
const OPENING_TAG = /<([a-z][a-z0-9]{0,15})\b([^<>]{0,400})>/giu;

/** Elements hidden by CSS, the `hidden` attribute, `<font color=white>`, and `<details>` blocks. */
function hiddenElements(text: string): HiddenPart[] {
  const parts: HiddenPart[] = [];
  const lower = asciiLower(text);
  let resumeAt = 0;
  for (const match of text.matchAll(OPENING_TAG)) {
    if (parts.length >= MAX_PARTS) break;
    if (match.index < resumeAt) continue;
    const tag = match[1]!.toLowerCase();
    const attributes = match[2] ?? "";
    if (tag !== "details" && !HIDING_STYLE.test(attributes)) continue;
    const contentStart = match.index + match[0].length;
    const close = lower.indexOf(`</${tag}`, contentStart);
    const contentEnd = close < 0 ? Math.min(text.length, contentStart + MAX_FRAGMENT) : close;
    parts.push({
      kind: tag === "details" ? "collapsed <details> block" : "hidden HTML element",
      content: text.slice(contentStart, contentEnd).slice(0, MAX_FRAGMENT),
      position: match.index,
    });
    resumeAt = contentEnd;
  }
  return parts;
}

/** The nearest character before `index` (not before `floor`) that is not a space or tab. */
function previousNonSpace(text: string, index: number, floor: number): string {
  let position = index - 1;
  while (position >= floor && (text[position] === " " || text[position] === "\t")) position--;
  return position >= floor ? text[position]! : "";
}

/**
 * Fenced code blocks labelled with a language other than TeX (```python, ```sql, ```c): in them `%` is an
 * operator or a format ("pct:.0f}%", "LIKE '%a%'", printf's "%d"), not a comment. An unlabelled or a
 * ```latex block is still read for comments.
 */
const NON_TEX_CODE_BLOCK =
  /^[ \t]*```[ \t]*(?!(?:la)?tex\b)[a-z0-9+#.-]+[^\n]*\n[\s\S]*?(?:^[ \t]*```|(?![\s\S]))/gimu;

function nonTexCodeBlocks(text: string): TextRange[] {
  if (!text.includes("```")) return [];
  return [...text.matchAll(NON_TEX_CODE_BLOCK)].map((match) => [match.index, match.index + match[0].length]);
}

/** LaTeX `%` comments: the rest of the line after an unescaped `%` that is not a percent sign. */
function latexLineComments(text: string): HiddenPart[] {
  const parts: HiddenPart[] = [];
  const codeBlocks = nonTexCodeBlocks(text);
  let block = 0;
  let lineStart = 0;
  while (lineStart < text.length && parts.length < MAX_PARTS) {
    const lineEndIndex = text.indexOf("\n", lineStart);
    const lineEnd = lineEndIndex < 0 ? text.length : lineEndIndex;
    // The blocks are in order and lines only move on: skip those that ended before this line.
    while (block < codeBlocks.length && codeBlocks[block]![1] <= lineStart) block++;
    if (block < codeBlocks.length && lineStart >= codeBlocks[block]![0]) {
      lineStart = lineEnd + 1;
      continue;
    }
    let percent = text.indexOf("%", lineStart);
    // Only the first comment per line counts: everything after it is inside that comment.
    while (percent >= 0 && percent < lineEnd) {
      const previous = text[percent - 1] ?? "";
      const isPercentage =
        /[\p{N}\p{L}\\]/u.test(previous) || /\p{N}/u.test(previousNonSpace(text, percent, lineStart));
      if (!isPercentage) {
        const content = text.slice(percent + 1, lineEnd).trim();
        if (content.length > 0) parts.push({ kind: "LaTeX comment", content, position: percent });
        break;
      }
      percent = text.indexOf("%", percent + 1);
    }
    lineStart = lineEnd + 1;
  }
  return parts;
}

const LATEX_INVISIBLE =
  /\\(?:textcolor|color)\s*\{\s*white\s*\}\s*\{?([^}\n]{1,400})|\\phantom\s*\{([^}\n]{1,400})\}|\\(?:tiny|scriptsize)\s*\\color\s*\{\s*white\s*\}([^}\n]{1,400})/giu;
const MARKDOWN_COMMENT = /(?:^|\n)[ \t]*\[[^\]\n]{0,30}\]:[ \t]*(?:#|<>)[ \t]*\(([^)\n]{1,400})\)?/gu;

function patternParts(text: string, pattern: RegExp, kind: string): HiddenPart[] {
  const parts: HiddenPart[] = [];
  for (const match of text.matchAll(pattern)) {
    if (parts.length >= MAX_PARTS) break;
    const content = match.slice(1).find((group) => group !== undefined) ?? "";
    parts.push({ kind, content, position: match.index });
  }
  return parts;
}

/**
 * Hidden parts of the canonical answer that address the grader, one finding per hidden part (at most 50
 * parts of each kind are examined, each up to 2,000 characters). Failure modes: hiding done by a stylesheet
 * elsewhere (a class name) or by rendering tricks we do not parse (SVG, zero-width fonts) is missed; a
 * hidden part that uses grading words innocently (an HTML comment "score table goes here") is flagged.
 */
export function findHiddenText(canonical: string): LocatedFinding[] {
  // Each kind of hiding starts with a character most answers never use: "<" for HTML, a backslash for
  // LaTeX commands, "%" for LaTeX comments, "]:" for Markdown comments.
  const markup = canonical.includes("<");
  const latex = canonical.includes("\\");
  const parts = [
    ...(markup ? delimitedParts(canonical, "<!--", "-->", "HTML comment") : []),
    ...(markup ? hiddenElements(canonical) : []),
    ...(canonical.includes("%") ? latexLineComments(canonical) : []),
    ...(latex ? delimitedParts(canonical, "\\iffalse", "\\fi", "LaTeX \\iffalse block") : []),
    ...(latex
      ? delimitedParts(canonical, "\\begin{comment}", "\\end{comment}", "LaTeX comment environment")
      : []),
    ...(latex ? patternParts(canonical, LATEX_INVISIBLE, "white or invisible LaTeX text") : []),
    ...(canonical.includes("]:") ? patternParts(canonical, MARKDOWN_COMMENT, "Markdown comment") : []),
  ];
  const findings: LocatedFinding[] = [];
  for (const part of parts) {
    if (fragmentAddressesGrader(part.content) === false) continue;
    findings.push({
      technique: "hidden_text",
      reason: `The answer hides text addressed to the grader in a ${part.kind}.`,
      excerpt: clipExcerpt(part.content),
      position: part.position,
    });
  }
  return findings;
}
