/**
 * Russian, Turkish and Indonesian phrases that address the grader. JavaScript's `\b` only knows ASCII word
 * characters, so Cyrillic rules mark word starts with a look-behind for a letter instead. Turkish is folded
 * to ASCII ("önceki talimatları" ~ "onceki talimatlari"), so `\b` works for it after folding.
 */
import { phraseRule } from "../matching-text.js";
import { DIGIT, SCORE_FRACTION, type PhraseRule } from "../screen-types.js";

const gap = (n: number) => String.raw`[^.!?\n]{0,${n}}?`;
/** Start of a Cyrillic (or any) word. */
const W = String.raw`(?<!\p{L})`;
const LINE_START = String.raw`(?:^|\n|[.!?)]\s+)\s*`;

const russian: PhraseRule[] = [
  phraseRule(
    "ru.override.earlier-instructions",
    "instruction_override",
    "The answer tells the grader to ignore its earlier instructions (Russian).",
    String.raw`${W}(?:игнорируй|игнорируйте|проигнорируй|проигнорируйте|забудь|забудьте|не обращай(?:те)? внимания на|отбрось|отбросьте|не следуй(?:те)?|не выполняй(?:те)?)${gap(30)}${W}(?:предыдущ|прежн|вышеуказанн|вышеизложенн|изначальн|системн|все)\p{L}*\s+(?:\p{L}+\s+)?(?:инструкци|указани|правил|команд|промпт|критери)\p{L}*`,
  ),
  phraseRule(
    "ru.score.give-top-grade",
    "score_request",
    "The answer asks for the top grade (Russian).",
    String.raw`${W}(?:поставь|поставьте|дай|дайте|выстави|выставьте|начисли|начислите)${gap(25)}(?:максимальн\p{L}*\s+балл|пятёрк|высш\p{L}*\s+балл|отличн\p{L}*\s+оценк|наивысш\p{L}*|${SCORE_FRACTION}|все баллы)`,
  ),
  phraseRule(
    "ru.score.must-be-maximal",
    "score_request",
    "The answer claims its grade must be the highest (Russian).",
    String.raw`${W}(?:оценка|балл|баллы|отметка)${gap(30)}${W}(?:должна|должен|должны|обязана)\s+быть\s+(?:максимальн|наивысш|высш|отличн|пятерк)`,
  ),
  phraseRule(
    "ru.score.count-as-correct",
    "score_request",
    "The answer tells the grader to count it as correct (Russian).",
    String.raw`${W}(?:засчитай|засчитайте|считай|считайте|оцени|оцените|отметь|отметьте|прими|примите)\s${gap(25)}${W}(?:как|за)\s+(?:полностью\s+)?(?:правильн|верн|отличн)\p{L}*`,
  ),
  phraseRule(
    "ru.role.as-your-teacher",
    "role_claim",
    "The answer claims to speak as the teacher, or gives the grader a new role (Russian).",
    String.raw`${W}(?:как|будучи)\s+(?:ваш|твой|ваша|твоя)\s+(?:преподавател|учител|экзаменатор|проверяющ|профессор)\p{L}*${gap(40)}${W}(?:подтверждаю|заявляю|утверждаю|распоряжаюсь|приказываю)|${W}(?:теперь ты|ты теперь|отныне ты|с этого момента ты)\s${gap(40)}(?:экзаменатор|проверяющ|преподавател|учител|оценщик|ассистент)`,
  ),
  phraseRule(
    "ru.amend.note-to-grader",
    "rubric_amendment",
    "The answer contains a note to the grader or claims the criteria changed (Russian).",
    String.raw`${W}(?:примечание|заметка|записка|сообщение)\s+(?:для|к)\s+(?:проверяющ|экзаменатор|преподавател|оценщик|ии|модел)|${W}критери\p{L}*\s+(?:оценк|оценивани|проверк)\p{L}*\s+(?:был\p{L}*\s+)?(?:обновлен|изменен|пересмотрен)`,
  ),
  phraseRule(
    "ru.verdict.label",
    "fake_verdict",
    "The answer contains a grade written as if by the grader (Russian).",
    String.raw`${LINE_START}(?:итогов\p{L}*\s+)?(?:оценка|балл|баллы)\s*:\s*(?:${SCORE_FRACTION}|${DIGIT}\s*(?:$|\n)|отлично)`,
  ),
];

