/**
 * German phrases that address the grader. Rules are written in ordinary spelling; the matching text folds
 * umlauts ("Prüfer" ~ "Prufer"), so answers typed without them match too.
 *
 * Real German answers (SAF micro-job set) are mystery-shopping reports: "Ich bewerte den Service",
 * "mit voller Punktzahl", "halte dich an die Anweisungen des Personals" are ordinary there. So a rule needs
 * an imperative to the grader or a claim about grading, not one of those words alone.
 */
import { phraseRule } from "../matching-text.js";
import { SCORE_FRACTION, type PhraseRule } from "../screen-types.js";

const gap = (n: number) => String.raw`[^.!?\n]{0,${n}}?`;

const EARLIER = String.raw`(?:vorherig\w*|vorig\w*|bisherig\w*|obig\w*|fruher\w*|alle\w*|ursprunglich\w*|vorangegangen\w*|vorstehend\w*|deine\w*|ihre\w*)`;
const INSTRUCTIONS = String.raw`(?:anweisung\w*|instruktion\w*|\w*vorgabe\w*|regel\w*|richtlinie\w*|befehl\w*|\w*prompt\w*|bewertungskriterien|kriterien|erwartungshorizont\w*|musterlosung\w*|bewertungsschema\w*)`;
const TOP_SCORE = String.raw`(?:(?:volle\w*|maximal\w*|hochst\w*|alle)\s+(?:punktzahl|punkte|punkten|punkt|note|bewertung|wertung)|bestnote|hochstpunktzahl|volle punkte)`;
const TEACHER = String.raw`(?:dozent|lehrer|professor|prufer|tutor|korrektor|ausbilder|bewerter|lehrkraft)\w*`;
const LINE_START = String.raw`(?:^|\n|[.!?)]\s+)\s*`;

