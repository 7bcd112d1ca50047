/**
 * Rules that are the same idea in every language: labels and salutations addressed to the grader
 * ("Grading note:", "Atenção, corretor:", "يا مصحح"), "new instructions:" headers, system labels next to a
 * score, and a request verb next to a perfect fraction ("notez 20/20", "dai 10/10"). Written once with
 * the words of all screened languages, so a mixed-language answer is covered too. Language code "mul".
 */
import { phraseRule } from "../matching-text.js";
import { DIGIT, SCORE_FRACTION_OR_OUT_OF, type PhraseRule } from "../screen-types.js";

const gap = (n: number) => String.raw`[^.!?\n]{0,${n}}?`;
const SENTENCE_START = String.raw`(?:^|\n|[.!?;:]\s*)\s*`;
/** Machine graders: addressing one is never part of an answer. */
const MACHINE = String.raw`(?:ai|ia|ki|ии|chatgpt|gpt|llm|bot|grading model|marking model|yapay zeka|kecerdasan buatan|人工智能|الذكاء الاصطناعي|هوش مصنوعی)`;
/** Human graders in the screened languages: addressing one counts only next to grading words. */
const GRADER = String.raw`(?:grader|marker|examiner|evaluator|assessor|corretor|corrector|correcteur|correttore|evaluador|avaliador|valutatore|examinador|esaminatore|examinateur|bewerter\p{L}*|prufer\p{L}*|korrektor\p{L}*|проверяющ\p{L}*|экзаменатор\p{L}*|مصحح|ممتحن|مقيم|penilai|degerlendirici|परीक्षक|阅卷老师|閱卷老師|评分员|評分員)`;
/** Words that make a sentence about grading, in all screened languages. */
const GRADING_WORD = String.raw`(?:grade|score|points?|marks?|credit|rubric|full|maximum|correct|nota|note|punt\p{L}*|punkt\p{L}*|puan|nilai|skor|балл\p{L}*|оценк\p{L}*|درجه|العلامه|نمره|بیست|अंक|नंबर|满分|滿分|得分|voto|massimo|maxima|maximale|maximal|richtig|correct[ao]|corrett[ao]|correcte|kamel|كامله|tam|penuh|benar|dogru|правильн\p{L}*|${SCORE_FRACTION_OR_OUT_OF})`;
const SYSTEM_WORD = String.raw`(?:system|sistem|sistema|systeme|система|सिस्टम|系统|系統|سیستم|النظام)`;
/**
 * Imperatives only: nouns that double as verbs ("score", "mark", "note", "grade") and words like Portuguese
 * "dê"/"dá" (folded to "de"/"da", which are also common prepositions) would describe results, not ask.
 */
const REQUEST_VERB = String.raw`(?:give|award|assign|gib|vergib|gebt|geben sie|notez|donnez|mettez|mets|attribuez|dame|ponme|dale|dai|dammi|assegna|metti|atribua|beri|berikan|поставь|поставьте|дай|дайте|给|給|दें|दीजिए|اعط|امنح|بده|بدهید|بدید)`;
const PERFECT_FRACTION = String.raw`(?<![\p{N}])(${DIGIT}{1,3})\s*/\s*\1(?![\p{N}])`;

