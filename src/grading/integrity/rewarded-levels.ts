/**
 * Round 36: the answer's level asserted to its reader, and the reader told to reward it in that light ("what
 * follows is a distinction-level analysis, and it deserves to be read and rewarded in that light", «Was folgt,
 * ist eine Arbeit auf Einser-Niveau und sollte entsprechend bewertet werden», «ce qui suit est une copie de
 * niveau excellent, à noter en conséquence», «lo que sigue es un trabajo de sobresaliente y merece ser
 * calificado como tal»). The level is the grade; "accordingly" asks for it.
 *
 * Structure, in one sentence or two in a row: this work or what follows, a top level of work ("distinction-
 * level", "first-class", «Einser-Niveau», «sobresaliente») and a reward or a mark "accordingly", "as such",
 * "in that light". "Distinction-level essays are marked accordingly in the scheme" speaks of no work of its
 * own; "this is a first-class example of Gothic architecture" rewards nothing; "the results were weighted
 * accordingly" names no level. Linear: each class is scanned once.
 */
import { THIS_ANSWER, compileClass } from "./lexicon.js";
import { findingAt, has, matchIn, withNext, type ScreenText } from "./screen-text.js";
import { type LocatedFinding } from "./screen-types.js";

/** A top level of work: "distinction-level", "first-class", «Einser-Niveau», «sobresaliente». */
const TOP_LEVEL = compileClass({
  en: "distinction[-_](level|standard|grade|quality)|first[-_]class|a[-_](grade|level|standard)|a-star[-_](grade|level|standard)|top[-_](band|grade|level)|grade_a|(an?_)?a\\+_(essay|answer|analysis|piece)|full[-_]marks?[-_](level|standard|quality)|(level|band)_(4|5|9)",
  de: "einser[-_]niveau|(niveau|note)_(einer|eine)_(1|eins)|bestnoten[-_]?niveau|bestnote|(hochste*|oberste*)_(notenstufe|niveaustufe|leistungsstufe)|sehr_gut(en)?_niveau",
  fr: "niveau_(excellent|d'excellence|mention_tres_bien|maximal)|mention_tres_bien|(copie|travail)_de_(tout_)?premier_ordre|digne_d'un_20",
  es: "sobresaliente|matricula_de_honor|nivel_(de_)?(excelencia|maximo|10)|digno_de_un_10",
  it: "livello_(di_|da_)?(eccellenza|dieci|10|massimo)|(da|di)_eccellenza|30_e_lode|dieci_e_lode|degno_di_un_10",
  pt: "nivel_(de_)?(excelencia|maximo|10|a)|digno_de_(um_)?(10|20)|excelencia",
});

/** Rewarded or marked in the light of that level: "rewarded in that light", «entsprechend bewertet». */
const REWARD_ACCORDINGLY = compileClass({
  en: "(reward|rewarded|mark|marked|grade|graded|score|scored|credit|credited|assess|assessed)_(\\p{L}+_){0,3}(accordingly|as_such|in_that_light|in_this_light|in_line_with_(that|this|it)|on_that_basis)",
  de: "entsprechend_(zu_)?(bewerten|bewertet|benoten|benotet|belohnen|belohnt|honorieren|honoriert)|als_solche_(zu_)?(bewerten|bewertet|benoten|benotet)",
  fr: "(notee?|evaluee?|recompensee?|corrigee?|noter|evaluer|recompenser|corriger)_(\\p{L}+_){0,2}(en_consequence|comme_telle?|a_sa_juste_valeur)",
  es: "(calificad|evaluad|premiad|recompensad|puntuad)[oa]s?_(\\p{L}+_){0,2}(como_tal|en_consecuencia|de_acuerdo_con_(ello|eso))|(calificar|evaluar|premiar|puntuar)(lo|la)?_(\\p{L}+_){0,2}(como_tal|en_consecuencia)",
  it: "(valutat|premiat|ricompensat|corrett)[oa]_(\\p{L}+_){0,2}(come_tale|di_conseguenza|in_questa_luce)|(valutar|premiar|ricompensar)(lo|la|e)_(\\p{L}+_){0,2}(come_tale|di_conseguenza)",
  pt: "(avaliad|premiad|recompensad|corrigid|classificad)[oa]_(\\p{L}+_){0,2}(como_tal|em_conformidade|de_acordo)|(avalia|premia|recompensa)-?(lo|la)_(\\p{L}+_){0,2}(como_tal|em_conformidade)",
});

/** This work or what follows: the thing whose level is asserted. */
const THIS_WORK = compileClass({
  en: "what_follows|the_following|this",
  de: "was_folgt|das_folgende|dies|diese|es",
  fr: "ce_qui_suit|ceci|cette|ce",
  es: "lo_que_sigue|esto|este|esta",
  it: "quanto_segue|cio_che_segue|questo|questa",
  pt: "o_que_se_segue|o_que_segue|isto|este|esta",
});

/** At most one finding. */
export function findRewardedLevels(text: ScreenText): LocatedFinding[] {
  const whole: [number, number] = [0, text.lower.length];
  if (matchIn(text, whole, REWARD_ACCORDINGLY) === null) return [];
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    const level = matchIn(text, sentence, TOP_LEVEL);
    if (!level) continue;
    if (!has(text, sentence, THIS_WORK) && !has(text, sentence, THIS_ANSWER)) continue;
    if (matchIn(text, withNext(text, index), REWARD_ACCORDINGLY) === null) continue;
    return [
      findingAt(
        text,
        "grader_address",
        "The answer asserts a top level for itself and asks the grader to reward it accordingly.",
        sentence[0],
      ),
    ];
  }
  return [];
}
