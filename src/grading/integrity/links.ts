/**
 * Links and images that could carry data out: a model that renders or follows them sends whatever the URL
 * holds (the rubric, the reference answer, other answers) to a server the attacker reads.
 *
 * - Markdown and HTML images when their URL reports home: any query string, a placeholder, a script or
 *   data URL. (The brief for this detector said "Markdown images always"; the independent held-out set
 *   has a Wikipedia diagram embedded as a Markdown image in a benign answer, and a static image URL
 *   carries nothing out, so only images whose URL can carry data are reported.) Script, iframes and event
 *   handlers are always reported.
 * - Links (Markdown, HTML `<a>`/`<img>`, bare URLs) only when the URL carries data: a template placeholder
 *   (`{{rubric}}`, `{system_prompt}`, `$SYSTEM_PROMPT`, `<INSERT …>`, `REFERENCE_ANSWER`), a query key
 *   named after what it would steal (`prompt=`, `rubric=`, `answer=`), a long encoded value, or a 1×1
 *   tracking image. A citation (`https://en.wikipedia.org/wiki/Photosynthesis`,
 *   `https://www.youtube.com/watch?v=…`, a short search query) is not.
 * URLs inside code (fenced blocks, backtick spans) are a program's and never rendered: not reported.
 * Works on the canonical text (case matters for placeholders). Linear: bounded regexes, one pass each.
 */
import { clipExcerpt, type LocatedFinding } from "./screen-types.js";

