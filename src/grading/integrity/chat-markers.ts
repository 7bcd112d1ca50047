/**
 * Chat-template markers: the special tokens and turn headers that chat models are trained on (ChatML
 * `<|im_start|>`, Llama `[INST]`/`<<SYS>>`/`<|eot_id|>`, Gemma `<start_of_turn>`, Mistral `[SYSTEM_PROMPT]`,
 * Phi `<|user|>`, GPT `<|endoftext|>`, Alpaca "### Instruction:", "Human:/Assistant:" turns), closing tags
 * of our own prompt and forged answer boundaries. An answer has no reason to contain them; an attacker uses
 * them to end the student turn and start a fake system or assistant turn.
 */
import { clipExcerpt, type LocatedFinding } from "./screen-types.js";

interface MarkerRule {
  pattern: RegExp;
  reason: string;
  /** Strings of which every match holds one: a text with none of them is not searched. */
  needs: readonly string[];
  /** What the marked passage (and the 600 characters after it) must also talk about, when not every use is an attack. */
  about?: RegExp;
  /** A match this says is not a marker in use (a schema, XML data) is skipped, and the next one looked at. */
  notInUse?: (canonical: string, match: RegExpExecArray) => boolean;
}

/** A tag name in XML that opens right after another tag: `<user><username>…`. */
const NESTED_TAG = /^\s*<([a-z][\w.-]{0,30})>/iu;
const CHILD_CLOSED = /<\/[a-z][\w.-]{0,30}>\s*$/iu;

/**
 * A prompt-like tag that holds XML data: it opens straight onto a child element that is closed again
 * (`<user><username>mlopez</username>…</user>`, a record in an answer comparing JSON and XML). A forged
 * turn holds text.
 */
function holdsXmlData(canonical: string, match: RegExpExecArray): boolean {
  // A closing tag right after a child's closing tag closes the record: `…</email></user>`.
  if (match[0].includes("/"))
    return CHILD_CLOSED.test(canonical.slice(Math.max(0, match.index - 40), match.index));
  const child = NESTED_TAG.exec(
    canonical.slice(match.index + match[0].length, match.index + match[0].length + 40),
  );
  return child !== null && canonical.includes(`</${child[1]}>`, match.index);
}

/**
 * Grading, scores or the model's instructions: what a forged chat turn is for. A chatbot's sample dialogue
 * in a design answer ("User: I lost my card. Bot: I can block it now.") talks about none of them.
 */
const ABOUT_GRADING_OR_INSTRUCTIONS =
  /\b(?:grad(?:e|es|ed|ing|er)|scor(?:e|es|ed|ing)|marks?|mark(?:ed|ing|er)|points?|rubric|examiner|assess\w*|credit|correct|pass(?:ed)?|fail(?:ed)?|instructions?|system|prompt|ignore|override|answer key|model answer|note|nota|punkte?|bewert\w*|calificaci\w+|puntua\w+|voto|балл\w*|оценк\w*)\b|\d\s*\/\s*\d|%|نمره|درجة|الدرجة|分数|满分|評価|점수/iu;

/**
 * A quoted transcript analysed as evidence: the dialogue's turns are followed by a line that reads them
 * ("This shows that chatbots …", "In this exchange the model …"). The analysis may say the bot "corrected"
 * itself; only the turns, and grading words proper in the analysis, speak to the grader. (Blank lines are
 * gone in the canonical text, so the dialogue ends where such a line starts.)
 */
const ANALYSED_AFTER =
  /^[ \t]*(?:(?:in\s+)?(?:this|that|the)\s+(?:exchange|dialogue|conversation|transcript|example|interaction|chat)\b|(?:this|that|these|here|the\s+(?:chatbot|chat|bot|model|assistant|ai|system))\b[^\n]{0,80}?\b(?:shows?|showed|illustrat\w*|demonstrat\w*|reveal\w*|suggest\w*|highlight\w*|indicat\w*|exemplif\w*|is\s+an\s+example|is\s+a\s+case))/iu;
