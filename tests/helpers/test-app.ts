import { pino } from "pino";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app.js";
import { loadConfig, type Config } from "../../src/config/config.js";
import type { Clock } from "../../src/lib/clock.js";
import { createRuntime, type Runtime, type RuntimeOverrides } from "../../src/runtime.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { scienceRubric } from "./rubric-fixtures.js";

/** Environment for tests: in-memory SQLite, loopback, quiet logs. Override any variable. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({ DATABASE_URL: "sqlite::memory:", LOG_LEVEL: "silent", ...overrides });
}

export interface TestApp {
  app: FastifyInstance;
  runtime: Runtime;
  storage: Storage;
  config: Config;
  close(): Promise<void>;
}

/** Builds the real runtime and app (real routes, real SQLite) with the given adapters; call close() after. */
export async function buildTestApp(
  options: {
    env?: Record<string, string | undefined>;
    dependencies?: RuntimeOverrides;
    storage?: Storage;
  } = {},
): Promise<TestApp> {
  const config = testConfig(options.env);
  const storage = options.storage ?? (await openStorage(config.database));
  const runtime = await createRuntime(config, {
    logger: pino({ level: "silent" }),
    model: null,
    ...options.dependencies,
    storage,
  });
  const app = await buildApp(runtime);
  await app.ready();
  return {
    app,
    runtime,
    storage,
    config,
    async close() {
      await app.close();
      await runtime.close();
      if (!options.storage) await storage.close();
    },
  };
}

export { scienceRubric } from "./rubric-fixtures.js";

/** `buildTestApp`, with `rubric` (by default the science rubric) uploaded, and that upload checked. */
export async function buildTestAppWithRubric(
  options: Parameters<typeof buildTestApp>[0] = {},
  rubric: object = scienceRubric,
): Promise<TestApp> {
  const test = await buildTestApp(options);
  // With API keys configured, uploaded with the first (the bootstrap admin key).
  const key = options.env?.GRADER_API_KEYS?.split(",")[0]?.trim();
  const upload = await test.app.inject({
    method: "POST",
    url: "/v1/rubrics",
    payload: rubric,
    ...(key ? { headers: { authorization: `Bearer ${key}` } } : {}),
  });
  if (upload.statusCode !== 201) {
    await test.close();
    throw new Error(`uploading the rubric answered ${upload.statusCode}: ${upload.body}`);
  }
  return test;
}

/**
 * Real time, but waits are recorded into `sleeps` instead of slept, so that Retry-After handling is
 * observable and a test does not wait for it.
 */
export function recordingClock(sleeps: number[]): Clock {
  return {
    now: () => new Date(),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  };
}
