export {
  alreadyScreened,
  analyseAnswer,
  prepareAnswer,
  readableText,
  type AnswerAnalysis,
  type PreparedAnswer,
} from "./analyse-answer.js";
export {
  canonicaliseAnswer,
  foldForEvidence,
  stripSmuggling,
  type CanonicalAnswer,
  type RemovedCharacterCategory,
  type RemovedCharacterSummary,
  type StrippedAnswer,
} from "./canonicalise-answer.js";
export { compileAllClasses, compileClassesFor, pendingClassCompilations } from "./lexicon.js";
export { SCREEN_WARM_UP_TEXTS, warmUpScreen } from "./screen-warm-up.js";
export { neutraliseChatMarkers, type InjectionFinding, type InjectionTechnique } from "./injection-screen.js";
export { MAX_EXCERPT_LENGTH } from "./screen-types.js";