/** Talk to a grader proper, in a student's analysis of a transcript ("correct" there describes the bot). */
const GRADING_PROPER =
  /\b(?:grad(?:e|es|ed|ing|er)|scor(?:e|es|ed|ing)|marks|mark(?:ed|ing|er)|rubric|examiner|instructions?|ignore|override|answer key|model answer|full credit)\b|\d\s*\/\s*\d|%/iu;
const TURN_LABEL = /^[ \t]*(?:Human|User|Assistant|Model|AI|Bot|GPT|Chatbot|System)[ \t]*:/u;

/**
 * A line that introduces the transcript as a conversation the student had or saw ("When I tested a chatbot
 * for this assignment, the exchange went:", "I asked ChatGPT for a source and it replied:", "Here is the
 * conversation I had with the bot:"): what follows is an exhibit, as with an analysis after it.
 */
const NARRATED_BEFORE =
  /(?:\b(?:exchange|conversation|dialogue|dialog|chat|transcript|interaction|session)\b[^\n]{0,80}|\b(?:i|we)\s+(?:asked|tested|prompted|tried|typed|queried|used|gave|told)\b[^\n]{0,80}\b(?:chatbots?|chatgpt|gpt-?\d?|bots?|ai|models?|assistants?|copilot|gemini|claude|llms?)\b[^\n]{0,80})[:.]?[ \t]*$/iu;

/** The turns of a dialogue: from its first label to the first line that is neither a turn nor its continuation. */
function dialogueEnd(canonical: string, start: number): number {
  let lineStart = canonical.indexOf("\n", start + 1);
  for (let lines = 0; lines < 40 && lineStart >= 0; lines++) {
    const lineEnd = canonical.indexOf("\n", lineStart + 1);
    const line = canonical.slice(lineStart + 1, lineEnd < 0 ? undefined : lineEnd);
    if (!TURN_LABEL.test(line)) return lineStart;
    lineStart = lineEnd;
  }
  return lineStart < 0 ? canonical.length : lineStart;
}

function aboutGrading(canonical: string, match: RegExpExecArray, about: RegExp): boolean {
  const start = match.index;
  if (!about.test(canonical.slice(start, start + match[0].length + 600))) return false;
  // A transcript introduced as one the student had: only its turns, and grading words proper after them,
  // speak to the grader.
  const lineBefore = canonical.slice(canonical.lastIndexOf("\n", start - 1) + 1, start);
  if (NARRATED_BEFORE.test(lineBefore)) {
    const end = dialogueEnd(canonical, start + (canonical[start] === "\n" ? 1 : 0));
    return about.test(canonical.slice(start, end)) || GRADING_PROPER.test(canonical.slice(end, end + 600));
  }
  // The first line after the dialogue's turns that reads them as evidence.
  let lineStart = start + match[0].length;
  for (let lines = 0; lines < 40; lines++) {
    const newline = canonical.indexOf("\n", lineStart);
    if (newline < 0 || newline - start > 3000) return true;
    lineStart = newline + 1;
    const lineEnd = canonical.indexOf("\n", lineStart);
    const line = canonical.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
    if (TURN_LABEL.test(line) || !ANALYSED_AFTER.test(line)) continue;
    return (
      about.test(canonical.slice(start, lineStart)) ||
      GRADING_PROPER.test(canonical.slice(lineStart, lineStart + 600))
    );
  }
  return true;
}

/** `<|…|>` tokens; the bar may be fullwidth (DeepSeek) in text that was not NFKC-folded. */
const SPECIAL_TOKEN = String.raw`<[|｜][^|｜<>\n]{1,40}[|｜]>`;

