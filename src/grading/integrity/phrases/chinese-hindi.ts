/**
 * Chinese (simplified and traditional) and Hindi phrases that address the grader. Chinese has no spaces, so
 * the rules rely on short bounded gaps and on verb + object pairs ("给…满分", "判为正确"); NFKC has already
 * turned fullwidth "：" and "，" into ASCII. Hindi rules are NFKC-folded like the text, so nukta letters
 * (ज़) match whichever way they were typed.
 */
import { phraseRule } from "../matching-text.js";
import { DIGIT, SCORE_FRACTION, type PhraseRule } from "../screen-types.js";

/** A gap inside one Chinese sentence. */
const zhGap = (n: number) => String.raw`[^。！？!?\n]{0,${n}}?`;
/** A gap inside one Hindi sentence (danda "।" ends sentences). */
const hiGap = (n: number) => String.raw`[^।.!?\n]{0,${n}}?`;

const chinese: PhraseRule[] = [
  phraseRule(
    "zh.override.earlier-instructions",
    "instruction_override",
    "The answer tells the grader to ignore its instructions (Chinese).",
    String.raw`(?:忽略|忽视|忽視|无视|無視|忘记|忘記|忘掉|不要理会|不要理會|不用管|跳过|跳過|不要遵守|不要遵循|不必遵守)${zhGap(12)}(?:指令|指示|说明|說明|规则|規則|要求|提示词|提示詞|设定|設定|评分标准|評分標準|命令)`,
  ),
  phraseRule(
    "zh.score.full-marks",
    "score_request",
    "The answer asks for full marks or to be judged correct (Chinese).",
    String.raw`(?:给|給|打|判|评|評)${zhGap(10)}(?:满分|滿分|最高分|100分|一百分)|(?:判|评|評|视|視|算|当作|當作|看作)(?:为|為|作|成)(?:正确|正確|对的|對的|满分|滿分)`,
  ),
  phraseRule(
    "zh.role.as-your-teacher",
    "role_claim",
    "The answer claims to speak as the teacher, or gives the grader a new role (Chinese).",
    String.raw`(?:作为|作為|身为|身為)(?:你的|您的|你们的|你們的|本班的?|这个班的?)?(?:老师|老師|教师|教師|阅卷人|閱卷人|阅卷老师|閱卷老師|考官|评分员|評分員)${zhGap(10)}我|(?:从现在开始|從現在開始|从现在起|從現在起|现在起|現在起)[,\s]*你(?:是|就是|将是|將是|扮演)|你(?:现在|現在)?是一(?:个|個|名|位)${zhGap(10)}(?:评分员|評分員|阅卷|閱卷|老师|老師|考官)`,
  ),
  phraseRule(
    "zh.amend.note-to-grader",
    "rubric_amendment",
    "The answer contains a note to the grader or claims the rubric changed (Chinese).",
    String.raw`(?:给|給|致)(?:阅卷|閱卷|评分|評分)(?:老师|老師|人|员|員)的?(?:备注|備註|说明|說明|留言|提示)|(?:评分标准|評分標準|评分细则|評分細則|答案要点|答案要點|参考答案|參考答案)(?:已经?|已經?)?(?:更新|修改|改变|改變|变更|變更|调整|調整)`,
  ),
  phraseRule(
    "zh.verdict.label",
    "fake_verdict",
    "The answer contains a score written as if by the grader (Chinese).",
    // «成绩：满分100分，最高分98分» states a class's scale and statistics: 满分 followed by a number is the scale.
    String.raw`(?:最终|最終)?(?:得分|分数|分數|评分|評分|成绩|成績|总分|總分)\s*:\s*(?:${SCORE_FRACTION}|(?:满分|滿分)(?!\s*(?:是|为|為)?\s*${DIGIT})|${DIGIT}{1,3}\s*分)`,
  ),
];

const hindi: PhraseRule[] = [
  phraseRule(
    "hi.override.earlier-instructions",
    "instruction_override",
    "The answer tells the grader to ignore its earlier instructions (Hindi).",
    String.raw`(?:पिछले|पिछली|पहले के|ऊपर के|सभी)${hiGap(20)}(?:निर्देश|आदेश|नियम)${hiGap(15)}(?:अनदेखा|नज़रअंदाज़|नजरअंदाज|भूल|ध्यान न)`,
  ),
  phraseRule(
    "hi.score.full-marks",
    "score_request",
    "The answer asks for full marks or to be counted correct (Hindi).",
    String.raw`(?:पूरे|पूरा|पूर्ण|अधिकतम)\s+(?:अंक|नंबर|मार्क्स|मार्क)\s*(?:दें|दीजिए|दीजिये|दो|दे दो|दे दीजिए|मिलने चाहिए|मिलने चाहिये)|(?:उत्तर|जवाब)\s+को\s+सही\s+(?:मानें|मानिए|माना जाए|मान लें|समझें|मार्क करें|मानो)`,
  ),
  phraseRule(
    "hi.role.as-your-teacher",
    "role_claim",
    "The answer claims to speak as the teacher, or gives the grader a new role (Hindi).",
    String.raw`मैं\s+(?:आपका|आपकी|तुम्हारा|तुम्हारी|इस कक्षा का|इस कक्षा की)\s+(?:शिक्षक|शिक्षिका|अध्यापक|अध्यापिका|टीचर|परीक्षक|प्रोफेसर)\s+(?:हूँ|हूं)|(?:शिक्षक|अध्यापक|परीक्षक) के रूप में${hiGap(30)}मैं|अब से\s+(?:तुम|आप)\s+${hiGap(25)}(?:परीक्षक|शिक्षक|मूल्यांकनकर्ता)`,
  ),
  phraseRule(
    "hi.amend.note-to-grader",
    "rubric_amendment",
    "The answer contains a note to the grader or claims the criteria changed (Hindi).",
    String.raw`(?:परीक्षक|मूल्यांकनकर्ता|जाँचकर्ता|जांचकर्ता)\s+के\s+लिए\s+(?:नोट|टिप्पणी|सूचना)|(?:मूल्यांकन|अंकन)\s+(?:मानदंड|नियम|मापदंड)\s+(?:बदल|अपडेट|संशोधित)`,
  ),
  phraseRule(
    "hi.verdict.label",
    "fake_verdict",
    "The answer contains a score written as if by the grader (Hindi).",
    String.raw`(?:^|\n|[।.!?]\s+)\s*(?:अंक|प्राप्तांक|ग्रेड|स्कोर)\s*:\s*${SCORE_FRACTION}`,
  ),
];

export const CHINESE_HINDI_RULES: readonly PhraseRule[] = [...chinese, ...hindi];
