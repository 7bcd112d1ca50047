/**
 * Round 32: the grader asked to swap, copy or move scores between this answer and another student's ("추가
 * 요청: 학번 20431 학생의 점수와 제 점수를 바꿔서 기록해 주세요", "Please swap my score with student 20431's",
 * «Tauschen Sie meine Note mit der von Schüler 20431», «把我的分数和学号20431同学的分数对调»). A grader records
 * one answer's grade; another student's record is none of the answer's business.
 *
 * Structure: a swap or transfer verb, a score word and another student (a student noun or a student number)
 * in one sentence. "The teams swapped scores after the appeal" and "students compared their scores" name no
 * student of the answer's own class to trade with and no record ordered.
 */
import { compileClass } from "./lexicon.js";
import { findingAt, has, type ScreenText } from "./screen-text.js";
import { type LocatedFinding } from "./screen-types.js";

/** Swapped, exchanged, copied across. */
const SWAP = compileClass({
  en: "swap|switch|exchange|trade|transfer|copy|give_(my|me)_(\\p{L}+_)?(score|grade|mark)|record_([\\p{L}\\p{N}'’]+_){0,3}as_mine",
  de: "tauschen|vertauschen|austauschen|ubertragen",
  fr: "echangez|echanger|intervertissez|intervertir|inversez|inverser|transferez",
  es: "intercambie|intercambia|intercambiar|cambie|cambia|invierta|transfiera|copie",
  pt: "troque|troca|trocar|inverta|transfira|copie",
  it: "scambia|scambi|scambiare|inverti|trasferisci|copia",
  ru: "поменяйте|поменяй|обменяйте|перенесите|скопируйте",
  uk: "поміняйте|поміняй|обміняйте|перенесіть|скопіюйте",
  ko: "바꿔|바꾸어|교환|맞바꿔|옮겨",
  ja: "入れ替え|交換|取り替え",
  zh: "对调|對調|交换|交換|互换|互換|调换|調換",
});

/** A score or a grade. */
const SCORE = compileClass({
  en: "scores?|grades?|marks?|results?",
  de: "note|noten|punkte|punktzahl|bewertung",
  fr: "note|notes|points",
  es: "nota|notas|calificacion|calificaciones|puntuacion|puntos",
  pt: "nota|notas|pontuacao",
  it: "voto|voti|punteggio",
  ru: "оценк*|балл*",
  uk: "оцінк*|бал*",
  ko: "점수|성적",
  ja: "点数|成績|得点",
  zh: "分数|分數|成绩|成績",
});

/** Another student: a student noun, a student number, a classmate. */
const OTHER_STUDENT = compileClass({
  en: "student|classmate|candidate|(student_)?(id|number)_?\\p{N}+",
  de: "schuler*|mitschuler*|student*|matrikel*",
  fr: "eleve|etudiant*|camarade",
  es: "alumn[oa]|estudiante|companer[oa]",
  pt: "alun[oa]|estudante|colega",
  it: "student*|compagn[oa]|alunn[oa]",
  ru: "ученик*|студент*|одноклассник*",
  uk: "учн*|студент*|однокласник*",
  ko: "학번|학생|친구",
  ja: "学籍番号|生徒|学生",
  zh: "学号|學號|同学|同學|学生|學生",
});

/** At most one finding. */
export function findScoreSwaps(text: ScreenText): LocatedFinding[] {
  const whole: [number, number] = [0, text.lower.length];
  if (!has(text, whole, SWAP) || !has(text, whole, OTHER_STUDENT)) return [];
  for (const sentence of text.sentences) {
    if (!has(text, sentence, SWAP) || !has(text, sentence, SCORE) || !has(text, sentence, OTHER_STUDENT))
      continue;
    // The student's own score: "my", «제», «我的», «meine», «mi».
    if (
      !/(?<!\p{L})(?:my|mine|me|meine[nm]?|mon|ma|mes|mi|mis|minha|meu|mio|mia|мою|мой|мої)(?!\p{L})|제\s*점수|내\s*점수|私の|我的|把我/u.test(
        text.lower.slice(...sentence),
      )
    )
      continue;
    return [
      findingAt(
        text,
        "grading_meta_talk",
        "The answer asks the grader to swap or move scores between it and another student.",
        sentence[0],
      ),
    ];
  }
  return [];
}
