import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { buildTeacherPage } from "../../scripts/build-web.js";
import { startFakeOpenAI, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";
import { buildTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * What the teacher page's browser tests share: the page built on demand (as `npm run build` does),
 * the real app listening on loopback with the fake OpenAI server behind it, and one Debian chromium
 * driven by playwright-core. Screenshots go to test-artifacts/screenshots/ (gitignored).
 */

export const chromiumPath = process.env.GRADER_TEST_CHROMIUM ?? "/usr/bin/chromium";
export const chromiumFound = existsSync(chromiumPath);
/** CI (.ci/run sets GRADER_TEST_CHROMIUM) must run the browser test: a missing browser fails it there. */
export const browserRequired = Boolean(process.env.GRADER_TEST_CHROMIUM) || Boolean(process.env.CI);
export const bootstrapKey = "bootstrap-key-for-the-browser-test";
export const screenshotDirectory = join(import.meta.dirname, "..", "..", "test-artifacts", "screenshots");

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface Harness {
  app: TestApp;
  fake: FakeOpenAIServer;
  browser: Browser;
  baseUrl: string;
  teacherKey: string;
  teacherKeyId: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const webDirectory = await mkdtemp(join(tmpdir(), "grader-web-"));
  await buildTeacherPage(webDirectory);
  const fake = await startFakeOpenAI();
  const app = await buildTestApp({
    env: {
      GRADER_API_KEYS: bootstrapKey,
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: fake.apiKey,
      GRADER_WEB_DIR: webDirectory,
    },
    dependencies: { model: undefined },
  });
  await app.app.listen({ host: "127.0.0.1", port: 0 });
  app.runtime.jobRunner.start();
  const address = app.app.server.address();
  if (!address || typeof address === "string") throw new Error("the app is not listening on a port");
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const created = await app.app.inject({
    method: "POST",
    url: "/v1/keys",
    headers: { authorization: `Bearer ${bootstrapKey}` },
    payload: { name: "Ms Rivera", role: "teacher" },
  });
  if (created.statusCode !== 201) throw new Error(`creating a teacher key: ${created.body}`);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    // Chromium's sandbox refuses to run as root (containers, CI).
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
  });
  mkdirSync(screenshotDirectory, { recursive: true });
  return {
    app,
    fake,
    browser,
    baseUrl,
    teacherKey: created.json<{ key: string }>().key,
    teacherKeyId: created.json<{ id: string }>().id,
    async close() {
      await browser.close();
      await app.close();
      await fake.close();
      await rm(webDirectory, { recursive: true, force: true });
    },
  };
}

/** The serious and critical accessibility violations axe-core finds on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, which the page's Content-Security-Policy does not govern.
  await page.evaluate(axeSource);
  const violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] =
    await page.evaluate(
      "axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations)",
    );
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
}

/** Saves the whole page (or only what the window shows) as test-artifacts/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  const path = join(screenshotDirectory, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