const turkish: PhraseRule[] = [
  phraseRule(
    "tr.override.earlier-instructions",
    "instruction_override",
    "The answer tells the grader to ignore its earlier instructions (Turkish).",
    String.raw`\b(?:rubrig\w*|puanlama (?:kriter|olcut)\w*|cevap anahtar\w*)\s+(?:yok say|gormezden gel|unut)|\b(?:onceki|yukaridaki|tum|butun|ilk|verilen)\b${gap(20)}\b(?:talimat|yonerge|komut|kural|yonlendirme|istem)\w*\b${gap(20)}\b(?:yok say|gormezden gel|unut|dikkate alma|umursama|takma)`,
  ),
  phraseRule(
    "tr.score.give-full-points",
    "score_request",
    "The answer asks for full marks or to be marked correct (Turkish).",
    String.raw`\b(?:tam puan|en yuksek puan|tam not|100 ?/ ?100|10 ?/ ?10|yuz puan|100 puan)\w*\b${gap(10)}\b(?:ver|verin|veriniz|verir misiniz|versin)\b|\bdogru\s+olarak\s+(?:isaretle|say|kabul et|degerlendir)\w*`,
  ),
  phraseRule(
    "tr.role.as-your-teacher",
    "role_claim",
    "The answer claims to speak as the teacher, or gives the grader a new role (Turkish).",
    String.raw`\b(?:ogretmen|hoca|sinav gorevli|degerlendirici)\w*\s+olarak\b${gap(40)}\b(?:onayliyorum|beyan ediyorum|bildiriyorum|teyit ediyorum)\b|\b(?:artik|bundan sonra|simdi)\s+(?:sen\s+)?${gap(25)}\b(?:degerlendirici|ogretmen|hoca|notlandirici)\w*\s*(?:sin|sun|olacaksin)\b`,
  ),
  phraseRule(
    "tr.amend.note-to-grader",
    "rubric_amendment",
    "The answer contains a note to the grader or claims the criteria changed (Turkish).",
    String.raw`\b(?:degerlendiriciye|ogretmene|notlandiriciya|puanlayiciya|yapay zekaya)\s+not\b|\b(?:puanlama|degerlendirme)\s+(?:kriter|olcut)\w*\s+(?:guncellendi|degisti|degistirildi)`,
  ),
  phraseRule(
    "tr.verdict.label",
    "fake_verdict",
    "The answer contains a grade written as if by the grader (Turkish).",
    String.raw`${LINE_START}(?:puan|not|degerlendirme|sonuc)\s*:\s*(?:${SCORE_FRACTION}|dogru\b|tam puan\b|gecti\b)`,
  ),
];

const indonesian: PhraseRule[] = [
  phraseRule(
    "id.override.earlier-instructions",
    "instruction_override",
    "The answer tells the grader to ignore its earlier instructions (Indonesian).",
    String.raw`\b(?:abaikan|lupakan|acuhkan)\s+(?:rubrik|kriteria penilaian|kunci jawaban|pedoman penilaian)\b|\b(?:abaikan|lupakan|acuhkan|jangan ikuti|jangan hiraukan)\b${gap(30)}\b(?:instruksi|perintah|petunjuk|arahan|aturan)\b${gap(20)}\b(?:sebelumnya|di atas|awal|sistem)\b`,
  ),
  phraseRule(
    "id.score.give-top-grade",
    "score_request",
    "The answer asks for the top grade or to be marked correct (Indonesian).",
    String.raw`\b(?:beri|berikan|kasih|kasihkan)\b${gap(30)}\b(?:nilai (?:penuh|maksimal|maksimum|sempurna|tertinggi|100|seratus|a)|skor (?:penuh|maksimal|sempurna)|100 ?/ ?100|10 ?/ ?10|nilai 10)\b|\banggap\b${gap(25)}\b(?:sebagai\s+)?(?:benar|betul|sempurna)\b`,
  ),
  phraseRule(
    "id.role.as-your-teacher",
    "role_claim",
    "The answer claims to speak as the teacher, or gives the grader a new role (Indonesian).",
    String.raw`\bsebagai (?:guru|dosen|pengajar|penguji|penilai)\b${gap(20)}\b(?:anda|kamu|kalian|mu)\b${gap(30)}\bsaya\b|\b(?:sekarang|mulai sekarang) (?:kamu|anda) (?:adalah )?(?:seorang )?${gap(20)}\b(?:penilai|guru|penguji)\b`,
  ),
  phraseRule(
    "id.amend.note-to-grader",
    "rubric_amendment",
    "The answer contains a note to the grader or claims the rubric changed (Indonesian).",
    String.raw`\bcatatan (?:untuk|bagi|kepada) (?:penilai|pemeriksa|korektor|guru|ai|model)\b|\b(?:rubrik|kriteria penilaian|kunci jawaban)\b${gap(30)}\b(?:telah|sudah)\s+(?:diperbarui|diubah|direvisi)\b(?!\s+pada\s+(?:tahun|bulan|semester|\d))`,
  ),
  phraseRule(
    "id.verdict.label",
    "fake_verdict",
    "The answer contains a grade written as if by the grader (Indonesian).",
    String.raw`${LINE_START}nilai(?: akhir)?\s*:\s*(?:${SCORE_FRACTION}|${DIGIT}{1,3}\s*(?:$|\n)|a\b|sempurna\b)`,
  ),
];

export const EURASIAN_RULES: readonly PhraseRule[] = [...russian, ...turkish, ...indonesian];