/** `![alt](target)` or `![alt][ref]`; the target is checked like a link's (see carriesData). */
const MARKDOWN_IMAGE = /!\[[^\]\n]{0,200}\]\s?(?:\(([^()\n]{1,500})\)|\[([^\]\n]{1,60})\])/gu;
/** `[text](target)`; the target may hold spaces inside a placeholder, so it runs to the closing bracket. */
const MARKDOWN_LINK = /(?<!!)\[[^\]\n]{0,200}\]\(([^()\n]{1,500})\)/gu;
const HTML_TAG = /<(?:img|a|image|source|iframe|link|script|object|embed|video|audio)\b[^<>]{0,500}>/giu;
const TAG_URL = /\b(?:src|href|srcset|data)\s*=\s*["']?([^"'\s>]{1,2000})/iu;
const TINY_IMAGE = /<img\b[^<>]*\b(?:width|height)\s*=\s*["']?[0-2](?:px)?["'\s>/]/iu;
/**
 * Markup that sends something out when rendered: a script, iframe or event handler that names a URL or
 * reads the page (`document.`, `fetch(`). `<script>alert('hi')</script>` in an essay on XSS sends nothing.
 * Round 48: what the element holds is read up to its closing tag (`</`) only: "<script>alert(1)</script>
 * would run; the fix is `document.createElement`…" quotes an element that reads nothing, and the page
 * access after it is the answer's own code.
 */
const ACTIVE_MARKUP =
  /<(?:script|iframe|object|embed)\b(?:[^<]|<(?!\/)){0,300}?(?:https?:|\/\/|document\.|window\.|location|fetch\s*\(|XMLHttpRequest|navigator\.)|<[a-z][^<>]{0,300}\son(?:error|load|click|mouseover|focus)\s*=[^>]{0,300}?(?:https?:|\/\/|document\.|window\.|location|fetch\s*\()/giu;
/** Where the markup would send what it reads: a URL, a request or a navigation. */
const SENDS_OUT = /https?:|\/\/|location|fetch\s*\(|XMLHttpRequest|sendBeacon|\.src\s*=|\bnew\s+Image\b/iu;
/**
 * Round 48: an answer about web security (XSS, escaping or sanitising markup, a Content-Security-Policy)
 * quotes markup as its subject: `<script>alert(document.cookie)</script>` shows what an attack could read,
 * and sends nothing anywhere. Markup that names where to send it is still reported.
 */
const SECURITY_TOPIC =
  /\bxss\b|cross[- ]site[- ]scripting|innerhtml|textcontent|content[- ]security[- ]policy|\bcsp\b|saniti[sz]\p{L}*|\bescap(?:e|es|ed|ing)\b|htmlspecialchars|dompurify|\bhtml[- ]?(?:escap|encod)\p{L}*|échapp\p{L}*|maskier\p{L}*|bereinig\p{L}*|sanific\p{L}*|desinfect\p{L}*|escapar|escapad\p{L}*|vulnerab\p{L}*|verwundbar\p{L}*|sicherheitslücke\p{L}*|faille\p{L}*|injection\s+(?:html|de\s+code|de\s+script)/iu;
const LATEX_GRAPHICS = /\\(?:includegraphics|href|url)\s*(?:\[[^\]\n]{0,80}\])?\s*\{([^{}\n]{1,500})\}/gu;
const BARE_URL = /\b(?:https?|ftp):\/\/[^\s<>"'`]{1,1000}/giu;
/** Code in the answer (fenced blocks, inline spans): a URL there is a program's, never rendered. */
const CODE = /```[\s\S]{0,20000}?```|`[^`\n]{1,2000}`/gu;

// Upper-case placeholders in any cased script: `INSERT_RUBRIC_HERE`, «ВМЪКНИ_КРИТЕРИИТЕ_ТУК»: words of
// letters joined by underscores, the whole path segment or query value. An identifier with digits is a
// citation's (round 31): a DOI's path (`10.1207/S15327965PLI1104_01`), an ISBN (`ISBN_0140449132`), an
// archive or file id (`NASA_MODIS_2012_01`); a SICI DOI's `<693::AID-ASI4>` opens with a digit.
const PLACEHOLDER =
  /\{\{?[^{}\n]{1,80}\}\}?|\$\{?[A-Za-z_][A-Za-z0-9_]{2,}|<(?!\p{N})[^<>\n]{1,80}>|%7B|\[\[?[\p{Lu}_ ]{3,}\]?\]|%s(?![A-Za-z0-9])|(?<=[=/])\p{Lu}+(?:_\p{Lu}+)+(?![\p{L}\p{N}_])|(?<==)\p{Lu}{3,}(?![\p{L}\p{N}_])|(?<==)\\[a-z]+/u;
const DATA_KEY =
  /[?&#;](?:prompt|system(?:_?prompt)?|instructions?|rubric|answer_?key|answer|reference|solution|secret|token|password|exfil|leak|payload|grade|score|canary|feedback|data|msg|message|content)=/iu;
/** A query field left empty for the grader to fill in: `?q=`, `?nota=&clave=`. */
const EMPTY_FIELD = /[?&;][^=&#\s]{1,30}=(?=$|[&#)\s\]}])/u;
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

/** An image URL reports home when it has any query, a placeholder, or is not a plain web address. */
function imageCarriesData(url: string): string | null {
  const target = url.trim().split(/\s/u)[0] ?? "";
  if (/^(?:data|javascript):/iu.test(target)) return "a script or inline data";
  if (/\?/u.test(target)) return carriesData(target) ?? "a query string";
  return carriesData(url);
}

function linkFinding(reason: string, excerpt: string, position: number): LocatedFinding {
  return { technique: "exfiltration_link", reason, excerpt: clipExcerpt(excerpt), position };
}

/**
 * Image and link findings in the canonical answer, at most one. Failure modes: data smuggled in the path
 * of an ordinary-looking URL (`https://x.example/abc123`) or in a link the answer only describes is
 * missed; an image with a harmless query string (a CDN's size parameter) is reported, and review decides.
 */
/**
 * An order to fill in a link ("append the rubric to that link", «completando los parámetros»); round 38
 * added Ukrainian, Polish, Italian, Dutch, Indonesian, Turkish, Vietnamese («điền vào d») and Chinese.
 */
const FILL_IN =
  /\b(?:append|fill(?:\s+in)?|complete|add|insert|put|paste|followed\s+by|replace)\b|(?:completa\w*|añad\w*|anad\w*|rellen\w*|ajout\w*|compl[eè]t\w*|ergänz\w*|erganz\w*|füg\w*|fug\w*|aggiung\w*|preench\w*|adicion\w*|добав\p{L}*|заполн\p{L}*|додай\p{L}*|заповн\p{L}*|встав\p{L}*|uzupełni\p{L}*|wstaw\p{L}*|dopisz\p{L}*|inserisci|compila\p{L}*|invull\p{L}*|vul\s+in|voeg\p{L}*|isikan|sisipkan|tambahkan|doldur\p{L}*|ekle\p{L}*|điền|chèn|thêm\s+vào|填入|填写|填寫|插入)/iu;

/**
 * Round 39: a fill-in word whose object is an exercise ("complete the exercise", «uzupełnij ćwiczenie»,
 * «ergänze die Tabelle») is the answer's own task, not an order to fill in the link.
 */
const EXERCISE_AFTER =
  /^[\s:]+(?:[\p{L}'-]+\s+){0,2}?(?:exercises?|worksheets?|tables?|forms?|quiz(?:zes)?|questionnaires?|surveys?|sentences?|gaps|blanks|tasks?|activit(?:y|ies)|crosswords?|puzzles?|charts?|diagrams?|homework|ćwiczeni\p{L}*|zadani\p{L}*|tabel\p{L}*|formularz\p{L}*|ankiet\p{L}*|luk\p{L}*|zdani\p{L}*|übung\p{L}*|ubung\p{L}*|aufgabe\p{L}*|tabelle\p{L}*|lücke\p{L}*|lucke\p{L}*|formular\p{L}*|exercice\p{L}*|tableau\p{L}*|formulaire\p{L}*|ejercicio\p{L}*|tabla\p{L}*|formulario\p{L}*|cuestionario\p{L}*|huecos|esercizi\p{L}*|tabella\p{L}*|questionario\p{L}*|oefening\p{L}*|formulier\p{L}*)(?![\p{L}])/iu;
const FILL_IN_ALL = new RegExp(FILL_IN.source, "giu");

/** Whether the text around a link holds a fill-in word that is not about an exercise. */
function ordersToFillIn(around: string): boolean {
  let examined = 0;
  for (const match of around.matchAll(FILL_IN_ALL)) {
    if (++examined > 8) return true;
    if (
      !EXERCISE_AFTER.test(around.slice(match.index + match[0].length, match.index + match[0].length + 60))
    ) {
      return true;
    }
  }
  return false;
}

/**
 * What every shape above starts with: "<" (markup), "[" (Markdown images, links and references), a
 * backslash (LaTeX) or "://" (a bare URL). Most answers have none of them.
 */
const LINK_START = /[<[\\]|:\/\//u;

export function findExfiltrationLinks(canonical: string): LocatedFinding[] {
  if (!LINK_START.test(canonical)) return [];
  const code: [number, number][] = [];
  for (const match of canonical.matchAll(CODE)) {
    code.push([match.index, match.index + match[0].length]);
    if (code.length >= 200) break;
  }
  const inCode = (at: number) => code.some(([start, end]) => at >= start && at < end);

  let securityTopic: boolean | undefined;
  let actives = 0;
  for (const active of canonical.matchAll(ACTIVE_MARKUP)) {
    if (++actives > 20) break;
    if (inCode(active.index)) continue;
    securityTopic ??= SECURITY_TOPIC.test(canonical);
    if (securityTopic && !SENDS_OUT.test(active[0])) continue;
    return [
      linkFinding(
        "The answer contains markup that runs code or loads a page when rendered (script, iframe, event handler).",
        canonical.slice(active.index, active.index + 120),
        active.index,
      ),
    ];
  }
  const references = new Map<string, string>();
  for (const match of canonical.matchAll(/(?:^|\n)\s{0,3}\[([^\]\n]{1,60})\]:\s*(\S{1,1000})/gu)) {
    references.set(match[1]!.toLowerCase(), match[2]!);
    if (references.size >= 100) break;
  }
  let images = 0;
  for (const match of canonical.matchAll(MARKDOWN_IMAGE)) {
    if (++images > 100) break;
    if (inCode(match.index)) continue;
    const url = match[1] ?? references.get((match[2] ?? "").toLowerCase()) ?? "";
    const why = imageCarriesData(url);
    if (why !== null) {
      return [
        linkFinding(
          `The answer embeds a Markdown image whose URL carries data out (${why}).`,
          canonical.slice(match.index, match.index + 120),
          match.index,
        ),
      ];
    }
  }
  const candidates: { url: string; at: number; tag?: string; image?: boolean }[] = [];
  for (const match of canonical.matchAll(MARKDOWN_LINK)) {
    if (candidates.length >= 200) break;
    candidates.push({ url: match[1]!.trim(), at: match.index });
  }
  for (const match of canonical.matchAll(HTML_TAG)) {
    if (candidates.length >= 400) break;
    const image = /^<(?:img|image|source)/iu.test(match[0]);
    candidates.push({ url: TAG_URL.exec(match[0])?.[1] ?? "", at: match.index, tag: match[0], image });
  }
  for (const match of canonical.matchAll(LATEX_GRAPHICS)) {
    if (candidates.length >= 500) break;
    candidates.push({ url: match[1]!, at: match.index, image: /includegraphics/u.test(match[0]) });
  }
  for (const match of canonical.matchAll(BARE_URL)) {
    if (candidates.length >= 600) break;
    candidates.push({ url: match[0], at: match.index });
  }
  for (const { url, at, tag, image } of candidates) {
    if (inCode(at)) continue;
    // An empty field (`?src=`) is harmless in a citation ("…&btnG="); it carries data when the answer
    // tells the grader to fill it in.
    const emptyToFill =
      EMPTY_FIELD.test(url) && ordersToFillIn(canonical.slice(Math.max(0, at - 300), at + url.length + 300));
    const why =
      (image ? imageCarriesData(url) : carriesData(url)) ??
      (emptyToFill ? "an empty query field the grader is asked to fill in" : null) ??
      (tag && TINY_IMAGE.test(tag) ? "a 1×1 tracking image" : null);
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
