import { describe, expect, it } from "vitest";
import { EventStreamParser } from "../../web/lib/sse.js";
import {
  byLowestConfidence,
  calibrationSample,
  directionOf,
  evidenceSegments,
  parseCsv,
} from "../../web/lib/text.js";

/** The teacher page's pure helpers (web/lib): what the browser test cannot pin down case by case. */

describe("directionOf", () => {
  it("runs Persian, Arabic, Hebrew and Urdu right to left, with or without a region", () => {
    for (const language of ["fa", "fa-IR", "ar", "ar_EG", "he", "ur", "ckb"])
      expect(directionOf(language)).toBe("rtl");
    for (const language of ["en", "de-CH", "tr", "", undefined]) expect(directionOf(language)).toBe("ltr");
  });
});

describe("evidenceSegments", () => {
  const answer = "Plants take in carbon dioxide and water. They make glucose.";

  it("marks every quote with the criteria that quoted it, overlaps included", () => {
    const segments = evidenceSegments(answer, [
      { criterionId: "inputs", quotes: ["carbon dioxide and water"] },
      { criterionId: "water", quotes: ["water"] },
      { criterionId: "outputs", quotes: ["glucose"] },
    ]);
    expect(segments.map((segment) => segment.text).join("")).toBe(answer);
    expect(segments.filter((segment) => segment.criteria.length > 0)).toEqual([
      { text: "carbon dioxide and ", criteria: ["inputs"] },
      { text: "water", criteria: ["inputs", "water"] },
      { text: "glucose", criteria: ["outputs"] },
    ]);
  });

  it("finds a quote whose spacing or case differs, and leaves out one that is not there", () => {
    const segments = evidenceSegments("They make\n  GLUCOSE and oxygen.", [
      { criterionId: "outputs", quotes: ["make glucose", "starch"] },
    ]);
    expect(segments).toEqual([
      { text: "They ", criteria: [] },
      { text: "make\n  GLUCOSE", criteria: ["outputs"] },
      { text: " and oxygen.", criteria: [] },
    ]);
  });

  it("treats quotes as text, not patterns, and keeps Persian with its zero-width non-joiner", () => {
    expect(evidenceSegments("a (b) c", [{ criterionId: "x", quotes: ["(b)"] }])[1]).toEqual({
      text: "(b)",
      criteria: ["x"],
    });
    const persian = "آب بخار می‌شود و بالا می‌رود.";
    expect(evidenceSegments(persian, [{ criterionId: "evaporation", quotes: ["بخار می‌شود"] }])[1]).toEqual({
      text: "بخار می‌شود",
      criteria: ["evaporation"],
    });
  });
});

describe("parseCsv and calibrationSample", () => {
  it("reads quoted fields with commas, doubled quotes, line breaks, CRLF and a BOM", () => {
    expect(parseCsv('\uFEFFanswer,inputs\r\n"Light, water ""and"" air\nand soil",2\r\n\r\nplain,1')).toEqual([
      ["answer", "inputs"],
      ['Light, water "and" air\nand soil', "2"],
      ["plain", "1"],
    ]);
  });

  it("turns rows into the teacher's points per criterion, naming bad cells by row and column", () => {
    const sample = calibrationSample("answer,inputs,outputs\nfirst,2,1\nsecond,x,0\n", ["inputs", "outputs"]);
    expect(sample.answers[0]).toEqual({ answer: "first", points: { inputs: 2, outputs: 1 } });
    expect(sample.problems).toEqual(["Row 3, column `inputs`: is not a number."]);
    expect(calibrationSample("answer,inputs\nfirst,2\n", ["inputs", "outputs"]).problems).toEqual([
      "The header has no column for criterion `outputs`.",
    ]);
  });
});

describe("byLowestConfidence", () => {
  it("puts the least certain grade first and grades without a confidence last, keeping the queue's order", () => {
    const entry = (name: string, confidences: (number | null)[]) => ({
      name,
      grade: { criteria: confidences.map((confidence) => ({ confidence })) },
    });
    const ordered = byLowestConfidence([
      entry("unknown-1", [null]),
      entry("sure", [1, 0.9]),
      entry("unsure", [1, 0.4]),
      entry("unknown-2", []),
      entry("middling", [0.7]),
    ]);
    expect(ordered.map((item) => item.name)).toEqual([
      "unsure",
      "middling",
      "sure",
      "unknown-1",
      "unknown-2",
    ]);
  });
});

describe("EventStreamParser", () => {
  it("parses the jobs' events across chunk boundaries, CRLF, comments and ids", () => {
    const parser = new EventStreamParser();
    const events = [
      ...parser.push(': keep-alive\n\nevent: job\ndata: {"a"'),
      ...parser.push(":1}\n\nid: 7\r"),
      ...parser.push("\nevent: item\r\ndata: one\ndata: two\n\n"),
      ...parser.push("event: end\ndata: {}\n"),
    ];
    expect(events).toEqual([
      { event: "job", data: '{"a":1}', id: undefined },
      { event: "item", data: "one\ntwo", id: "7" },
    ]);
    expect(parser.push("\n")).toEqual([{ event: "end", data: "{}", id: "7" }]);
  });
});
