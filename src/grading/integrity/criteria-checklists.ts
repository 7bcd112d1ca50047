/**
 * An answer that grades itself as a checklist: a run of ticks against the rubric's criteria ("Rubric
 * criterion | Met | ✔ …", «Grille d'auto-évaluation : … | oui |», «[채점 기준 충족 요약] … ✔ … ✔ … ✔»), or
 * a strengths box whose "areas for improvement" are "none". The ticks and the table are the signal, in
 * any language: a real answer's checks ("Check: 4 − 10 + 6 = 0 ✔") are single, and a student's honest
 * self-review lists something to improve or a cross.
 */
import { foldedPattern } from "./lexicon.js";
import { findingAt, type ScreenText } from "./screen-text.js";
import { type LocatedFinding } from "./screen-types.js";

/**
 * A tick, or a table cell that says yes: a bare "met", or (round 35) a judgement that a criterion is met in
 * full, perhaps in bold ("| **Fully met** |", «| vollständig erfüllt |», «| pleinement atteint |», «| w
 * pełni spełnione |»). Round 51: with the criterion's points after it ("| Fully met (4/4) |").
 */
const TICK = foldedPattern(
  String.raw`[✔✓☑✅◎]|\|[ \t]*[*_]{0,2}(?:yes|oui|si|sim|ja|да|так|tak|evet|ano|igen|ndiyo|ya|はい|예|نعم|بله|是|met|atteint|erfullt|cumplido|atendido|soddisfatto|voldaan|выполнено|(?:fully|completely|entirely|securely)\s+(?:met|achieved|demonstrated)|met\s+in\s+full|(?:vollstandig|voll|ganz)\s+erfullt|(?:pleinement|totalement|entierement)\s+(?:atteint|satisfait)e?|(?:plenamente|totalmente|completamente)\s+(?:cumplido|logrado|alcanzado)|(?:pienamente|completamente|totalmente)\s+(?:soddisfatto|raggiunto)|(?:plenamente|totalmente)\s+(?:atendido|alcancado)|(?:w\s+pelni|calkowicie)\s+spelnion[ey]|(?:volledig|helemaal)\s+voldaan|полностью\s+выполнено)(?:[ \t]\(\d{1,3}[ \t]?\/[ \t]?\d{1,3}\))?[*_]{0,2}[ \t]*(?=\|)`,
  "gu",
);
/** A cross, an empty box or a "no" cell: the student found something missing. */
const CROSS = foldedPattern(
  String.raw`[✗✘❌☐✕⨯]|\|[ \t]*[*_]{0,2}(?:no|non|nein|нет|nie|hayir|ne|nem|hapana|いいえ|아니요|لا|خیر|否|partial|partly|partiellement|teilweise|parcial|parziale|gedeeltelijk|частично|(?:partly|partially|not(?:\s+yet)?)\s+(?:met|achieved)|(?:teilweise|nicht)\s+erfullt|(?:partiellement|non)\s+atteinte?|(?:parcialmente|no)\s+cumplido|(?:parzialmente|non)\s+(?:soddisfatto|raggiunto)|(?:czesciowo|nie)\s+spelnion[ey]|niespelnion[ey]|(?:gedeeltelijk|niet)\s+voldaan|частично\s+выполнено|не\s+выполнено)[*_]{0,2}[ \t]*(?=\|)`,
  "u",
);
/** What the ticks are measured against: the rubric, its criteria, a strengths box or a self-assessment. */
const AGAINST_CRITERIA = foldedPattern(
  String.raw`rubric\p{L}*|criteri\p{L}*|mark(?:ing)?\s+scheme|descriptors?|assessment\s+objectives?|learning\s+outcomes?|exemplar|model[\s-]+answer|strengths|self[\s-]?(?:assessment|evaluation|check)|kriteri\p{L}*|bewertungs\p{L}*|erwartungshorizont|musterlosung|anforderungsbereich|starken|critere\p{L}*|bareme|grille|attendus|auto[\s-]?evaluation|points\s+forts|rubrica|autoevaluacion|fortalezas|gabarito|autoavaliacao|pontos\s+fortes|griglia|autovalutazione|punti\s+di\s+forza|correctievoorschrift|beoordelingsmodel|sterke\s+punten|kryteri\p{L}*|mocne\s+strony|критери\p{L}*|критері\p{L}*|самооценк\p{L}*|сильные\s+стороны|kriter\p{L}*|olcut\p{L}*|rubrik|tieu\s+chi|tu\s+danh\s+gia|vigezo|szempont\p{L}*|معايير|معيار|التقييم\s+الذاتي|معیار\p{L}*|خودارزیابی|评分标准|評分標準|自我评价|自我評價|採点基準|観点|自己評価|채점\s*기준|자기\s*평가|मानदंड|स्व-?मूल्यांकन`,
  "u",
);
/** "Areas for improvement: none", «Schwächen: keine», «À améliorer : rien». */
const NOTHING_TO_IMPROVE = foldedPattern(
  String.raw`(?:areas?\s+(?:for|of)\s+improvement|improvements?(?:\s+needed)?|weakness(?:es)?|to\s+improve|next\s+steps|schwachen|verbesserungs\p{L}*|points?\s+faibles?|a\s+ameliorer|debilidades|a\s+mejorar|pontos\s+fracos|a\s+melhorar|punti\s+deboli|da\s+migliorare|zwakke\s+punten|verbeterpunten|слабые\s+стороны|недостатки|slabe\s+strony|do\s+poprawy)[*_]{0,2}\s*[:：]\s*[*_]{0,2}(?:none|nothing|n\/?a|keine|nichts|aucun\p{L}*|rien|ninguno|ninguna|nada|nenhum\p{L}*|nessuno|niente|geen|нет|отсутствуют|brak|なし|없음)(?![\p{L}\p{N}])`,
  "u",
);

const TICKS_IN_A_LIST = 3;
/** How far a list of ticks may run, and how far before it its heading may be. */
const LIST_SPAN = 600;
const HEADING_BEFORE = 300;

/** A self-graded checklist or a strengths box with nothing to improve, or null. */
export function findCriteriaChecklist(text: ScreenText): LocatedFinding | null {
  const lower = text.lower;
  const nothingToImprove = NOTHING_TO_IMPROVE.exec(lower);
  if (nothingToImprove) {
    return findingAt(
      text,
      "grading_meta_talk",
      "The answer assesses itself and finds nothing to improve.",
      nothingToImprove.index,
    );
  }
  const ticks: number[] = [];
  for (const match of lower.matchAll(TICK)) {
    ticks.push(match.index);
    if (ticks.length > 400) break;
  }
  for (let first = 0; first + TICKS_IN_A_LIST <= ticks.length; first++) {
    const third = ticks[first + TICKS_IN_A_LIST - 1]!;
    if (third - ticks[first]! > LIST_SPAN) continue;
    // The whole run of ticks from here, and the heading it is under.
    let last = first + TICKS_IN_A_LIST - 1;
    while (last + 1 < ticks.length && ticks[last + 1]! - ticks[last]! <= LIST_SPAN / 2) last++;
    const start = Math.max(0, ticks[first]! - HEADING_BEFORE);
    const end = Math.min(lower.length, ticks[last]! + 80);
    const block = lower.slice(start, end);
    const heading = AGAINST_CRITERIA.exec(block);
    if (heading && !CROSS.test(block)) {
      return findingAt(
        text,
        "grading_meta_talk",
        "The answer ticks off the grading criteria as met, grading itself.",
        start + heading.index,
      );
    }
    first = last;
  }
  return null;
}
