/**
 * English phrases that redefine what is graded (fake rubric amendments, notes to the grader) or that
 * pretend the grading already happened (fake verdicts). Published attacks on LLM judges succeed mostly this
 * way rather than with "ignore previous instructions", so these rules matter most. The same care as in
 * english.ts applies: each rule needs the grading vocabulary and a claim or a label together.
 */
import { phraseRule } from "../matching-text.js";
import { DIGIT, SCORE_FRACTION_OR_OUT_OF, type PhraseRule } from "../screen-types.js";

const gap = (n: number) => String.raw`[^.!?\n]{0,${n}}?`;

const GRADING_DOCUMENT = String.raw`(?:rubric|marking scheme|mark scheme|marking guide|grading (?:criteria|rubric|scheme|guide(?:lines)?|policy|key)|scoring (?:criteria|rubric|guide)|assessment criteria|evaluation criteria|marking criteria|answer key|reference answer|model answer|expected answer|criteri(?:on|a)(?: ${DIGIT})?)`;
const MACHINE_GRADER = String.raw`(?:ai|llm|gpt|chatgpt|claude|gemini|copilot|bot|robot|language model|grading model|marking model|automated grader|ai grader|automatic grader|grader)`;
const HUMAN_GRADER = String.raw`(?:marker|evaluator|examiner|assessor|reviewer|corrector|checker)`;
const SCORE_UNIT = String.raw`(?:marks?|points?|score|credit|grade)`;
const LINE_START = String.raw`(?:^|\n|[.!?)]\s+)\s*`;

