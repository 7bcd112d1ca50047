import type { LoggerOptions } from "pino";

/**
 * Paths pino must never print. Student answers are not listed because no code logs them: request
 * bodies are never logged, and grading code logs ids and counts only.
 */
export const redactedPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  "headers.authorization",
  "apiKey",
  "*.apiKey",
  "config.model.apiKey",
  "config.auth.apiKeys",
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactedPaths, censor: "[redacted]" },
    base: { service: "rubric-grader" },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
  };
}
