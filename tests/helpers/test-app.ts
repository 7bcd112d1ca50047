import { pino } from "pino";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app.js";
import { loadConfig, type Config } from "../../src/config/config.js";
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

/** `buildTestApp`, with the science rubric uploaded (and that upload checked). */
export async function buildTestAppWithScienceRubric(
  options: Parameters<typeof buildTestApp>[0] = {},
): Promise<TestApp> {
  const test = await buildTestApp(options);
  const upload = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
  if (upload.statusCode !== 201) {
    throw new Error(`uploading the science rubric answered ${upload.statusCode}: ${upload.body}`);
  }
  return test;
}
