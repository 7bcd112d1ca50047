import { afterEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * An import's question comes in the query (the form holds only the file), and a rubric's question may be
 * 10,000 characters. Regression: Node's default limit on a request's head (16 KiB) refused the request
 * ("The request headers are too large.") once the percent-encoded question passed it: a Persian question
 * of 3,000 letters (six encoded characters each) could not be imported at all.
 */
let test: TestApp;
afterEach(() => test?.close());

const canvasCsv =
  "Rubric Name,Criteria Name,Criteria Description,Criteria Enable Range,Rating Name,Rating Description,Rating Points\n" +
  "فتوسنتز,ورودی‌ها,نور، آب و دی‌اکسید کربن,false,کامل,,2\n";

describe("an import with the longest question a rubric takes", () => {
  it("is read over HTTP, however its characters are percent-encoded", async () => {
    test = await buildTestApp();
    const origin = await test.app.listen({ host: "127.0.0.1", port: 0 });
    // 10,000 characters: Persian letters (2 UTF-8 bytes, 6 encoded characters), the odd 3-byte and
    // 4-byte character, as long as the rubric format allows a question to be.
    const question = `${"گیاهان برای فتوسنتز به چه نیاز دارند؟ ".repeat(300).slice(0, 9_997)}€😀`;
    expect(question.length).toBe(10_000);
    const query = new URLSearchParams({
      format: "canvas-csv",
      id: "photosynthesis-fa",
      question,
      title: "ف".repeat(200),
      language: "fa",
    });
    const response = await fetch(`${origin}/v1/rubrics/import?${query.toString()}`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: canvasCsv,
    });
    const body = (await response.json()) as { question?: string };
    expect(response.status, JSON.stringify(body).slice(0, 300)).toBe(201);
    expect(body.question).toBe(question.trim());
  });
});
