import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { teacherPageCsp, teacherPageHeaders } from "../../src/http/teacher-page.js";
import { buildTestApp, testConfig, type TestApp } from "../helpers/test-app.js";

/** Serving the teacher page's built files (src/http/teacher-page.ts) and GET /v1/me, which the page reads. */

let built: string;
let empty: string;
let test: TestApp | undefined;

beforeAll(async () => {
  built = await mkdtemp(join(tmpdir(), "grader-page-"));
  empty = await mkdtemp(join(tmpdir(), "grader-no-page-"));
  await mkdir(join(built, "assets"));
  await writeFile(
    join(built, "index.html"),
    '<!doctype html><script type="module" src="assets/app-ABC123.js"></script>',
  );
  await writeFile(join(built, "assets", "app-ABC123.js"), "console.log('page');");
  await writeFile(join(built, "assets", "styles-DEF456.css"), "body{}");
  await writeFile(join(built, "assets", "notes.txt"), "not a page file");
});
afterAll(async () => {
  await rm(built, { recursive: true, force: true });
  await rm(empty, { recursive: true, force: true });
});
afterEach(() => test?.close());

describe("the teacher page's files", () => {
  it("sends / to /app/, and serves index.html with a strict CSP, no-cache and an ETag", async () => {
    test = await buildTestApp({ env: { GRADER_WEB_DIR: built } });
    const root = await test.app.inject({ method: "GET", url: "/" });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe("/app/");
    expect((await test.app.inject({ method: "GET", url: "/app" })).headers.location).toBe("/app/");
    const index = await test.app.inject({ method: "GET", url: "/app/" });
    expect(index.statusCode).toBe(200);
    expect(index.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(index.headers["content-security-policy"]).toBe(teacherPageCsp);
    expect(teacherPageCsp).not.toMatch(/unsafe|\*|https?:/);
    expect(index.headers["cache-control"]).toBe("no-cache");
    expect(index.headers["x-content-type-options"]).toBe("nosniff");
    expect(index.body).toContain("assets/app-ABC123.js");
    const again = await test.app.inject({
      method: "GET",
      url: "/app/",
      headers: { "if-none-match": String(index.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
  });

  it("serves hashed assets with their content types for a year, and nothing else", async () => {
    test = await buildTestApp({ env: { GRADER_WEB_DIR: built } });
    const script = await test.app.inject({ method: "GET", url: "/app/assets/app-ABC123.js" });
    expect(script.statusCode).toBe(200);
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(script.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(script.body).toBe("console.log('page');");
    const styles = await test.app.inject({ method: "HEAD", url: "/app/assets/styles-DEF456.css" });
    expect(styles.statusCode).toBe(200);
    expect(styles.headers["content-type"]).toBe("text/css; charset=utf-8");
    for (const url of ["/app/assets/notes.txt", "/app/assets/..%2Findex.html", "/app/assets/app-OTHER.js"]) {
      const missing = await test.app.inject({ method: "GET", url });
      expect(missing.statusCode, url).toBe(404);
      expect(missing.json().error.code).toBe("not_found");
    }
  });

  it("needs no key (the page holds no data) and stays out of the API document", async () => {
    test = await buildTestApp({
      env: { GRADER_WEB_DIR: built, GRADER_API_KEYS: "bootstrap-key-0123456789" },
    });
    expect((await test.app.inject({ method: "GET", url: "/app/" })).statusCode).toBe(200);
    const document = (await test.app.inject({ method: "GET", url: "/docs/json" })).json();
    expect(
      Object.keys(document.paths).filter(
        (path) =>
          !path.startsWith("/v1/") && path !== "/healthz" && path !== "/readyz" && path !== "/metrics",
      ),
    ).toEqual([]);
    expect(document.paths["/v1/me"]).toBeDefined();
  });

  it("sends every file, and the page that says it is not built, with the same security headers", async () => {
    // Regression: no COOP, CORP, X-Frame-Options or Permissions-Policy anywhere, and the not-built page had
    // no nosniff or referrer policy.
    const expected = {
      "content-security-policy": teacherPageCsp,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-resource-policy": "same-origin",
      "x-frame-options": "DENY",
      "permissions-policy": expect.stringContaining("camera=()"),
    };
    expect(teacherPageHeaders).toEqual(expected);
    test = await buildTestApp({ env: { GRADER_WEB_DIR: built } });
    for (const url of ["/app/", "/app/assets/app-ABC123.js", "/app/assets/styles-DEF456.css"]) {
      const response = await test.app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers, url).toMatchObject(expected);
    }
    await test.close();
    test = await buildTestApp({ env: { GRADER_WEB_DIR: empty } });
    const notBuilt = await test.app.inject({ method: "GET", url: "/app/" });
    expect(notBuilt.statusCode).toBe(503);
    expect(notBuilt.headers).toMatchObject(expected);
  });

  it("explains how to build the page when it is not built", async () => {
    test = await buildTestApp({ env: { GRADER_WEB_DIR: empty } });
    const page = await test.app.inject({ method: "GET", url: "/app/" });
    expect(page.statusCode).toBe(503);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.body).toContain("npm run build");
    expect(page.body).toContain(empty);
  });

  it("looks for dist/web of the package by default", () => {
    expect(testConfig().web.directory).toBe(join(import.meta.dirname, "..", "..", "dist", "web"));
    expect(testConfig({ GRADER_WEB_DIR: "some/where" }).web.directory).toBe(
      join(process.cwd(), "some", "where"),
    );
  });
});

describe("GET /v1/me", () => {
  it("names the key's tenant and role, for a stored key and a bootstrap key", async () => {
    const bootstrap = "bootstrap-key-0123456789";
    test = await buildTestApp({ env: { GRADER_WEB_DIR: empty, GRADER_API_KEYS: bootstrap } });
    const admin = { authorization: `Bearer ${bootstrap}` };
    expect((await test.app.inject({ method: "GET", url: "/v1/me", headers: admin })).json()).toEqual({
      tenantId: "default",
      role: "admin",
      keyId: null,
      operator: true,
    });
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/keys",
      headers: admin,
      payload: { name: "Ms Rivera", role: "teacher" },
    });
    const { key, id } = created.json();
    const me = await test.app.inject({
      method: "GET",
      url: "/v1/me",
      headers: { authorization: `Bearer ${key}` },
    });
    expect(me.json()).toEqual({ tenantId: "default", role: "teacher", keyId: id, operator: false });
    expect(me.body).not.toContain(key);
    expect((await test.app.inject({ method: "GET", url: "/v1/me" })).statusCode).toBe(401);
  });
});
