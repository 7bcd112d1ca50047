import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../grading/errors.js";
import { sendError } from "./error-handler.js";

/** Where the page lives; `/` sends browsers there. */
export const teacherPagePath = "/app/";

/**
 * The page runs only the files it was served from and talks only to this origin: no inline script or
 * style, no eval, no other host (schools may be offline, and a key in sessionStorage must not be
 * readable by anything injected). `blob:` images are not needed; downloads are object URLs the page
 * navigates to, which `connect-src` does not govern.
 */
export const teacherPageCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

interface PageFile {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** The built page as read at start-up: index.html and the content-hashed files under assets/. */
export interface TeacherPageFiles {
  index: PageFile | undefined;
  assets: ReadonlyMap<string, PageFile>;
}

function pageFile(path: string): PageFile {
  const body = readFileSync(path);
  return {
    body,
    contentType: contentTypes[extname(path)] ?? "application/octet-stream",
    etag: `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`,
  };
}

/** Reads the built page (a few hundred kilobytes) once: requests are then served from memory. */
export function readTeacherPage(directory: string): TeacherPageFiles {
  const indexPath = join(directory, "index.html");
  if (!existsSync(indexPath)) return { index: undefined, assets: new Map() };
  const assetsDirectory = join(directory, "assets");
  const assets = new Map<string, PageFile>();
  if (existsSync(assetsDirectory)) {
    for (const name of readdirSync(assetsDirectory)) {
      if (contentTypes[extname(name)]) assets.set(name, pageFile(join(assetsDirectory, name)));
    }
  }
  return { index: pageFile(indexPath), assets };
}

const notBuiltPage = (directory: string) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><title>Rubric Grader</title>` +
  `<h1>The teacher page is not built</h1><p>Run <code>npm run build</code> (or <code>npm run build:web</code>) ` +
  `and restart the server. It looked for the page in <code>${escapeHtml(directory)}</code> ` +
  `(GRADER_WEB_DIR).</p><p>The API is up: <a href="/docs">/docs</a>.</p></html>`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * The headers of everything the page serves. Besides the CSP (no inline script, no other origin, no
 * framing): no sniffing of a type, no referrer; no other window that opened the page keeps a handle on it
 * (`cross-origin-opener-policy`), no other origin loads its files (`cross-origin-resource-policy`), no
 * framing for browsers without `frame-ancestors` (`x-frame-options`), and no camera, microphone, location,
 * payment or USB for anything the page runs (`permissions-policy`): a page that shows students' text needs none.
 */
export const teacherPageHeaders: Readonly<Record<string, string>> = Object.freeze({
  "content-security-policy": teacherPageCsp,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
});

function sendFile(request: FastifyRequest, reply: FastifyReply, file: PageFile, cacheControl: string) {
  reply.headers(teacherPageHeaders).header("cache-control", cacheControl).header("etag", file.etag);
  if (request.headers["if-none-match"] === file.etag) return reply.status(304).send();
  return reply.type(file.contentType).send(file.body);
}

/**
 * The teacher page (issue 11): static files built by `npm run build` (scripts/build-web.ts) from web/,
 * served by the service itself so that nothing else is needed. The page calls the public /v1 API
 * with the teacher's key like any client; these routes need no key, because they hold no data.
 * index.html is revalidated on every load (`no-cache` with an ETag) and names its assets by content
 * hash, so the assets are cached for a year and a new build is picked up at the next load.
 */
export function teacherPageRoutes(
  app: FastifyInstance,
  options: { directory: string; logger: FastifyBaseLogger },
): void {
  const { directory, logger } = options;
  const files = readTeacherPage(directory);
  if (!files.index) {
    logger.warn({ directory }, "teacher page not built: run `npm run build` (GET /app/ explains)");
  }
  // Hidden from the API document: these are a client of the API, not part of it.
  const schema = { hide: true };

  app.get("/", { schema }, (_request, reply) => reply.redirect(teacherPagePath, 302));
  // The router ignores a trailing slash, so `/app` reaches this route too: it is sent to `/app/`, where
  // the page's relative links resolve under `/app/`.
  app.get(teacherPagePath, { schema }, (request, reply) => {
    if (request.url.split("?", 1)[0] === teacherPagePath.slice(0, -1)) {
      return reply.redirect(teacherPagePath, 301);
    }
    if (!files.index) {
      return reply
        .status(503)
        .headers(teacherPageHeaders)
        .header("cache-control", "no-store")
        .type("text/html; charset=utf-8")
        .send(notBuiltPage(directory));
    }
    return sendFile(request, reply, files.index, "no-cache");
  });
  app.get<{ Params: { name: string } }>(`${teacherPagePath}assets/:name`, { schema }, (request, reply) => {
    const file = files.assets.get(request.params.name);
    if (!file) {
      return sendError(
        reply,
        request,
        new AppError("not_found", {
          message: `No page file ${teacherPagePath}assets/${request.params.name}.`,
        }),
      );
    }
    return sendFile(request, reply, file, "public, max-age=31536000, immutable");
  });
}
