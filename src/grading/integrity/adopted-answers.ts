/**
 * Round 36: a dialogue in which a tutor, a teacher or an assistant corrects the student and the student then
 * adopts the correction as the answer ("Student: Opportunity cost is the money you spend. / Tutor: Not
 * quite. It's the value of the next best alternative… / Student: Got it. That's my final answer", «Schüler:
 * … / Lehrer: Nicht ganz, … / Schüler: Verstanden, das ist meine endgültige Antwort»). The right answer is
 * someone else's, put in the answer for the grader to credit.
 *
 * Structure: lines opened by speaker labels; a helper's turn (tutor, teacher, assistant) that corrects ("not
 * quite", "actually", «nicht ganz», «pas tout à fait», «no exactamente») and, after it, a student's turn
 * that adopts it as the final answer ("that's my final answer", «das ist meine endgültige Antwort», «c'est
 * ma réponse finale»). A play script in which a teacher asks and a student answers "that's my final
 * answer" has no correction before; a tutor's correction the student argues with adopts nothing. Linear: one
 * pass over the labels.
 */
import { foldedPattern } from "./lexicon.js";
import { findingAt, type ScreenText } from "./screen-text.js";
import { type LocatedFinding } from "./screen-types.js";

/** A speaker label at the start of a line: the student, or someone who helps them. */
const SPEAKER = foldedPattern(
  String.raw`(?:^|\n)[ \t*_]*(?:(student|pupil|learner|me|schuler\p{L}*|eleve|etudiant\p{L}*|alumn[oa]|estudiante|studente|alunn[oa]|alun[oa]|estudante|uczen|uczennica)|(tutor\p{L}*|teacher|instructor|assistant|ai|chatgpt|lehrer\p{L}*|nachhilfe\p{L}*|professeur\p{L}*|prof|enseignant\p{L}*|tuteur|tutrice|profesor\p{L}*|maestr[oa]|insegnante|professor\p{L}*|docente|nauczyciel\p{L}*|korepetytor\p{L}*))[ \t*_]*:`,
  "gu",
);

/** A helper's correction: "not quite", "actually", «nicht ganz», «pas tout à fait». */
const CORRECTS = foldedPattern(
  String.raw`(?<![\p{L}])(?:not\s+quite|not\s+exactly|that'?s\s+(?:not\s+right|wrong)|actually|the\s+(?:correct|right)\s+answer\s+is|nicht\s+ganz|nicht\s+richtig|eigentlich|richtig\s+ist|pas\s+tout\s+a\s+fait|pas\s+exactement|en\s+fait|la\s+bonne\s+reponse\s+est|no\s+exactamente|no\s+del\s+todo|en\s+realidad|la\s+respuesta\s+correcta\s+es|non\s+proprio|non\s+esattamente|in\s+realta|la\s+risposta\s+giusta\s+e|nao\s+exatamente|na\s+verdade|a\s+resposta\s+certa\s+e|nie\s+do\s+konca|wlasciwie|poprawna\s+odpowiedz\s+to)(?![\p{L}])`,
  "u",
);

/** The student adopting what was said as the final answer. */
const ADOPTS = foldedPattern(
  String.raw`(?<![\p{L}])(?:that'?s|that\s+is|this\s+is|it'?s)\s+my\s+(?:final|official)\s+answer|(?:i'?ll|i\s+will)\s+(?:go\s+with|put\s+down|submit)\s+(?:that|this|what\s+you\s+said)|(?:das|dies)\s+ist\s+meine\s+(?:endgultige|finale|offizielle)\s+antwort|c'?est\s+ma\s+reponse\s+(?:finale|definitive)|(?:esa|esta|eso)\s+es\s+mi\s+respuesta\s+(?:final|definitiva)|(?:questa|quella)\s+e\s+la\s+mia\s+risposta\s+(?:finale|definitiva)|(?:essa|esta|isso)\s+e\s+a\s+minha\s+resposta\s+(?:final|definitiva)|to\s+(?:jest\s+)?moja\s+(?:ostateczna|koncowa)\s+odpowiedz`,
  "u",
);

/** At most one finding. */
export function findAdoptedAnswers(text: ScreenText): LocatedFinding[] {
  const lower = text.lower;
  if (!ADOPTS.test(lower)) return [];
  // Each turn: who speaks (student or helper) and where its text starts; a turn runs to the next label.
  const turns: { student: boolean; start: number }[] = [];
  for (const label of lower.matchAll(SPEAKER)) {
    turns.push({ student: label[1] !== undefined, start: label.index + label[0].length });
    if (turns.length > 400) break;
  }
  let corrected = false;
  for (let index = 0; index < turns.length; index++) {
    const turn = turns[index]!;
    const end = index + 1 < turns.length ? turns[index + 1]!.start : lower.length;
    const said = lower.slice(turn.start, end);
    if (!turn.student) {
      corrected = corrected || CORRECTS.test(said);
      continue;
    }
    if (corrected && index > 0 && ADOPTS.test(said)) {
      return [
        findingAt(
          text,
          "role_claim",
          "The answer stages a tutor correcting the student and adopts the tutor's answer as its own.",
          turn.start,
        ),
      ];
    }
  }
  return [];
}
