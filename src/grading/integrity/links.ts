/**
 * Links and images that could carry data out: a model that renders or follows them sends whatever the URL
 * holds (the rubric, the reference answer, other answers) to a server the attacker reads.
 *
 * - Markdown images are always reported: an answer is text, and an image the grader's UI would load is
 *   the classic exfiltration channel.
 * - Links (Markdown, HTML `<a>`/`<img>`, bare URLs) only when the URL carries data: a template placeholder
 *   (`{{rubric}}`, `{system_prompt}`, `$SYSTEM_PROMPT`, `<INSERT …>`, `REFERENCE_ANSWER`), a query key
 *   named after what it would steal (`prompt=`, `rubric=`, `answer=`), a long encoded value, or a 1×1
 *   tracking image. A citation (`https://en.wikipedia.org/wiki/Photosynthesis`,
 *   `https://www.youtube.com/watch?v=…`, a short search query) is not.
 * Works on the canonical text (case matters for placeholders). Linear: bounded regexes, one pass each.
 */
import { clipExcerpt, type LocatedFinding } from "./screen-types.js";

const MARKDOWN_IMAGE = /!\[[^\]\n]{0,200}\]\s?[([]/u;
/** `[text](target)`; the target may hold spaces inside a placeholder, so it runs to the closing bracket. */
const MARKDOWN_LINK = /\[[^\]\n]{0,200}\]\(([^()\n]{1,500})\)/gu;
const HTML_TAG = /<(?:img|a|image|source|iframe|link)\b[^<>]{0,500}>/giu;
const TAG_URL = /\b(?:src|href|srcset|data)\s*=\s*["']?([^"'\s>]{1,2000})/iu;
const TINY_IMAGE = /<img\b[^<>]*\b(?:width|height)\s*=\s*["']?[0-2](?:px)?["'\s>/]/iu;
const BARE_URL = /\b(?:https?|ftp):\/\/[^\s<>"'`]{1,1000}/giu;

const PLACEHOLDER =
  /\{\{?[^{}\n]{1,80}\}\}?|\$\{?[A-Za-z_][A-Za-z0-9_]{2,}|<[^<>\n]{1,80}>|%7B|\[[A-Z_ ]{3,}\]|%s(?![A-Za-z0-9])|(?<=[=/])[A-Z][A-Z0-9]*_[A-Z0-9_]{2,}(?![a-z])/u;
const DATA_KEY =
  /[?&#;](?:prompt|system(?:_?prompt)?|instructions?|rubric|answer_?key|answer|reference|solution|secret|token|password|exfil|leak|payload|grade|score|canary|feedback|data|msg|message|content)=[^&#]/iu;
const LONG_VALUE = /[?&#;][^=&#]{1,40}=([^&#]{64,})/u;

/** Why a URL looks like it carries data, or null. */
function carriesData(url: string): string | null {
  if (PLACEHOLDER.test(url)) return "a template placeholder";
  if (DATA_KEY.test(url)) return "a query field named after grading data";
  const long = LONG_VALUE.exec(url)?.[1];
  if (long) {
    const encoded = (long.match(/%[0-9a-f]{2}/giu)?.length ?? 0) >= 8;
    const mixedCase = /[a-z]/u.test(long) && /[A-Z]/u.test(long) && /[0-9]/u.test(long);
    if (encoded || (mixedCase && /^[A-Za-z0-9+/=_-]+$/u.test(long))) return "a long encoded query value";
  }
  return null;
}

function linkFinding(reason: string, excerpt: string, position: number): LocatedFinding {
  return { technique: "exfiltration_link", reason, excerpt: clipExcerpt(excerpt), position };
}

/**
 * Image and link findings in the canonical answer, at most one. Failure modes: data smuggled in the path
 * of an ordinary-looking URL (`https://x.example/abc123`) or in a link the answer only describes is
 * missed; a Markdown image in a legitimate answer (a diagram) is reported, and review decides.
 */
export function findExfiltrationLinks(canonical: string): LocatedFinding[] {
  const image = MARKDOWN_IMAGE.exec(canonical);
  if (image) {
    return [
      linkFinding(
        "The answer embeds a Markdown image, which a rendering grader would load from an outside server.",
        canonical.slice(image.index, image.index + 120),
        image.index,
      ),
    ];
  }
  const candidates: { url: string; at: number; tag?: string }[] = [];
  for (const match of canonical.matchAll(MARKDOWN_LINK)) {
    if (candidates.length >= 200) break;
    candidates.push({ url: match[1]!.trim(), at: match.index });
  }
  for (const match of canonical.matchAll(HTML_TAG)) {
    if (candidates.length >= 400) break;
    candidates.push({ url: TAG_URL.exec(match[0])?.[1] ?? "", at: match.index, tag: match[0] });
  }
  for (const match of canonical.matchAll(BARE_URL)) {
    if (candidates.length >= 600) break;
    candidates.push({ url: match[0], at: match.index });
  }
  for (const { url, at, tag } of candidates) {
    const why = carriesData(url) ?? (tag && TINY_IMAGE.test(tag) ? "a 1×1 tracking image" : null);
    if (why === null) continue;
    return [
      linkFinding(
        `The answer contains a link or image whose URL carries data out (${why}).`,
        canonical.slice(at, at + 120),
        at,
      ),
    ];
  }
  return [];
}
