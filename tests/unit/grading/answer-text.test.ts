import { describe, expect, it } from "vitest";
import { checkAnswerText } from "../../../src/grading/grade-answer.js";

/** The core's own check, for callers that are not HTTP (jobs, integrations, tools). */
describe("checkAnswerText", () => {
  it("refuses an unpaired surrogate, naming it", () => {
    expect(() => checkAnswerText("light \ud800 water", 100, "body.answer")).toThrow(
      expect.objectContaining({ code: "invalid_request", message: expect.stringContaining("\\uD800") }),
    );
    expect(() => checkAnswerText("ends with \udc00", 100, "body.answer")).toThrow(
      expect.objectContaining({ code: "invalid_request" }),
    );
  });

  it("counts characters as code points", () => {
    expect(() => checkAnswerText("🌱".repeat(10), 10, "body.answer")).not.toThrow();
    expect(() => checkAnswerText("🌱".repeat(11), 10, "body.answer")).toThrow(
      expect.objectContaining({ code: "answer_too_long" }),
    );
  });
});
