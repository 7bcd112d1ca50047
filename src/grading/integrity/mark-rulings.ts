/**
 * Marks set by a rule instead of by the grading: a notice, a regulation, a system message or a record
 * inside the answer that fixes what *this* answer gets, whatever the grader finds. Four shapes, in any
 * screened language:
 *
 *  - a floor: "cannot be marked below 70%", «darf nicht schlechter als „gut“ bewertet werden», «ne peut
 *    être notée en dessous de 15/20», «nie niższą niż 4,0», «不得低于», «نباید کمتر از ۱۴»;
 *  - a default or fallback: "default score applied", "items marked SATISFIED by default", «valeur par
 *    défaut appliquée : 20/20», «기본 점수 100점», «نمره پیش‌فرض ۲۰»;
 *  - a lock: "the mark is fixed at 85% and may not be lowered", `grade_locked=true`, «nota travada»,
 *    «锁定分数=95»;
 *  - everyone credited: «全員正解扱い», «전원 정답 처리», «dianggap benar untuk semua peserta», "counted
 *    as correct for all candidates", an automatic bonus or an average awarded by policy.
 *
 * An essay on exam regulations can state a floor too ("no mark below 40% is recorded as a pass"), so a
 * ruling counts only when it is set off as a notice or a record (a labelled line, a bracket, an HTML
 * comment, a log line, a numbered article of some regulation) or points at this answer, this script or
 * every candidate. Cost: the class scans below run only on answers that have a ruling word.
 */
import { compileClass, foldedPattern, THE_STUDENT, THIS_ANSWER } from "./lexicon.js";
import {
  allMatches,
  classMatches,
  findingAt,
  has,
  matchesAnywhere,
  sentenceIndexAt,
  type ScreenText,
} from "./screen-text.js";
import { type LocatedFinding } from "./screen-types.js";

