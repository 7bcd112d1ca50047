export {
  canonicaliseAnswer,
  foldForMatching,
  type CanonicalAnswer,
  type RemovedCharacterCategory,
  type RemovedCharacterSummary,
} from "./canonicalise-answer.js";
export {
  neutraliseChatMarkers,
  screenAnswer,
  type InjectionFinding,
  type InjectionTechnique,
} from "./injection-screen.js";