/** A marker, maybe a role word, then only a placeholder up to the next marker: "<|im_start|>user ... <|im_end|>". */
const PLACEHOLDER_AFTER = /^[ \t]?(?:[a-z_]{1,12}[ \t]?)?(?:\.{3}|…)[ \t]?(?:<|\[)/iu;
const PLACEHOLDER_BEFORE = /(?:\.{3}|…)[ \t]?$/u;

/**
 * A special token or template marker written as a schema ("[INST] ... [/INST]", "<|im_start|>user …
 * <|im_end|>"): it describes the template, it opens no turn with content.
 */
function isSchematic(canonical: string, match: RegExpExecArray): boolean {
  const end = match.index + match[0].length;
  return (
    PLACEHOLDER_AFTER.test(canonical.slice(end, end + 24)) ||
    PLACEHOLDER_BEFORE.test(canonical.slice(Math.max(0, match.index - 6), match.index))
  );
}

const MARKER_RULES: readonly MarkerRule[] = [
  {
    pattern: new RegExp(SPECIAL_TOKEN, "u"),
    reason:
      "The answer contains a chat-model special token that could start a fake system or assistant turn.",
    needs: ["<"],
    notInUse: isSchematic,
  },
  {
    pattern:
      /\[\/?(?:INST|SYSTEM_PROMPT|AVAILABLE_TOOLS|TOOL_CALLS|TOOL_RESULTS)\]|<<\/?SYS>>|<\/?(?:start_of_turn|end_of_turn)>|<s>\s*\[INST\]/u,
    reason:
      "The answer contains chat-template markers (Llama, Mistral or Gemma) that try to start a new turn.",
    needs: ["[", "<"],
    notInUse: isSchematic,
  },
  {
    pattern:
      /(?:^|\n)[ \t]*#{2,4}[ \t]*(?:Instruction|Response|System|Input|Human|Assistant)[ \t]*:|(?:^|\n)[ \t]*#{2,4}[ \t]*Instruction[ \t]*\n[\s\S]{0,400}?\n[ \t]*#{2,4}[ \t]*Response\b/iu,
    reason: "The answer contains instruction-template headers (### Instruction / ### Response).",
    needs: ["#"],
  },
  {
    pattern:
      /(?:^|\n)[ \t]*(?:Human|User)[ \t]*:[^\n]{0,300}(?:\n[^\n]{0,300}){0,6}\n[ \t]*(?:Assistant|Model|AI|Bot|GPT)[ \t]*:/u,
    reason: "The answer contains a scripted user/assistant dialogue that imitates a chat transcript.",
    needs: [":"],
    about: ABOUT_GRADING_OR_INSTRUCTIONS,
  },
  {
    pattern:
      /<\s*\/?\s*(?:student_answer|student-answer|answer|rubric|criterion|instructions|request|system_prompt|grader|grading|user|assistant|antwort|anweisungen|r[ée]ponse|consignes|respuesta|instrucciones|risposta|istruzioni|resposta|instru[çc][õo]es|odpowied[źz]|instrukcje|ответ|инструкции|відповідь|інструкції)\s*>|\[\[\s*\/?\s*(?:grader|grading|system|admin|teacher|marker)(?:[ _-]?(?:instructions?|notes?|prompt|only))?\s*\]\]/iu,
    // Round 52: the answer and instruction tags in German, French, Spanish, Italian, Portuguese, Polish,
    // Russian and Ukrainian too (`</відповідь> <інструкції>…`).
    reason: "The answer contains tags that imitate the structure of the grading prompt.",
    needs: ["<", "[["],
    notInUse: holdsXmlData,
  },
  {
    pattern:
      /[-=#*_[(]{2,}[ \t]*(?:END|BEGIN|START) OF (?:THE )?(?:STUDENT(?:'S)? )?(?:ANSWER|RESPONSE|SUBMISSION|INPUT|TEXT|PROMPT)\b|\b(?:END|BEGIN|START) OF (?:THE )?(?:STUDENT(?:'S)? )?(?:ANSWER|RESPONSE|SUBMISSION)\b|ANSWER-BOUNDARY-/u,
    reason: "The answer contains a forged boundary that pretends the student's answer has ended.",
    needs: [" OF ", "ANSWER-BOUNDARY-"],
  },
];

/**
 * The first match that `notInUse` does not explain, or null; past 50 explained ones, the next match
 * (bounded work on a text written to be skipped).
 */
function firstInUse(
  canonical: string,
  pattern: RegExp,
  notInUse: (canonical: string, match: RegExpExecArray) => boolean,
): RegExpExecArray | null {
  const global = new RegExp(pattern.source, `${pattern.flags}g`);
  let examined = 0;
  for (let match = global.exec(canonical); match; match = global.exec(canonical)) {
    if (!notInUse(canonical, match) || ++examined > 50) return match;
  }
  return null;
}

/**
 * Chat-template markers in the canonical answer, at most one finding per marker kind. Failure modes: a
 * programming answer that quotes ChatML or `[INST]` with content between the markers is flagged (review
 * decides; a schema with "..." between them is not); `<s>` on its
 * own is not flagged, because it is also the HTML strikethrough tag.
 */
export function findChatTemplateMarkers(canonical: string): LocatedFinding[] {
  const findings: LocatedFinding[] = [];
  for (const rule of MARKER_RULES) {
    if (!rule.needs.some((needed) => canonical.includes(needed))) continue;
    // A marker counts only where it is in use: "[INST] ... [/INST]" describes the template itself, and
    // `<user><username>…` is an XML record.
    const match = rule.notInUse
      ? firstInUse(canonical, rule.pattern, rule.notInUse)
      : rule.pattern.exec(canonical);
    if (!match) continue;
    if (rule.about && !aboutGrading(canonical, match, rule.about)) continue;
    const leading = match[0].length - match[0].trimStart().length;
    findings.push({
      technique: "chat_template_markers",
      reason: rule.reason,
      excerpt: clipExcerpt(match[0]),
      position: match.index + leading,
    });
  }
  return findings;
}

/** Special tokens and template markers that {@link neutraliseChatMarkers} defangs. */
const DEFANGABLE = new RegExp(
  [
    SPECIAL_TOKEN,
    String.raw`\[\/?(?:INST|SYSTEM_PROMPT|AVAILABLE_TOOLS|TOOL_CALLS|TOOL_RESULTS)\]`,
    String.raw`<<\/?SYS>>`,
    String.raw`<\/?(?:start_of_turn|end_of_turn)>`,
  ].join("|"),
  "gu",
);

/**
 * Defangs chat-template special tokens in the copy of the answer that the model sees, visibly and without
 * zero-width characters: a backslash goes after the opening bracket and before a closing bar, so the text
 * stays readable for the model and the teacher but no longer spells the token.
 *
 *   `<|im_start|>` → `<\|im_start\|>`   `[INST]` → `[\INST]`   `[/INST]` → `[\/INST]`
 *   `<<SYS>>` → `<\<SYS>>`   `<start_of_turn>` → `<\start_of_turn>`   `[SYSTEM_PROMPT]` → `[\SYSTEM_PROMPT]`
 *
 * Everything else is returned unchanged, including `<s>`/`</s>` (HTML strikethrough in ordinary answers),
 * headers such as "### Instruction:" and forged boundaries (the screen flags those; the prompt's random
 * boundary already keeps them inside the answer). Idempotent: a defanged marker is not matched again.
 * Failure modes: evidence quotes that the model copies from a defanged marker will not match the
 * original answer; markers written with look-alike characters are not recognised (the text should be
 * canonical, i.e. NFKC-folded, so fullwidth bars are already plain).
 */
export function neutraliseChatMarkers(text: string): string {
  return text.replace(DEFANGABLE, (marker) => {
    if (marker.startsWith("<<")) return `<\\${marker.slice(1)}`;
    if (marker.startsWith("[")) return `[\\${marker.slice(1)}`;
    const bar = marker[1];
    if (bar === "|" || bar === "｜") return `<\\${bar}${marker.slice(2, -2)}\\${bar}>`;
    return `<\\${marker.slice(1)}`;
  });
}