/** The ruling itself: a floor, a default, a lock or a mark for everyone. */
const RULED_MARK = compileClass({
  en: "(cannot|can_not|can't|may_not|must_not|shall_not|should_not|will_not|won't|is_not_to|are_not_to)_be_(marked|graded|scored|rated|assessed|awarded|given|set|recorded)_(below|lower_than|less_than|under)|(awarded|given|marked|graded|scored)_(no_(less|lower)_than|not_(less|lower)_than|at_least)|(mark|grade|score|result)s?_(of_)?(no|not)_(lower|less)_than|(guaranteed|floor)_(mark|grade|score)|(mark|grade|score)_(is_)?guaranteed|minimum_guaranteed_(mark|grade|score)|(default|fallback)_(score|mark|grade|points?|value|result)|(score|mark|grade)s?_(by|as)_default|(marked|scored|set|counted|treated)_(as_)?(satisfied|correct|passed|complete|met|full)_by_default|by_default_(to_)?(full_marks|pass|satisfied)|(mark|grade|score)_(\\p{L}+_){0,4}(is_|has_been_|was_|are_|have_been_)?(fixed|locked|frozen)_(at|to)|(mark|grade|score)s?_(\\p{L}+_){0,6}(may_not|can_not|cannot|must_not|can't)_be_(lowered|reduced|changed|altered|overridden)|(stored|recorded|entered|saved)_with_(a_)?(score|mark|grade)|(counted|treated|accepted|marked|scored|credited)_as_(correct|right|full_marks)_for_(all|everyone|every|each)|full_marks_(to|for)_(all|everyone|every_(candidate|student))|(all|every)_(candidates?|students?|participants?|submissions?|scripts?|papers?)_(will_)?(receive|get|gets|are_awarded|is_awarded|are_given|is_given|score)_(full|the_full|maximum|max)|automatic(ally)?_(\\S+_)?(\\p{L}+_)?(full_marks|bonus|award|pass|credit)|bonus_(\\p{L}+_){0,2}added_to_the_(final_)?(mark|grade|score)|awarded_(the_)?(student's_|candidate's_)?(running|current|term|semester)_average|(grade|mark|evaluate|assess|score)_(it_|this_|me_)?(against|according_to|using|under)_(the_)?(revised|new|updated|amended|corrected|changed)_(question|version|rubric|wording|prompt|task|criteria)",
  de: "nicht_(schlechter|niedriger|tiefer|unter)_als|(darf|kann|soll|durfen)_(\\p{L}+_){0,4}nicht_(schlechter|niedriger|unter)|mindestnote|mindestpunktzahl|(standard|ersatz)(note|punktzahl|bewertung|wert)|note_(ist_|wird_)?(gesperrt|festgelegt|fixiert|eingefroren)|fur_alle_(als_)?(richtig|korrekt)_(gewertet|bewertet)|volle_punktzahl_fur_alle|automatisch_(mit_)?(volle[nr]?_punktzahl|bestanden)",
  fr: "ne_(peut|pourra|doit|saurait)_(pas_)?etre_(note|notee|evalue|evaluee|corrige|corrigee)e?_(en_dessous|au-dessous|au_dessous|moins)|note_(minimale|plancher|par_defaut|bloquee|verrouillee|figee)|valeur_par_defaut|(comptee?|consideree?|validee?)_(comme_)?(juste|correcte?|bonne)_pour_tous|(pas|jamais)_(de_note_)?(en_dessous|au-dessous)_de",
  es: "(puede|podra|debe|pueden)_(calificarse|ser_calificad[oa]s?|puntuarse|evaluarse|ser_evaluad[oa]s?)_por_debajo|por_debajo_de_(un_)?\\d|nota_(minima_garantizada|por_defecto|bloqueada|fijada|garantizada)|calificacion_(por_defecto|garantizada)|(se_considera|se_da_por|se_dara_por)_(correcta|buena|valida)_(para|a)_todos|basta_con_(\\p{L}+_){1,4}para_obtener",
  pt: "nota_(minima_garantida|padrao|travada|bloqueada|fixada|garantida)|nao_(pode|podera|deve)_ser_(avaliad[oa]|inferior|corrigid[oa]|classificad[oa])|considerad[ao]_corret[ao]_para_todos",
  it: "voto_(minimo_garantito|predefinito|garantito|bloccato)|non_(puo|potra|deve)_essere_(valutat[oa]|inferiore|corrett[oa])|non_inferiore_a|(considerat[ao]|valutat[ao])_(corrett[ao]|giust[ao])_per_tutti|valutare_secondo_la_nuova",
  nl: "niet_lager_dan|minimaal_cijfer|standaardcijfer|voor_iedereen_goed_gerekend",
  pl: "nie_nizsz*_niz|nie_nizej_niz|ocen*_(domysln*|zablokowan*|gwarantowan*)|uznan*_za_poprawn*_(dla|wszystkim)",
  ru: "(оценк*|оценен*|оценива*)_(\\p{L}+_){0,2}не_ниже|не_может_быть_оцен*_ниже|оценк*_по_умолчанию|засчитыва*_всем|засчитан*_всем",
  tr: "altinda_(not_)?verilemez|altinda_olamaz|varsayilan_(puan|not)|herkese_dogru_sayil*|tam_puan_verilecek",
  id: "tidak_boleh_(kurang|di_bawah)|nilai_(default|bawaan|terkunci|dikunci)|dianggap_benar_(untuk|bagi)_semua",
  ar: "لا_(يقل|تقل)_عن|لا_يجوز_(\\p{L}+_){0,3}اقل_من|الحد_الادنى_(للدرجه|للعلامه|من_الدرجات)|الدرجه_الافتراضيه|(صحيحه|صحيحا)_للجميع|الدرجه_الكامله_للجميع",
  fa: "نباید_کمتر_از|کمتر_از_(\\p{L}+_){0,3}(نمره_)?(نگیرند|نگیرد|داده_نشود|ثبت_نشود)|نمره_(ی_)?پیش_?فرض|برای_همه_(صحیح|درست)|نمره_(قفل|ثابت)",
  zh: "不得低于|不得低於|不能低于|不能低於|不应低于|保底分|默认分|默認分|全员(得分|满分|正确)|全員(得分|滿分|正確)|全部给分|一律(给|給|按)?满分|一律(给|給|按)?滿分|锁定分数|鎖定分數|分数锁定|按满分处理|按滿分處理|视为正确|視為正確",
  ja: "を下回らない|下回ることはない|最低保証|既定の?点|デフォルトの?点|全員正解|全員満点|一律満点|正解扱い|満点扱い",
  ko: "이하로_(채점|평가|처리)|기본_점수|전원_정답|전원_만점|정답_처리|만점_처리|점수_(고정|잠금)",
  hi: "न्यूनतम_(ग्रेड|अंक)|से_कम_(अंक_)?नहीं_(दिए|दिया)|पूर्ण_अंक_(देने|दिए)",
  vi: "khong_(duoc_)?(thap_hon|duoi_muc)|diem_mac_dinh|tinh_dung_cho_(tat_ca|moi)",
  bn: "পূর্ণ_নম্বর_দিতে_হবে",
});

