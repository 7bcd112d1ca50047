import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/config.js";
import { configProblems } from "../../helpers/config-problems.js";

/** GRADER_DAILY_BUDGET_USD and GRADER_METRICS_TOKEN: parsed once, every problem named. */

describe("the daily budget and metrics settings", () => {
  it("default to no budget and /metrics from loopback only", () => {
    const config = loadConfig({});
    expect(config.usage).toEqual({ dailyBudgetUsd: null });
    expect(config.metrics).toEqual({ token: undefined });
    expect(loadConfig({ GRADER_DAILY_BUDGET_USD: " " }).usage.dailyBudgetUsd).toBeNull();
  });

  it("take an amount in USD and a token", () => {
    const config = loadConfig({
      GRADER_DAILY_BUDGET_USD: "12.50",
      GRADER_METRICS_TOKEN: " metrics-token-0123456789 ",
    });
    expect(config.usage.dailyBudgetUsd).toBe(12.5);
    expect(config.metrics.token).toBe("metrics-token-0123456789");
    expect(loadConfig({ GRADER_DAILY_BUDGET_USD: "0" }).usage.dailyBudgetUsd).toBe(0);
  });

  it("name every bad value", () => {
    expect(
      configProblems({ GRADER_DAILY_BUDGET_USD: "five dollars", GRADER_METRICS_TOKEN: "short" }),
    ).toEqual([
      "GRADER_DAILY_BUDGET_USD: must be an amount in USD, such as 5 or 12.50",
      "GRADER_METRICS_TOKEN: must be at least 16 characters long",
    ]);
    expect(configProblems({ GRADER_DAILY_BUDGET_USD: "-1" })).toEqual([
      "GRADER_DAILY_BUDGET_USD: must be an amount in USD, such as 5 or 12.50",
    ]);
  });
});