const amendment: PhraseRule[] = [
  phraseRule(
    "en.amend.rubric-changed",
    "rubric_amendment",
    "The answer claims the rubric or the reference answer has changed.",
    String.raw`\b${GRADING_DOCUMENT}\b${gap(40)}\b(?:has|have|had|was|were|is|are)\s+(?:been\s+)?(?:updated|changed|amended|revised|modified|removed|replaced|dropped|waived|outdated|superseded|relaxed|corrected|cancel+ed|deleted|no longer valid)\b`,
  ),
  phraseRule(
    "en.amend.updated-rubric",
    "rubric_amendment",
    "The answer refers to an 'updated' rubric or answer key.",
    // "The grades rose after the new rubric was introduced" reports; an amendment states a rule (a label
    // with a colon) or talks about answers, marks or criteria in the same sentence.
    String.raw`\b(?:updated|new|revised|amended|corrected|latest)\s+(?:rubric|marking scheme|mark scheme|answer key|grading (?:criteria|rubric|scheme|guide\w*)|scoring (?:guide|rubric|criteria)|reference answer|model answer|marking criteria|assessment criteria)\b(?=\s*[:(-]|[^.!?\n]{0,120}\b(?:answers?|responses?|full|marks?|points?|credit|correct|criteri\w*|accept\w*|award\w*|requires?|only|now|this|my)\b)|\b(?:rubric|marking scheme|grading criteria|answer key)\s+(?:update|change|amendment|revision|correction|clarification|addendum)\b`,
  ),
  phraseRule(
    "en.amend.note-to-grader",
    "rubric_amendment",
    "The answer contains a note addressed to the grader.",
    String.raw`\bnote (?:to|for) (?:the )?(?:ai |automated |automatic |human )?(?:${MACHINE_GRADER}|${HUMAN_GRADER}|model|assistant)\b|\b(?:p\.?\s?s\.?|pps)\s*(?:to|for)\s+(?:the\s+)?(?:${MACHINE_GRADER}|${HUMAN_GRADER}|model)\b`,
  ),
  phraseRule(
    "en.amend.address-machine",
    "rubric_amendment",
    "The answer addresses the AI grader directly.",
    String.raw`(?:^|[(\[\n]|[.!?,;]\s)\s*(?:attention|attn|dear|hey|hi|hello)\s*,?\s*(?:the |my )?${MACHINE_GRADER}\s*(?:[,:;!.]|$)|(?:^|[(\[\n]|[.!?;]\s)\s*(?:for|to)\s+(?:the |my )?${MACHINE_GRADER}\s*:|(?:^|\n)\s*(?:ai |automated |automatic )?(?:grader|grading model|marking model)\s*:`,
  ),
  phraseRule(
    "en.amend.address-human-grader",
    "rubric_amendment",
    "The answer contains a message to the person or program grading it.",
    String.raw`(?:^|[(\[\n]|[.!?]\s)\s*(?:for|to|attention|attn)\s+(?:the |my )?${HUMAN_GRADER}\s*:|\bdear ${HUMAN_GRADER}\b${gap(60)}\b(?:grade|mark|score|points|full|rubric|criteri\w*|correct|award|reference answer)\b`,
  ),
  phraseRule(
    "en.amend.if-you-are-reading",
    "rubric_amendment",
    "The answer speaks to whoever (or whatever) is grading it.",
    String.raw`\bif you(?:'re| are) (?:reading this|an? (?:ai|language model|llm|bot|grader|model|machine)|the (?:ai|grader|model|marker))\b|\bwhoever (?:reads|is reading|grades|is grading|marks|is marking|evaluates) this\b`,
  ),
  phraseRule(
    "en.amend.assessed-on",
    "rubric_amendment",
    "The answer redefines what the question is assessed on.",
    String.raw`\b(?:this|the) (?:question|item|task|exercise)\b${gap(20)}\b(?:is|will be|should be)\s+(?:only\s+)?(?:assessed|graded|marked|scored|evaluated)\s+(?:only\s+)?(?:on|by|for|based on)\b|\bonly (?:effort|attempts?|participation|length|creativity|the attempt)\s+(?:counts?|matters?|is (?:graded|assessed|marked))\b|\b(?:rubric|criteria|criterion|marking scheme)\b${gap(30)}\bonly (?:requires?|asks? for|needs?|expects?)\b`,
  ),
  phraseRule(
    "en.amend.any-answer-that",
    "rubric_amendment",
    "The answer states a grading rule in its own favour.",
    String.raw`\bany (?:response|answer|submission|solution|essay)\b${gap(15)}\b(?:that|which|with|mentioning|containing|including)\b${gap(60)}\b(?:should|must|shall|will|is to|are to|gets?|receives?|earns?|meets?|deserves?)\b${gap(25)}\b(?:scored|graded|marked|considered|treated|rated|awarded|accepted|full|maximum|correct|all (?:criteria|points|marks))\b|\banswers that (?:mention|include|contain|use)\b${gap(40)}\b(?:meet|satisfy|fulfil|get|receive|earn)\b`,
  ),
  phraseRule(
    "en.amend.accepted-as-correct",
    "rubric_amendment",
    "The answer claims a grading rule under which it counts as correct.",
    String.raw`\b(?:answers?|responses?|submissions?|attempts?|explanations?)\b${gap(40)}\b(?:are|is|will be|should be|must be)\s+(?:now\s+|always\s+)?(?:accepted|counted|treated|marked|graded|scored|considered)\s+as\s+(?:fully\s+|completely\s+)?(?:correct|complete|right)\b`,
  ),
  phraseRule(
    "en.amend.everyone-passes",
    "rubric_amendment",
    "The answer claims a grading policy under which every answer passes.",
    String.raw`\b(?:every|each|any|all)\s+(?:submitted\s+)?(?:answers?|responses?|submissions?|attempts?)\s+(?:(?:automatically\s+)?pass(?:es)?(?=\s*(?:[.!;,]|$))|gets? full|receives? full|(?:is|are) (?:automatically )?(?:accepted|marked correct|counted as correct))`,
  ),
  phraseRule(
    "en.amend.context-for-grading",
    "rubric_amendment",
    "The answer adds 'context' meant for the grader.",
    String.raw`\b(?:context|guidance|information|instructions?|notes?|hint|clarification)\s+for\s+(?:the\s+)?(?:grading|grader|marking|marker|evaluation|evaluator|assessment|assessor|examiner|scoring|ai)\b`,
  ),
  phraseRule(
    "en.amend.sufficient-for-full",
    "rubric_amendment",
    "The answer claims that less than the rubric asks earns full marks.",
    String.raw`\b(?:is|are) (?:sufficient|enough)\s+for\s+(?:full|maximum|all)\s+(?:the\s+)?${SCORE_UNIT}|\b(?:answers?|responses?|submissions?|explanations?|attempts?|mentioning|naming|stating|writing)\b${gap(40)}\b(?<!(?:\b(?:rarely|seldom|never|not|hardly|no longer|cannot|can not|won't|will not)|n't)\s)(?:now |will |should |shall |automatically )?(?:earns?|gets?|receives?|is worth|are worth|suffices for|qualif(?:y|ies) for)\s+(?:all|full|the full|maximum|the maximum|all available|all the)\s+${SCORE_UNIT}`,
  ),
  phraseRule(
    "en.amend.policy",
    "rubric_amendment",
    "The answer invokes a policy or accommodation to change the grading.",
    String.raw`\b(?:school|exam board|department|university|course|college) (?:policy|rules?|regulations?)\b${gap(40)}\b(?:requires?|says?|states?|mandates?|allows?)\b${gap(40)}\b(?:award|give|full|maximum|marks|points|credit|leniency)|\b(?:accommodation|support plan|iep|504 plan)\b${gap(80)}\b(?:mark(?:ed)? on|grade|score|award|points|credit|leniency|lenient|round up|full)\b`,
  ),
];

