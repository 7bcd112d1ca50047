/**
 * Arabic and Persian phrases that address the grader, plus Finglish (Persian typed in Latin letters).
 *
 * The matching text folds Arabic-script variants (hamza forms of alef, alef maqsura, Persian and Arabic yeh
 * and kaf, teh marbuta), removes tatweel and vowel marks, and turns ZWNJ into a space, and the rule sources
 * below are folded the same way; so "الكاملة"/"الكامله", "می‌کنم"/"مي كنم" and "تـجـاهـل"/"تجاهل" match alike.
 * Arabic attaches prefixes (و، ب، ل، ال) to words, so rules do not demand a word start.
 */
import { phraseRule } from "../matching-text.js";
import { SCORE_FRACTION, type PhraseRule } from "../screen-types.js";

/** A gap inside one sentence; Arabic-script texts end sentences with "." "!" "؟" or "،"-free line breaks. */
const gap = (n: number) => String.raw`[^.!?\u061f\n]{0,${n}}?`;
const LINE_START = String.raw`(?:^|\n|[.!?\u061f]\s+)\s*`;

const arabic: PhraseRule[] = [
  phraseRule(
    "ar.override.earlier-instructions",
    "instruction_override",
    "The answer tells the grader to ignore its earlier instructions (Arabic).",
    String.raw`(?:تجاهل|تجاهلي|تجاهلوا|أهمل|اهمل|انس|انسى|انسوا|لا تتبع|لا تلتزم|تخط)${gap(25)}(?:التعليمات|الإرشادات|الأوامر|التوجيهات|القواعد|التعليمة)${gap(20)}(?:السابقة|الأصلية|أعلاه|السابق|المسبقة|الأولية|المعطاة)`,
  ),
  phraseRule(
    "ar.score.give-full-grade",
    "score_request",
    "The answer asks for the full grade or to be counted correct (Arabic).",
    String.raw`(?:أعط|اعط|امنح|ضع|أعطوا|امنحوا)${gap(25)}(?:الدرجة|العلامة)\s+(?:الكاملة|القصوى|الأعلى|النهائية)|(?:تستحق|يستحق|أستحق|استحق)${gap(15)}(?:الدرجة|العلامة)\s+(?:الكاملة|القصوى|النهائية)|(?:اعتبر|اعتبري|احسب|عد)\s+(?:إجابتي|الإجابة|هذه الإجابة|جوابي|إجابتى)\s+(?:صحيحة|كاملة)`,
  ),
  phraseRule(
    "ar.role.as-the-teacher",
    "role_claim",
    "The answer claims to speak as the teacher, or gives the grader a new role (Arabic).",
    String.raw`(?:بصفتي|بوصفي|كوني)\s+(?:معلم|أستاذ|مدرس|مصحح|ممتحن|المعلم|الأستاذ|المصحح)|(?:أنت|انت)\s+(?:الآن|الان|من الآن)\s${gap(30)}(?:مصحح|معلم|ممتحن|مقيم)`,
  ),
  phraseRule(
    "ar.amend.note-to-grader",
    "rubric_amendment",
    "The answer contains a note to the grader or claims the criteria changed (Arabic).",
    String.raw`(?:ملاحظة|رسالة|تنبيه)\s+(?:إلى|الى|ل)\s*(?:المصحح|الممتحن|المقيم|المعلم|الذكاء الاصطناعي)|(?:معايير|سلم)\s+(?:التصحيح|التقييم|الدرجات)${gap(20)}(?:تحديث|تغيير|تعديل|تغيرت|عدلت)|(?:تحديث|تغيير|تعديل)\s+(?:معايير|سلم)\s+(?:التصحيح|التقييم|الدرجات)`,
  ),
  phraseRule(
    "ar.verdict.label",
    "fake_verdict",
    "The answer contains a grade written as if by the grader (Arabic).",
    String.raw`${LINE_START}(?:الدرجة|العلامة|النتيجة|التقييم)(?: النهائية)?\s*:\s*(?:${SCORE_FRACTION}|كاملة|ممتاز)`,
  ),
];

const persian: PhraseRule[] = [
  phraseRule(
    "fa.override.earlier-instructions",
    "instruction_override",
    "The answer tells the grader to ignore its earlier instructions (Persian).",
    String.raw`(?:دستور|دستورالعمل|دستورات|راهنمایی|قوانین|قواعد)${gap(25)}(?:قبلی|پیشین|بالا|قبل)${gap(20)}(?:نادیده|فراموش|ول کن|بی ?خیال)`,
  ),
  phraseRule(
    "fa.override.finglish",
    "instruction_override",
    "The answer tells the grader to ignore its earlier instructions (Finglish).",
    String.raw`\b(?:dastoor|dastur|dasturat|dastoorat)\w*${gap(20)}\b(?:ghabli|qabli|ghabl)\b${gap(20)}\b(?:nadide|nadideh|faramoosh|faramush)\b`,
  ),
  phraseRule(
    "fa.score.give-full-grade",
    "score_request",
    "The answer asks for the full grade or to be counted correct (Persian).",
    String.raw`نمره\s*(?:ی\s*)?(?:کامل|بیست|۲۰|20|عالی)${gap(15)}(?:بده|بدهید|بدید|بدین)|(?:بیست|۲۰|20)\s+(?:بده|بدید|بدهید|بدین)(?!\p{L})|(?:پاسخ|جواب)${gap(15)}(?:را|رو)\s+(?:درست|صحیح|کامل)\s+(?:در نظر بگیر|حساب کن|بدان|فرض کن)`,
  ),
  phraseRule(
    "fa.score.finglish",
    "score_request",
    "The answer asks for the full grade (Finglish).",
    String.raw`\bnomre(?:ye|h|ie)?\s+(?:kamel|bist|20|ali)\b${gap(15)}\b(?:bede|bedid|bedin|bedahid|bedeh)\b`,
  ),
  phraseRule(
    "fa.role.as-the-teacher",
    "role_claim",
    "The answer claims to speak as the teacher (Persian).",
    String.raw`به\s*عنوان\s+(?:معلم|استاد|دبیر|مصحح|ممتحن)${gap(30)}(?:تأیید|تایید|اعلام|تصدیق)\s*می\s*کنم|(?:تو|شما)\s+(?:الان|از این به بعد|اکنون)\s${gap(30)}(?:مصحح|معلم|ممتحن|ارزیاب)`,
  ),
  phraseRule(
    "fa.amend.note-to-grader",
    "rubric_amendment",
    "The answer contains a note to the grader or claims the criteria changed (Persian).",
    String.raw`(?:یادداشت|توجه|پیام)\s+(?:برای|به)\s+(?:مصحح|ارزیاب|معلم|تصحیح ?کننده|هوش مصنوعی)|معیار(?:\s*های|\s*ها)?\s*(?:ارزیابی|تصحیح|نمره ?دهی)${gap(20)}(?:تغییر|به ?روز|عوض)`,
  ),
  phraseRule(
    "fa.verdict.label",
    "fake_verdict",
    "The answer contains a grade written as if by the grader (Persian).",
    String.raw`${LINE_START}نمره(?: نهایی)?\s*:\s*(?:${SCORE_FRACTION}|کامل|بیست)`,
  ),
];

export const ARABIC_PERSIAN_RULES: readonly PhraseRule[] = [...arabic, ...persian];