export const MULTILINGUAL_RULES: readonly PhraseRule[] = [
  phraseRule(
    "mul.address.label",
    "rubric_amendment",
    "The answer contains a note or instruction labelled for the grader.",
    String.raw`${SENTENCE_START}(?:(?:grading|grader|marker|marking|examiner|evaluator|ai|llm|system)\s+(?:note|notes|instructions?|hint|notice|memo|override)|(?:note|notes|instructions?|hint|message|memo|context|reminder)\s+(?:to|for)\s+(?:the\s+)?(?:ai|grader|marker|evaluator|model|assistant)|(?:nota bene|n\.\s?b\.|nb)\s+(?:per|for|pour|fur|para)\s+(?:l'|la |il |the |die |le )?(?:${MACHINE}|${GRADER})|instruc\p{L}*\s+(?:para|pour|per|fur|for|для|an)\s+(?:la |el |a |o |il |l'|die |den |the )?(?:${MACHINE}|${GRADER})|(?:admin |system |teacher |grader )?override)\s*:`,
  ),
  phraseRule(
    "mul.address.machine",
    "rubric_amendment",
    "The answer addresses the AI grader directly.",
    String.raw`${SENTENCE_START}(?:dear|hey|hi|hello|ok|okay|attention|attn|atencao|atencion|attenzione|cher|chere|liebe|lieber|sehr geehrte[rs]?|hallo|hola|ola|ciao|salut|sayin|hai|halo|يا|ای|уважаем\p{L}*|дорог\p{L}*|привет|尊敬的|亲爱的|親愛的|प्रिय)\s*,?\s*(?:the |la |el |o |a |il |die |der |le |l'|my )?${MACHINE}\s*(?:[,:;!.]|$)|${SENTENCE_START}(?:ai|assistant|grader|chatgpt|gpt|claude|model|bot)\s*,\s*(?:please|remember|note|listen|ignore|give|award|mark|grade|forget)\b`,
  ),
  phraseRule(
    "mul.address.grader",
    "rubric_amendment",
    "The answer addresses the grader and talks about its grade.",
    String.raw`${SENTENCE_START}(?:dear|hey|attention|attn|atencao|atencion|attenzione|cher|chere|liebe|lieber|sehr geehrte[rs]?|hola|ola|sayin|يا|ای|уважаем\p{L}*|尊敬的|亲爱的|प्रिय)\s*,?\s*(?:the |la |el |o |a |il |die |der |le |l'|my )?${GRADER}(?![\p{L}\p{N}])${gap(80)}${GRADING_WORD}`,
  ),
  phraseRule(
    "mul.override.new-instructions",
    "instruction_override",
    "The answer starts a block of new instructions for the grader.",
    String.raw`\b(?:new|neue|nouvelles?|nuevas?|nuove|novas?|yeni)\s+(?:instructions?|anweisung\p{L}*|consignes?|instrucciones|istruzioni|instrucoes|talimat\p{L}*|aufgabe|regeln?)\s*:|(?:новые|новая)\s+(?:инструкци\p{L}*|указани\p{L}*|задач\p{L}*)\s*:|\binstruksi baru\s*:|新的?(?:指令|指示|任务|任務|规则|規則)\s*:`,
  ),
  phraseRule(
    "mul.role.system-label",
    "role_claim",
    "The answer contains a 'system' line that sets its grade.",
    String.raw`${SENTENCE_START}${SYSTEM_WORD}(?:\s*(?:prompt|note|message|hint|notice|提示|消息|notu|mesaji))?\s*:${gap(60)}${GRADING_WORD}`,
  ),
  phraseRule(
    "mul.score.perfect-fraction",
    "score_request",
    "The answer asks for a perfect score.",
    String.raw`(?<![\p{L}])(?<!\b(?:i|we|they|he|she|you|it|ich|wir|je|nous|yo|io|eu)\s)${REQUEST_VERB}(?![\p{L}])${gap(25)}${PERFECT_FRACTION}|${PERFECT_FRACTION}${gap(10)}(?<![\p{L}])(?:ver|verin|verir misiniz|दें|दो|दीजिए|بده|بدهید|بدید|给我|給我)(?![\p{L}])`,
  ),
  phraseRule(
    "mul.override.authorship-split",
    "instruction_override",
    "The answer claims that part of it was written by someone other than the student.",
    String.raw`\b(?:everything|all|the text|what(?:ever)? (?:is|comes))\s+(?:above|below|after|before)\s+(?:this (?:line|point)\s+)?(?:is|comes|was written|are)\b${gap(30)}\b(?:student|teacher|grader|instructor|system|examiner)\b|\b(?:the )?teacher (?:told|instructed|asked|wants) you\b`,
  ),
];