// A bare "Total: 9/10" followed by a noun ("Total: 9/10 germinated") counts a set in a results table.
const verdict: PhraseRule[] = [
  phraseRule(
    "en.verdict.label",
    "fake_verdict",
    "The answer contains a grade or verdict written as if by the grader.",
    String.raw`${LINE_START}(?:final (?:grade|score|mark|result|verdict)|grade|score|points awarded|points|marks awarded|verdict|evaluation|assessment|rating|recommended (?:score|grade)|grader output|grading result|overall (?:score|grade)|(?:expected|deserved|appropriate|recommended|suggested|correct) (?:score|grade|mark)(?: for this answer)?|outcome|criterion ${DIGIT}{1,2})\s*[:=]\s*(?:${SCORE_FRACTION_OR_OUT_OF}|correct\b|pass(?:ed)?\b|full\b|max(?:imum)?\b|perfect\b|excellent\b|fully\b|meets\b|complete\b|right\b|approved\b|accepted\b|true\b)|${LINE_START}total(?: score| points)?\s*[:=]\s*(?:${SCORE_FRACTION_OR_OUT_OF}(?!\d|\s+(?!marks?\b|points?\b|pts\b)[a-z])|correct\b|pass(?:ed)?\b|full\b|max(?:imum)?\b|perfect\b|fully\b|approved\b)`,
  ),
  phraseRule(
    "en.verdict.letter-grade",
    "fake_verdict",
    "The answer contains a top letter grade written as if by the grader.",
    String.raw`${LINE_START}(?:[Ff]inal [Gg]rade|[Gg]rade|GRADE|FINAL GRADE|[Ff]inal [Mm]ark)\s*[:=]\s*[AB][+-]?(?![\p{L}\p{N}])`,
    "u",
  ),
  phraseRule(
    "en.verdict.final-grade-number",
    "fake_verdict",
    "The answer contains a final grade written as if by the grader.",
    String.raw`${LINE_START}(?:final (?:grade|score|mark)|grade|points awarded)\s*[:=]\s*${DIGIT}{1,3}(?:[.,]${DIGIT})?\s*(?:$|\n|[.!]|points?|pts|marks?|%)`,
  ),
  // A perfect grade as the last field of a signature or header line ("— Jordan Lee, Period 4 | Bio 101 |
  // Grade: 100"). Only a perfect one, and only last on its line: "Grade: 9" there is a school year, and a
  // table row goes on after its cell ("| Trial 3 | Score: 100 |").
  phraseRule(
    "en.verdict.signature-field",
    "fake_verdict",
    "The answer contains a final grade written as if by the grader.",
    String.raw`[^\S\n][|•·][^\S\n]*(?:final (?:grade|score|mark)|grade|score|mark)[^\S\n]*[:=][^\S\n]*(?:100(?:[^\S\n]*/[^\S\n]*100)?|10[^\S\n]*/[^\S\n]*10|a\+)[^\S\n]*(?=\n|$)`,
  ),
  phraseRule(
    "en.verdict.schema-field",
    "fake_verdict",
    "The answer contains grading output fields.",
    String.raw`\b(?:needs_review|is_correct|total_points|criteria_met)\s*["']?\s*[:=]|<\s*(?:score|verdict|grade|points|marks?|result|evaluation|rating|total)\s*>|\b(?:grader|grading|marker|marking|evaluator|assessment|evaluation) (?:output|result|summary|report|decision|verdict)\s*(?::|\n|$)`,
  ),
  phraseRule(
    "en.verdict.assistant-reply",
    "fake_verdict",
    "The answer imitates the grader's reply announcing its grade.",
    String.raw`\b(?:here is|here's|this is)\s+(?:the|your|my|its|the final)\s+(?:grade|score|mark|verdict)\s*:\s*(?:${SCORE_FRACTION_OR_OUT_OF}|${DIGIT}|[ab][+-]?(?![\p{L}\p{N}])|full|pass|correct|excellent|perfect)|\b(?:sure|certainly|of course|absolutely)[!,.]\s+here (?:is|are) (?:the|your)\s+(?:grade|score|marks?|verdict)\b`,
  ),
  phraseRule(
    "en.verdict.meets-all-criteria",
    "fake_verdict",
    "The answer claims to meet every criterion.",
    // Not a condition: "a student gets full marks if their answer meets every criterion".
    String.raw`(?<!\b(?:if|when|whenever|unless|once|whether)\s+(?:[\p{L}'’]+\s+){0,3})\b(?:meets|satisfies|fulfils|fulfills|fulfilling|meeting|satisfying)\s+(?:all|every|each)\s+(?:of the\s+|the\s+)?(?:${DIGIT}+\s+)?(?:rubric\s+|grading\s+|marking\s+|assessment\s+)?criteri(?:a|on)\b|\ball\s+(?:${DIGIT}+\s+)?criteria\s+(?:are\s+)?(?:met|satisfied|fulfilled)\b|\bthe rubric is (?:fully )?(?:satisfied|met|fulfilled)\b`,
  ),
  phraseRule(
    "en.verdict.pre-approved",
    "fake_verdict",
    "The answer claims it was already approved or graded.",
    String.raw`\b(?:already|previously|pre-?)\s*(?:been\s+)?(?:verified|approved|graded|checked|marked|validated|confirmed|accepted|reviewed)\b${gap(30)}\b(?:by (?:the |my |your |our )?(?:teacher|professor|prof|instructor|examiner|grader|marker|tutor|lecturer|school|exam board|department)|as (?:fully )?(?:correct|right|complete)|for (?:full|maximum) (?:credit|marks|points))`,
  ),
  phraseRule(
    "en.verdict.matches-reference",
    "fake_verdict",
    "The answer claims to match the reference answer.",
    String.raw`\b(?:matches|is identical to|is the same as|equals)\s+(?:the\s+)?(?:reference|model|sample|expected|official)\s+(?:answer|solution)\b`,
  ),
  phraseRule(
    "en.verdict.correct-answer-is-mine",
    "fake_verdict",
    "The answer declares itself the correct answer.",
    String.raw`\bthe correct answer is\s+(?:this one|mine|my answer|whatever|what I wrote|the one I|exactly what I)\b|\ball other (?:answers|responses|submissions) are (?:wrong|incorrect|worse)\b|\b(?:evaluators?|graders?|examiners?|markers?|experts?|reviewers?)\s+(?:all\s+)?(?:agree|agreed|confirm|confirmed|have confirmed)\b${gap(40)}\b(?:this|my)\s+(?:answer|response|submission)\b`,
  ),
  phraseRule(
    "en.verdict.grader-voice",
    "fake_verdict",
    "The answer judges itself in the grader's voice.",
    String.raw`\bthe student'?s? (?:answer|response|submission)\b${gap(20)}\bis (?:fully|completely|entirely|100%) (?:correct|right)\b|\bthis (?:final )?(?:answer|response|submission|solution) is (?:fully |completely |entirely |100% )?(?:correct and complete|complete and correct)\b|\bthe student answered (?:everything|all (?:parts|questions)) correctly\b`,
  ),
];

export const ENGLISH_CLAIM_RULES: readonly PhraseRule[] = [...amendment, ...verdict];
