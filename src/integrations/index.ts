/**
 * LMS adapters as libraries: inbound event parsing and verification, submission fetches, and grade
 * passback clients. Every outbound request goes through the SSRF guard (`src/lib/ssrf-guard.ts`) and
 * every client answers with an `OutboundResult` (never throws), whose failure says whether to retry.
 */
export * from "./outbound-http.js";
export * from "./canvas/live-events.js";
export * from "./canvas/submissions.js";
export * from "./canvas/grade-passback.js";
export * from "./moodle/webhook-events.js";
export * from "./moodle/web-service.js";
export * from "./moodle/grade-passback.js";
export * from "./lti/ags-token.js";
export * from "./lti/ags-scores.js";
