/** Measuring a grader against teachers: agreement metrics, bootstrap intervals, calibration, summaries. */
export * from "./metrics.js";
export * from "./bootstrap.js";
export * from "./calibration.js";
export * from "./summary.js";
export * from "./rubric-calibration.js";
