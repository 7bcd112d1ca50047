/**
 * Worker-thread entry for the answer analyser: runs analyseAnswer for the pool in answer-analyser.ts.
 * Loaded by URL, never imported.
 */
import { analyseAnswer } from "../grading/integrity/index.js";
import { serveTasks } from "./worker-protocol.js";

serveTasks(analyseAnswer);
