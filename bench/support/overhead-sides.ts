/**
 * The two sides the service-overhead benchmarks compare, against the same instant fake provider running in
 * its own process (bench/support/instant-openai-server.ts): the bare chain a developer would write with
 * LangChain alone (prompt → `ChatOpenAI.withStructuredOutput(zod)`, built once), and the service (the real
 * runtime and routes, SQLite in memory unless told otherwise, `POST /v1/grade` at `samples: 1`). Every grade gets a new answer,
 * so none is served from the cache.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { ChatOpenAI } from "@langchain/openai";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/config.js";
import { languageName, renderRubricForPrompt } from "../../src/grading/prompt-inputs.js";
import { buildAllCriteriaReplySchema } from "../../src/grading/reply-schema.js";
import { validateRubricDocument } from "../../src/grading/rubric-loading.js";
import { createRuntime } from "../../src/runtime.js";
import { scienceRubric } from "../../tests/helpers/rubric-fixtures.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const apiKey = "bench-key";

const validation = validateRubricDocument(scienceRubric);
if (!validation.ok) throw new Error("bad rubric");
const rubric = validation.rubric;

/** The fake's one reply: valid for the science rubric, evidence quoted from every answer below. */
const replyText = JSON.stringify({
  criteria: {
    inputs: { rationale: "Names all inputs.", evidence: ["light, water and carbon dioxide"], points: 2 },
    outputs: { rationale: "Names glucose.", evidence: ["glucose"], points: 1 },
  },
  explanation: "Inputs complete; oxygen is missing.",
  feedback: "Good: you named every input. Also name the oxygen that is released.",
});

/** The answer of grade number `index`: a new text each time. */
export const answerFor = (index: number) =>
  `Plants need light, water and carbon dioxide. They make glucose (attempt ${index}).`;

export interface InstantFake {
  baseURL: string;
  stop(): void;
}

/** Starts the instant fake in its own process, so that its CPU is not counted against either side. */
export async function startInstantFake(): Promise<InstantFake> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "bench/support/instant-openai-server.ts"), replyText],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once("data", (data: Buffer) => resolve(Number(data.toString().trim())));
    child.once("exit", (code) => reject(new Error(`fake exited with ${code}`)));
  });
  // Also when this process ends early: a left-over fake would keep the terminal's pipes open.
  process.once("exit", () => child.kill("SIGKILL"));
  return { baseURL: `http://127.0.0.1:${port}/v1`, stop: () => child.kill("SIGKILL") };
}

/** The bare chain, built once; the returned function grades answer number `index`. */
export function bareChain(baseURL: string): (index: number) => Promise<void> {
  const system = readFileSync(join(root, "prompts/grade-all-criteria.system.md"), "utf8");
  const user = readFileSync(join(root, "prompts/grade-all-criteria.user.md"), "utf8");
  const chain = ChatPromptTemplate.fromMessages([
    ["system", system],
    ["human", user],
  ]).pipe(
    new ChatOpenAI({
      model: "gpt-4o-mini",
      apiKey,
      temperature: 0,
      maxRetries: 0,
      configuration: { baseURL },
    }).withStructuredOutput(buildAllCriteriaReplySchema(rubric), {
      name: "grade",
      method: "jsonSchema",
      strict: true,
    }),
  );
  const rubricText = renderRubricForPrompt(rubric);
  return (index) =>
    chain
      .invoke({
        rubric: rubricText,
        language: rubric.language,
        language_name: languageName(rubric.language),
        answer_boundary: "ANSWER-BOUNDARY-0123456789abcdef",
        canary: "CANARY-0123456789abcdef",
        answer: answerFor(index),
      })
      .then(() => undefined);
}

export interface ServiceSide {
  app: FastifyInstance;
  /** Grades answer number `index` through `POST /v1/grade` (Fastify's inject, or HTTP after `listen`). */
  grade(index: number, origin?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The service: the real runtime and routes, the science rubric uploaded. SQLite in memory unless `databaseUrl`
 * names another database (a file, as the service's default configuration keeps one, or PostgreSQL).
 */
export async function serviceSide(baseURL: string, databaseUrl = "sqlite::memory:"): Promise<ServiceSide> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "silent",
    OPENAI_API_KEY: apiKey,
    OPENAI_BASE_URL: baseURL,
    GRADER_MAX_IN_FLIGHT: "64",
  });
  const runtime = await createRuntime(config, { logger: pino({ level: "silent" }) });
  // As a started server does: the screen warmed up, its analysis thread loaded.
  await runtime.warmUp();
  await (runtime.analyser as { prestart?: () => Promise<void> }).prestart?.();
  const app = await buildApp(runtime);
  const upload = await app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
  // 200: a database that already had it (PostgreSQL kept from an earlier run).
  if (upload.statusCode !== 201 && upload.statusCode !== 200)
    throw new Error(`rubric upload failed: ${upload.body}`);
  return {
    app,
    async grade(index, origin) {
      const payload = { rubricId: scienceRubric.id, answer: answerFor(index), samples: 1 };
      if (origin) {
        // Node's fetch keeps connections alive between requests.
        const response = await fetch(`${origin}/v1/grade`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(payload),
        });
        const body = await response.text();
        if (response.status !== 200) throw new Error(`grade failed: ${response.status} ${body}`);
        return;
      }
      const response = await app.inject({ method: "POST", url: "/v1/grade", payload });
      if (response.statusCode !== 200) {
        throw new Error(`grade failed: ${response.statusCode} ${response.body}`);
      }
    },
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}
