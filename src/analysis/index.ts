export {
  createAnswerAnalyser,
  defaultAnalysisThreads,
  DEFAULT_OFFLOAD_ABOVE_CHARS,
  inlineAnswerAnalyser,
  type AnswerAnalyserOptions,
  type PooledAnswerAnalyser,
} from "./answer-analyser.js";