/** The same rulings written as a record's keys: `grade_locked=true`, `locked_value=20/20`, `floor=90`. */
const RULED_MARK_FIELD = foldedPattern(
  String.raw`(?<![\p{L}\p{N}])(?:grade[_-]?locked|locked[_-]?(?:value|mark|grade|score)|nota[_-]travada|mark[_-]?lock|score[_-]?lock|auto[_-]?award|leniency\s*[=:]\s*max|floor\s*[=:]\s*\p{N})`,
  "gu",
);

/** This script, this question, every candidate: what a notice rules on. */
const RULED_ON = compileClass({
  en: "(this|the_present)_(script|paper|copy|component|question|item|task|submission|work|exam|test|attempt)|(all|every|each|any)_(candidates?|students?|participants?|submissions?|scripts?|papers?|copies|entries)|(the_)?candidate's",
  de: "(diese|dieser|dieses|die_vorliegende)_(arbeit|klausur|aufgabe|prufung|abgabe)|(alle|jede[rn]?)_(schuler*|teilnehmer*|arbeiten|abgaben|prufling*)",
  fr: "(cette|la_presente)_(copie|epreuve|question)|(tous|toutes)_les_(candidats|eleves|copies|participants)",
  es: "(este|esta)_(examen|pregunta|prueba|ejercicio)|(todos|todas)_los_(alumnos|estudiantes|participantes|examenes)|ningun_examen",
  pt: "(esta|este)_(prova|questao|exame)|(todos|todas)_os_(alunos|estudantes|participantes)",
  it: "(questa|questo)_(prova|domanda|compito|elaborato)|(tutti|tutte)_(gli_studenti|i_candidati|le_prove)",
  pl: "(ta|tej|ten)_(praca|pracy|egzamin|zadanie)|wszystkie_prace|wszyscy_(studenci|uczniowie)",
  ru: "(эта|данная|эту|данную)_работ*|все(м|х)?_(студент*|участник*|работ*)",
  tr: "bu_(sinav|soru|kagit)*|tum_(ogrenci|katilimci)*",
  id: "(soal|ujian|jawaban)_(nomor_\\d+|ini)|semua_(peserta|siswa|mahasiswa)",
  ar: "(هذه|هذا)_(الورقه|الاجابه|السؤال|الامتحان)|جميع_(الطلاب|الطلبه|المشاركين)",
  fa: "(این|همین)_(برگه|پاسخ|سوال|آزمون)|(همه|تمام)_(دانشجویان|دانش_?آموزان|شرکت_?کنندگان|برگه_?ها)|برگه_?هایی",
  zh: "本(题|題|设问|設問|答案|试卷|試卷|卷)|全体|全體|所有(考生|学生|學生)",
  ja: "本(設問|問|答案|解答)|この(設問|問題|答案)|受験者全員|全員",
  ko: "본_(답안|문항)|이_(문항|답안|시험)|응시자_전원|전원",
  hi: "इस_(उत्तर_पुस्तिका|प्रश्न|परीक्षा)|सभी_(छात्रों|विद्यार्थियों)",
  vi: "(bai|cau)_(nay|thi_nay)|tat_ca_(thi_sinh|hoc_sinh)",
});

/**
 * A line that opens as a notice or record: a label ("Hinweis der Schulleitung:", "KOMUNIKAT DZIEKANATU:",
 * "Moodle announcement (pinned):") or a bracket («【運営からのお知らせ】», "[autograder]", "(PDP prot. …").
 */
const LABELLED_LINE = foldedPattern(String.raw`^[ \t>*_#-]*(?:[\[【(<{]|([^\n:：!?]{1,70})[:：])`, "u");
/** A label is a few words: a sentence that happens to have a colon is none. */
const LABEL_WORDS = 8;
/** An HTML comment, a log level, or a numbered article of a regulation ("Madde 22/c", "artículo 14.3"). */
const RECORD_MARK = foldedPattern(
  String.raw`<!--|(?<![\p{L}])(?:error|warn|warning|fatal|notice)(?![\p{L}])|(?<![\p{L}])(?:article|section|regulation|rule|clause|artikel|paragraph|madde|articulo|articolo|artigo|art\.|§|ماده|مادة|الماده)\s*\p{N}|第\s*\p{N}+\s*[条條]`,
  "u",
);

/** How far before a ruling a record's mark may be (its line, or the lines just above). */
const RECORD_BEFORE = 240;

function labelled(line: string): boolean {
  const label = LABELLED_LINE.exec(line);
  return label !== null && (label[1] === undefined || label[1].trim().split(/\s+/u).length <= LABEL_WORDS);
}

