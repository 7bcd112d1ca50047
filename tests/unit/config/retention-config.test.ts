import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/config.js";

describe("GRADER_RETENTION_DAYS", () => {
  it("is unset by default: answers are kept forever", () => {
    expect(loadConfig({}).retention).toEqual({ answerDays: null });
    expect(loadConfig({ GRADER_RETENTION_DAYS: " " }).retention).toEqual({ answerDays: null });
  });

  it("takes whole days from 1", () => {
    expect(loadConfig({ GRADER_RETENTION_DAYS: "365" }).retention).toEqual({ answerDays: 365 });
    expect(loadConfig({ GRADER_RETENTION_DAYS: "1" }).retention).toEqual({ answerDays: 1 });
  });

  it.each(["0", "-3", "1.5", "a year", "36501"])("refuses %j, naming the variable", (value) => {
    expect(() => loadConfig({ GRADER_RETENTION_DAYS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ GRADER_RETENTION_DAYS: value })).toThrow(
      /GRADER_RETENTION_DAYS: must be a whole number/,
    );
  });
});