export const GERMAN_RULES: readonly PhraseRule[] = [
  phraseRule(
    "de.override.earlier-instructions",
    "instruction_override",
    "The answer tells the grader to ignore its earlier instructions (German).",
    String.raw`\b(?:ignorier\w*|vergiss|vergessen sie|missacht\w*|ubergeh\w*|verwirf|verwerfen sie)\b${gap(30)}\b${EARLIER}\s+(?:\w+\s+)?${INSTRUCTIONS}|\b${EARLIER}\s+(?:\w+\s+)?${INSTRUCTIONS}\b${gap(20)}\b(?:nicht (?:beachten|befolgen|berucksichtigen)|ignorieren|vergessen|au(?:ss|ß)er acht lassen)\b`,
  ),
  phraseRule(
    "de.override.grading-document",
    "instruction_override",
    "The answer tells the grader to ignore the grading scheme (German).",
    String.raw`\b(?:ignorier\w*|vergiss|vergessen sie|missacht\w*|ubergeh\w*)\b${gap(20)}\b(?:bewertungsbogen|bewertungsschema|bewertungskriterien|erwartungshorizont|musterlosung|punkteschema|bewertungsraster|bewertungsvorgaben|bewertungsrichtlinien|rubrik|korrekturanweisung\w*|systemprompt)\b`,
  ),
  phraseRule(
    "de.override.forget-everything",
    "instruction_override",
    "The answer tells the grader to forget what it was told before (German).",
    String.raw`\b(?:vergiss|vergessen sie|ignorier\w*)\s+alles\b${gap(30)}\b(?:vorher|zuvor|bisher|oben|gesagt|gesagte)\b`,
  ),
  phraseRule(
    "de.override.only-assess",
    "instruction_override",
    "The answer tells the grader to assess something other than the rubric (German).",
    String.raw`\b(?:bewerte|bewerten sie|prufe|prufen sie)\s+nur\s+(?:die lange|ob|wie viel|den umfang)\b`,
  ),
  phraseRule(
    "de.score.give-full-points",
    "score_request",
    "The answer asks for full marks (German).",
    String.raw`\b(?:gib|gebt|geben sie|vergib|vergebt|vergeben sie|verteile|erteile|erteilen sie)\b${gap(40)}\b${TOP_SCORE}\b|\b${TOP_SCORE}\s+(?:vergeben|geben|erteilen|verteilen)\b`,
  ),
  phraseRule(
    "de.score.rate-as-correct",
    "score_request",
    "The answer tells the grader to rate it as correct (German).",
    String.raw`\b(?:bewerte|bewerten sie|werte|werten sie|zahle|zahlen sie|betrachte|betrachten sie|markiere|markieren sie|sieh|sehen sie)\b${gap(15)}\b(?:meine|diese|die) (?:antwort|losung|aufgabe|abgabe)\b${gap(15)}\b(?:als|fur)\s+(?:vollstandig\s+|voll\s+|komplett\s+|ganz\s+)?(?:richtig|korrekt|bestanden|vollstandig|perfekt|gelost)\b`,
  ),
  phraseRule(
    "de.score.deserve",
    "score_request",
    "The answer claims it deserves the best grade (German).",
    String.raw`\b(?:verdiene|verdient|muss|soll|sollte)\b${gap(30)}\b(?:${TOP_SCORE}|eine 1(?:[,.]0)?(?![\p{N}])|die note 1\b)\b${gap(20)}(?:\b(?:bekommen|erhalten|kriegen)\b)?|\bbitte (?:eine|die) (?:1[,.]0|eins)\b|\bals (?:vollstandig |voll |komplett )?(?:richtig|korrekt) zu (?:werten|bewerten|zahlen)\b`,
  ),
  phraseRule(
    "de.role.as-your-teacher",
    "role_claim",
    "The answer claims to speak as the lecturer or examiner (German).",
    String.raw`\bals\s+(?:ihr|dein|euer|der|die|ihre|deine|eure)\s+${TEACHER}\b${gap(40)}\b(?:bestatige|erklare|bestimme|weise|ordne|genehmige|entscheide|versichere)\b|\bich bin (?:ihr|dein|euer|der|die|ihre|deine) ${TEACHER}\b`,
  ),
  phraseRule(
    "de.role.you-are-now",
    "role_claim",
    "The answer tries to give the grader a new role (German).",
    String.raw`\b(?:du bist|sie sind)\s+(?:ab\s+)?(?:jetzt|nun|ab sofort|ab heute)\b${gap(40)}\b(?:prufer|bewerter|korrektor|lehrer|grader|assistent|ki)\w*`,
  ),
  phraseRule(
    "de.amend.note-to-grader",
    "rubric_amendment",
    "The answer contains a note addressed to the grader (German).",
    String.raw`\b(?:hinweis|nachricht|notiz|anmerkung|info)\s+(?:an|fur)\s+(?:den|die|das)?\s*(?:bewerter|prufer|korrektor|ki|grader|korrigierende|modell|assistenten)\w*`,
  ),
  phraseRule(
    "de.amend.criteria-changed",
    "rubric_amendment",
    "The answer claims the grading criteria have changed (German).",
    String.raw`\b(?:es )?genugt\b${gap(60)}\bum (?:alle|die volle|volle|die maximale)\s+(?:punkte|punktzahl)\b|\b(?:bewertungskriterien|kriterien|erwartungshorizont|bewertungsschema|musterlosung|punkteschema|bewertungsraster|bewertungsvorgaben|aufgabenstellung)\b${gap(40)}\b(?:wurden|wurde|sind|ist)\s+(?:\w+\s+)?(?:geandert|aktualisiert|angepasst|erweitert|gestrichen|uberarbeitet)\b|\b(?:aktualisierung|anderung|update|neufassung)\s+(?:des|der)\s+(?:erwartungshorizont|bewertungskriterien|bewertungsschema|musterlosung|kriterien)\w*`,
  ),
  phraseRule(
    "de.amend.any-answer-that",
    "rubric_amendment",
    "The answer states a grading rule in its own favour (German).",
    String.raw`\bjede antwort,? die\b${gap(60)}\b(?:ist|wird|gilt|erhalt|bekommt)\b${gap(20)}\b(?:richtig|volle|korrekt|maximal)\w*`,
  ),
  phraseRule(
    "de.verdict.label",
    "fake_verdict",
    "The answer contains a grade written as if by the grader (German).",
    String.raw`${LINE_START}(?:bewertung|endnote|gesamtnote|punkte|punktzahl|ergebnis|urteil)\s*:\s*(?:${SCORE_FRACTION}|1[,.]0\b|sehr gut\b|volle\b|bestanden\b|richtig\b|korrekt\b|alle\b)|${LINE_START}(?:note)\s*:\s*(?:1[,.]0\b|sehr gut\b|eins\b)|\balle (?:bewertungs)?kriterien (?:sind )?erfullt\b`,
  ),
];
