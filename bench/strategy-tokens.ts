/**
 * Input and output tokens per grade for both grading strategies on every example rubric in rubrics/.
 *
 *   npx tsx bench/strategy-tokens.ts
 *
 * Runs the real grading path (prompt templates, LangChain, the OpenAI client) against the fake
 * OpenAI-compatible server, captures exactly what would be sent, and counts tokens with the o200k_base
 * encoding (gpt-4o family). Replies are synthetic but of typical length (two-sentence rationales, one quote,
 * three sentences of feedback), so output figures are estimates; input figures are exact for what we send,
 * plus 4 tokens per message of chat framing. "cacheable" is the static prefix (instructions + rubric) that
 * provider prompt caching can reuse across answers to the same rubric.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getEncoding } from "js-tiktoken";
import { pino } from "pino";
import { buildApp } from "../src/app.js";
import { createRuntime } from "../src/runtime.js";
import { loadConfig } from "../src/config/config.js";
import { parseRubricText } from "../src/grading/rubric-loading.js";
import type { Rubric, RubricDocument } from "../src/grading/rubric.js";
import { startFakeOpenAI, type FakeChatRequest } from "../tests/helpers/fake-openai-server.js";

const encoding = getEncoding("o200k_base");
const tokens = (text: string) => encoding.encode(text).length;
const messageFraming = 4;

const rationale =
  "The answer names the main idea correctly and explains it in its own words. One detail is missing.";
const feedback =
  "You explained the main idea clearly. To earn the missing points, say why the process needs light and name the product. Check your spelling of technical terms.";
const explanation = "Mostly correct answer; it misses one required detail. No unusual content.";

/** A reply of typical length for whatever schema the request carries. */
function typicalReply(request: FakeChatRequest): unknown {
  const quote = (request.answer ?? "").split(/\s+/).slice(0, 10).join(" ");
  const criterion = (points: unknown) => ({ rationale, evidence: quote ? [quote] : [], points });
  const properties = (request.schema?.properties ?? {}) as Record<
    string,
    { properties?: Record<string, { enum?: number[]; maximum?: number }> }
  >;
  if ("injection" in properties)
    return { reasoning: "An ordinary answer to the question.", injection: false };
  if (properties.criteria?.properties) {
    const criteria = Object.fromEntries(
      Object.entries(properties.criteria.properties).map(([id, schema]) => {
        const points = (schema as { properties: { points: { enum?: number[]; maximum?: number } } })
          .properties.points;
        return [id, criterion(points.enum?.[1] ?? 0)];
      }),
    );
    return { criteria, explanation, feedback };
  }
  const points = (properties.points as { enum?: number[] } | undefined)?.enum?.[1] ?? 0;
  return { ...criterion(points), feedback: feedback.split(". ")[0] };
}

function answerFor(rubric: RubricDocument): string {
  return (
    rubric.exemplars?.[0]?.answer ??
    rubric.referenceAnswer ??
    "The student wrote a short answer about the question."
  );
}

async function measure(rubric: Rubric, strategy: "all-criteria" | "per-criterion") {
  const fake = await startFakeOpenAI();
  fake.setDefault({ kind: "respond", handler: typicalReply });
  const config = loadConfig({
    DATABASE_URL: "sqlite::memory:",
    LOG_LEVEL: "silent",
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: fake.apiKey,
  });
  const runtime = await createRuntime(config, { logger: pino({ level: "silent" }) });
  const app = await buildApp(runtime);
  try {
    const { version: _version, ...content } = rubric;
    const document = { ...content, grading: { ...content.grading, strategy, samples: 1 } };
    const upload = await app.inject({ method: "POST", url: "/v1/rubrics", payload: document });
    if (upload.statusCode >= 300) throw new Error(`upload failed: ${upload.body}`);
    const graded = await app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: rubric.id, answer: answerFor(rubric) },
    });
    if (graded.statusCode !== 200) throw new Error(`grading failed: ${graded.body}`);
    let input = 0;
    let output = 0;
    let cacheable = 0;
    const calls = fake.requests.filter((request) => request.path === "/v1/chat/completions");
    for (const call of calls) {
      const messages = (call.body as { messages: { content: string }[] }).messages;
      input += messages.reduce((sum, message) => sum + tokens(message.content) + messageFraming, 3);
      const system = messages[0]!.content;
      cacheable += tokens(system.slice(0, system.indexOf("<request>")));
      const reply = (call.response?.body as { choices: { message: { content: string } }[] }).choices[0]!
        .message.content;
      output += tokens(reply);
    }
    return { calls: calls.length, input, output, cacheable };
  } finally {
    await app.close();
    await fake.close();
  }
}

const directory = fileURLToPath(new URL("../rubrics", import.meta.url));
const rows: string[][] = [
  ["rubric", "criteria", "strategy", "calls", "input tokens", "output tokens", "cacheable input"],
];
for (const file of readdirSync(directory)
  .filter((name) => /\.(ya?ml|json)$/.test(name))
  .sort()) {
  const validation = parseRubricText(readFileSync(join(directory, file), "utf8"));
  if (!validation.ok) throw new Error(`${file}: ${JSON.stringify(validation.problems)}`);
  for (const strategy of ["all-criteria", "per-criterion"] as const) {
    const figures = await measure(validation.rubric, strategy);
    rows.push([
      file,
      String(validation.rubric.criteria.length),
      strategy,
      String(figures.calls),
      String(figures.input),
      String(figures.output),
      `${figures.cacheable} (${Math.round((figures.cacheable / figures.input) * 100)}%)`,
    ]);
  }
}
const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
