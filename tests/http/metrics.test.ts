import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../src/grading/errors.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Issue "Teachers' workflow", point 10: `GET /metrics` in the Prometheus text format, fed by the core's
 * telemetry port, from each runtime's own registry; not open to the internet by default.
 */

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a text exposition (format 0.0.4): `name{label="value",...} number` per line. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]!] = pair[2]!;
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample with this name and (at least) these labels; 0 when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value ?? 0;
}

const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
const prices = JSON.stringify({
  "openai:scripted-model": { inputPerMillionTokens: 100, outputPerMillionTokens: 500 },
});

let apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps) await app.close();
  apps = [];
});

async function start(env: Record<string, string> = {}): Promise<{ test: TestApp; model: ScriptedModel }> {
  const model = createScriptedModel({
    fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
  });
  const test = await buildTestApp({ env: { GRADER_PRICES: prices, ...env }, dependencies: { model } });
  apps.push(test);
  const upload = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
  expect(upload.statusCode).toBe(201);
  return { test, model };
}

const grade = (test: TestApp, text: string) =>
  test.app.inject({
    method: "POST",
    url: "/v1/grade",
    payload: { rubricId: scienceRubric.id, answer: text },
  });

async function scrape(test: TestApp): Promise<Sample[]> {
  const response = await test.app.inject({ method: "GET", url: "/metrics" });
  expect(response.statusCode).toBe(200);
  expect(response.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parseExposition(response.body);
}

describe("GET /metrics", () => {
  it("exposes grades, model calls, latency, tokens, cost, errors, cache hits and the review queue", async () => {
    const { test, model } = await start();
    expect((await grade(test, answer)).statusCode).toBe(200);
    expect((await grade(test, answer)).json().cached).toBe(true);
    expect((await grade(test, "")).statusCode).toBe(200);
    // An unusable reply, then its repair, also unusable: needs_review with output_invalid.
    model.enqueue("not json", "still not json");
    expect((await grade(test, `${answer} Also sunlight.`)).json().flags).toEqual(["output_invalid"]);
    // A provider failure after its retries.
    model.enqueue({ throws: new AppError("provider_unavailable") });
    expect((await grade(test, `${answer} Third.`)).statusCode).toBe(503);

    const samples = await scrape(test);
    const scripted = { model: "openai:scripted-model" };
    expect(
      valueOf(samples, "grader_grades_total", { status: "graded", graded_by: "model", cached: "false" }),
    ).toBe(1);
    expect(
      valueOf(samples, "grader_grades_total", { status: "graded", graded_by: "model", cached: "true" }),
    ).toBe(1);
    expect(valueOf(samples, "grader_grades_total", { status: "graded", graded_by: "rule" })).toBe(1);
    expect(valueOf(samples, "grader_grades_total", { status: "needs_review" })).toBe(1);
    expect(valueOf(samples, "grader_grade_flags_total", { flag: "blank" })).toBe(1);
    expect(valueOf(samples, "grader_grade_flags_total", { flag: "output_invalid" })).toBe(1);
    expect(valueOf(samples, "grader_cache_hits_total")).toBe(1);

    // Calls: one good, two unusable (the second a repair), one failed.
    const task = { ...scripted, task: "grade-all-criteria" };
    expect(valueOf(samples, "grader_model_calls_total", { ...task, outcome: "stop" })).toBe(3);
    expect(valueOf(samples, "grader_model_calls_total", { ...task, outcome: "error" })).toBe(1);
    expect(valueOf(samples, "grader_model_repairs_total", task)).toBe(1);
    expect(
      valueOf(samples, "grader_provider_errors_total", { ...scripted, code: "provider_unavailable" }),
    ).toBe(1);
    expect(valueOf(samples, "grader_model_call_duration_seconds_count", task)).toBe(3);
    expect(valueOf(samples, "grader_model_call_duration_seconds_bucket", { ...task, le: "0.1" })).toBe(3);
    expect(valueOf(samples, "grader_model_tokens_total", { ...scripted, direction: "input" })).toBe(300);
    expect(valueOf(samples, "grader_model_tokens_total", { ...scripted, direction: "output" })).toBe(60);
    expect(valueOf(samples, "grader_model_cost_usd_total", scripted)).toBeCloseTo(0.06, 10);

    expect(valueOf(samples, "grader_review_queue_grades")).toBe(1);
    // The process's own metrics, from prom-client.
    expect(samples.some((sample) => sample.name === "process_cpu_user_seconds_total")).toBe(true);
    expect(samples.some((sample) => sample.name === "nodejs_heap_size_used_bytes")).toBe(true);
  });

  it("keeps labels to a bounded set: no school, student, rubric or answer in any series", async () => {
    const bootstrap = "bootstrap-key-0123456789abcdef";
    const model = createScriptedModel({
      fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
    });
    const test = await buildTestApp({
      env: { GRADER_PRICES: prices, GRADER_API_KEYS: bootstrap },
      dependencies: { model },
    });
    apps.push(test);
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/tenants",
      payload: { id: "school-zebra-42", name: "Zebra School" },
      headers: { authorization: `Bearer ${bootstrap}` },
    });
    const school = { authorization: `Bearer ${created.json().adminKey.key as string}` };
    const rubric = { ...scienceRubric, id: "rubric-quokka-7" };
    const upload = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: rubric,
      headers: school,
    });
    expect(upload.statusCode).toBe(201);
    model.enqueue("not json", "still not json");
    for (const [text, studentId] of [
      [`${answer} Walrus.`, "student-walrus-1"],
      [`${answer} Walrus again.`, "student-walrus-2"],
    ]) {
      const graded = await test.app.inject({
        method: "POST",
        url: "/v1/grade",
        payload: { rubricId: rubric.id, answer: text, studentId },
        headers: school,
      });
      expect(graded.statusCode).toBe(200);
    }
    model.enqueue({ throws: new AppError("provider_error") });
    const failed = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: rubric.id, answer: `${answer} Failing.`, studentId: "student-walrus-3" },
      headers: school,
    });
    expect(failed.statusCode).toBe(502);

    const text = (await test.app.inject({ method: "GET", url: "/metrics" })).body;
    for (const secret of ["school-zebra-42", "Zebra", "rubric-quokka-7", "walrus", "Walrus", "glucose"]) {
      expect(text).not.toContain(secret);
    }
    const allowed = new Set(["status", "graded_by", "cached", "flag", "model", "task", "outcome"]);
    for (const name of ["direction", "code", "le"]) allowed.add(name);
    const grader = parseExposition(text).filter((sample) => sample.name.startsWith("grader_"));
    expect(grader.length).toBeGreaterThan(0);
    for (const sample of grader) {
      for (const [label, value] of Object.entries(sample.labels)) {
        expect(allowed.has(label), `${sample.name} ${label}`).toBe(true);
        if (label === "model") expect(value).toBe("openai:scripted-model");
      }
    }
  });

  it("counts budget refusals", async () => {
    const { test } = await start({ GRADER_DAILY_BUDGET_USD: "0.01" });
    expect((await grade(test, answer)).statusCode).toBe(200);
    expect((await grade(test, `${answer} Again.`)).statusCode).toBe(429);
    expect(valueOf(await scrape(test), "grader_budget_refusals_total")).toBe(1);
  });

  it("keeps each runtime's series in its own registry", async () => {
    const first = await start();
    const second = await start();
    await grade(first.test, answer);
    await grade(first.test, `${answer} Two.`);
    await grade(second.test, answer);
    const graded = { status: "graded", graded_by: "model", cached: "false" };
    expect(valueOf(await scrape(first.test), "grader_grades_total", graded)).toBe(2);
    expect(valueOf(await scrape(second.test), "grader_grades_total", graded)).toBe(1);
  });

  it("answers only loopback addresses by default: 403 from anywhere else or through a proxy", async () => {
    const { test } = await start();
    for (const remoteAddress of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      const response = await test.app.inject({ method: "GET", url: "/metrics", remoteAddress });
      expect(response.statusCode, remoteAddress).toBe(200);
    }
    for (const remoteAddress of ["203.0.113.9", "10.0.0.5", "::ffff:192.168.1.4", "2001:db8::1"]) {
      const response = await test.app.inject({ method: "GET", url: "/metrics", remoteAddress });
      expect(response.statusCode, remoteAddress).toBe(403);
      expect(response.json().error.code).toBe("forbidden");
      expect(response.body).not.toContain("grader_");
    }
    // A reverse proxy on the same host connects from loopback, but says whom it forwards.
    const proxied = await test.app.inject({
      method: "GET",
      url: "/metrics",
      headers: { "x-forwarded-for": "203.0.113.9" },
    });
    expect(proxied.statusCode).toBe(403);
    // Regression: a web page that rebinds its name to 127.0.0.1 connects from loopback, naming its site.
    const rebound = await test.app.inject({
      method: "GET",
      url: "/metrics",
      headers: { host: "attacker.example:3000" },
    });
    expect(rebound.statusCode).toBe(403);
    expect(rebound.body).not.toContain("grader_");
    const local = await test.app.inject({
      method: "GET",
      url: "/metrics",
      headers: { host: "127.0.0.1:3000" },
    });
    expect(local.statusCode).toBe(200);
    // The API keys do not open it either.
    const keyed = await test.app.inject({
      method: "GET",
      url: "/metrics",
      remoteAddress: "203.0.113.9",
      headers: { authorization: "Bearer some-api-key-0123456789" },
    });
    expect(keyed.statusCode).toBe(403);
  });

  it("with GRADER_METRICS_TOKEN, answers any address that sends the token, and no one else", async () => {
    const token = "metrics-token-0123456789abcdef";
    const { test } = await start({ GRADER_METRICS_TOKEN: token });
    const remote = { remoteAddress: "203.0.113.9" };
    const withToken = await test.app.inject({
      method: "GET",
      url: "/metrics",
      ...remote,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.body).toContain("grader_grades_total");
    for (const headers of [{}, { authorization: "Bearer wrong-token-0123456789abcdef" }]) {
      for (const remoteAddress of ["203.0.113.9", "127.0.0.1"]) {
        const response = await test.app.inject({ method: "GET", url: "/metrics", remoteAddress, headers });
        expect(response.statusCode).toBe(401);
        expect(response.json().error.code).toBe("unauthorized");
      }
    }
  });
});