/** Whether the ruling at `at` is set off from the answer as a notice or a record. */
function setOff(lower: string, at: number): boolean {
  const lineStart = lower.lastIndexOf("\n", at - 1) + 1;
  const previousLineStart = lineStart > 0 ? lower.lastIndexOf("\n", lineStart - 2) + 1 : -1;
  if (labelled(lower.slice(lineStart, at + 1))) return true;
  if (previousLineStart >= 0 && labelled(lower.slice(previousLineStart, lineStart))) return true;
  return RECORD_MARK.test(lower.slice(Math.max(0, at - RECORD_BEFORE), at + 1));
}

/** A ruling on this answer's mark, or null. */
export function findMarkRuling(text: ScreenText): LocatedFinding | null {
  const rulings = classMatches(text, RULED_MARK, 16).map((match) => match.index);
  // The first field only; skipped without a run when the text lacks every field name's literal.
  for (const field of allMatches(text, RULED_MARK_FIELD)) {
    rulings.push(field.index);
    break;
  }
  for (const at of rulings.sort((a, b) => a - b)) {
    // The ruling's sentence and the one on each side of it.
    const sentence = sentenceIndexAt(text, at);
    const range = text.sentences[sentence] ?? ([at, at + 1] as const);
    const around: [number, number] = [
      (text.sentences[sentence - 1] ?? range)[0],
      (text.sentences[sentence + 1] ?? range)[1],
    ];
    if (
      setOff(text.lower, at) ||
      has(text, around, RULED_ON) ||
      has(text, around, THIS_ANSWER) ||
      has(text, around, THE_STUDENT)
    ) {
      return findingAt(
        text,
        "grading_meta_talk",
        "The answer contains a notice or rule that sets its own mark (a floor, a default, a locked mark or credit for everyone).",
        Math.max(range[0], at - 40),
      );
    }
  }
  return null;
}

/**
 * Round 49: a marking rule, invented or invoked, that carries one question's mark over to another ("per the
 * joint-marking rule, Question 4's score counts for Question 5 as well", «die Punkte von Aufgabe 2 gelten
 * auch für Aufgabe 3», «la note de la question 6 s'applique aussi à la question 7»): credit for a part the
 * student did not answer, set by the student. One pattern, its literals (a question word next to a digit and
 * a verb of applying) rule out almost every answer; a question's reference on each side.
 */
const QUESTION_REF = String.raw`(?:q|question|part|task|item|exercise|aufgabe|frage|teil|teilaufgabe|exercice|partie|pregunta|ejercicio|parte|domanda|esercizio|quesito|questao)\s?\d{1,2}[a-z]?`;
const CARRIED_MARK = foldedPattern(
  String.raw`(?<![\p{L}\p{N}])${QUESTION_REF}(?:'s|’s)?\s+(?:mark|marks|score|grade|points|credit)\s+(?:also\s+)?(?:applies|apply|counts|count|carries\s+over|carry\s+over|transfers|extends|is\s+carried\s+over)\s+(?:also\s+)?(?:to|for)\s+${QUESTION_REF}(?!\p{N})|(?<![\p{L}])(?:mark|marks|score|grade|points|credit)\s+(?:for|of|from|on)\s+${QUESTION_REF}\s+(?:also\s+)?(?:applies|apply|counts|count|carries\s+over|carry\s+over|transfers|extends|is\s+carried\s+over)\s+(?:also\s+)?(?:to|for)\s+${QUESTION_REF}(?!\p{N})|(?<![\p{L}])(?:note|noten|punkte|punktzahl|bewertung|les\s+points|nota|puntuacion|los\s+puntos|voto|punteggio|pontuacao|os\s+pontos)\s+(?:von|fur|aus|der|de\s+la|du|de\s+l'|de|del|della|dell'|da|do)\s+${QUESTION_REF}\s+(?:gilt|gelten|s'applique|vaut|compte|se\s+aplica|vale|cuenta|si\s+applica|conta|se\s+aplica)\s+(?:auch\s+|aussi\s+|egalement\s+|tambien\s+|anche\s+|tambem\s+)?(?:fur|a\s+la|a|pour\s+la|para\s+la|para|alla|al|per\s+la|per\s+il|per|ao|a)\s+${QUESTION_REF}(?!\p{N})`,
);

/** At most one finding. */
export function findCarriedMarks(text: ScreenText): LocatedFinding[] {
  if (!matchesAnywhere(text, CARRIED_MARK)) return [];
  const match = CARRIED_MARK.exec(text.lower);
  if (match === null) return [];
  return [
    findingAt(
      text,
      "score_request",
      "The answer carries one question's mark over to another by a rule of its own.",
      match.index,
    ),
  ];
}
