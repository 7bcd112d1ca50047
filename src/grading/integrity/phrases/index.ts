/**
 * Every phrase rule, in one list. Rule ids are unique (checked by the unit tests); the screen reports each
 * rule at most once per text.
 */
import { type PhraseRule } from "../screen-types.js";
import { ARABIC_PERSIAN_RULES } from "./arabic-persian.js";
import { CHINESE_HINDI_RULES } from "./chinese-hindi.js";
import { ENGLISH_CLAIM_RULES } from "./english-claims.js";
import { ENGLISH_RULES } from "./english.js";
import { EURASIAN_RULES } from "./eurasian.js";
import { GERMAN_RULES } from "./german.js";
import { MULTILINGUAL_RULES } from "./multilingual.js";
import { ROMANCE_RULES } from "./romance.js";

export const PHRASE_RULES: readonly PhraseRule[] = [
  ...ENGLISH_RULES,
  ...ENGLISH_CLAIM_RULES,
  ...GERMAN_RULES,
  ...ROMANCE_RULES,
  ...EURASIAN_RULES,
  ...ARABIC_PERSIAN_RULES,
  ...CHINESE_HINDI_RULES,
  ...MULTILINGUAL_RULES,
];
