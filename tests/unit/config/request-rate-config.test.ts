import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/config.js";
import { describeRuntime } from "../../../src/runtime.js";

describe("GRADER_REQUESTS_PER_MINUTE", () => {
  it("is unset by default: no limit, and the start-up summary says so", () => {
    expect(loadConfig({}).model.requestsPerMinute).toBeNull();
    expect(loadConfig({ GRADER_REQUESTS_PER_MINUTE: " " }).model.requestsPerMinute).toBeNull();
    expect(describeRuntime(loadConfig({})).requestRate).toBe("no limit");
  });

  it("takes whole requests per minute from 1 to 60000, and the summary names the rate", () => {
    expect(loadConfig({ GRADER_REQUESTS_PER_MINUTE: "1" }).model.requestsPerMinute).toBe(1);
    const config = loadConfig({ GRADER_REQUESTS_PER_MINUTE: "500" });
    expect(config.model.requestsPerMinute).toBe(500);
    expect(describeRuntime(config).requestRate).toContain("500 requests per minute");
    expect(loadConfig({ GRADER_REQUESTS_PER_MINUTE: "60000" }).model.requestsPerMinute).toBe(60_000);
  });

  it.each(["0", "-5", "2.5", "fast", "60001"])("refuses %j, naming the variable", (value) => {
    expect(() => loadConfig({ GRADER_REQUESTS_PER_MINUTE: value })).toThrow(ConfigError);
    expect(() => loadConfig({ GRADER_REQUESTS_PER_MINUTE: value })).toThrow(
      /GRADER_REQUESTS_PER_MINUTE: must be a whole number from 1 to 60000/,
    );
  });
});
