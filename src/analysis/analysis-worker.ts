/**
 * Worker-thread entry for the answer analyser: runs analyseAnswer for the pool in answer-analyser.ts.
 * Loaded by URL, never imported.
 */
import { analyseAnswer, warmUpScreen } from "../grading/integrity/index.js";
import { serveTasks } from "./worker-protocol.js";

// The screen compiles its patterns on first use: here, before the thread says it is ready, so that its
// first task's time limit is not spent on them.
warmUpScreen();
serveTasks(analyseAnswer);
