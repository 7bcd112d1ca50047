import { ConfigError, loadConfig } from "../../src/config/config.js";

/** The problems loadConfig reports for `environment`, none when it loads. Other errors are rethrown. */
export function configProblems(environment: Record<string, string>): string[] {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
