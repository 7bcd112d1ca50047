import { Writable } from "node:stream";
import Fastify, { type FastifyBaseLogger } from "fastify";
import pg from "pg";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { registerErrorHandling } from "../../../src/http/error-handler.js";
import { loggerOptions } from "../../../src/lib/logger.js";
import { storageUnavailableCode } from "../../../src/lib/storage-unavailable.js";

/**
 * A database that cannot store data now answered 500 `internal_error`. PostgreSQL says so with SQLSTATEs
 * (pg's DatabaseError carries them as `code`): disk full, out of memory, too many connections, a
 * read-only transaction (a standby). They are 503 `storage_unavailable`, retryable; any other database
 * error stays `internal_error`.
 */

function postgresError(code: string, message: string): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, "error");
  error.code = code;
  error.severity = "ERROR";
  return error;
}

function sqliteError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { name: "SqliteError", code });
}

const unavailable = [
  postgresError("53100", 'could not extend file "base/16384/16397": No space left on device'),
  postgresError("53200", "out of memory"),
  postgresError("53300", "sorry, too many clients already"),
  postgresError("25006", "cannot execute INSERT in a read-only transaction"),
  sqliteError("SQLITE_FULL", "database or disk is full"),
  sqliteError("SQLITE_IOERR_WRITE", "disk I/O error"),
  sqliteError("SQLITE_IOERR", "disk I/O error"),
  sqliteError("SQLITE_READONLY", "attempt to write a readonly database"),
  sqliteError("SQLITE_READONLY_DBMOVED", "attempt to write a readonly database"),
];

const other: (Error & { code?: string })[] = [
  postgresError("23505", "duplicate key value violates unique constraint"),
  postgresError("42P01", 'relation "grades" does not exist'),
  postgresError("40001", "could not serialize access"),
  sqliteError("SQLITE_CONSTRAINT_UNIQUE", "UNIQUE constraint failed"),
  sqliteError("SQLITE_BUSY", "database is locked"),
  sqliteError("SQLITE_ERROR", "no such table: grades"),
  new Error("no code"),
];

describe("storageUnavailableCode", () => {
  it("names the driver's code of a database that cannot store data now", () => {
    for (const error of unavailable) expect(storageUnavailableCode(error), error.message).toBe(error.code);
  });

  it("says nothing of other database errors and of what is not an error", () => {
    for (const error of other) expect(storageUnavailableCode(error), error.message).toBeUndefined();
    for (const value of [undefined, null, "53100", 53100, { code: 53100 }]) {
      expect(storageUnavailableCode(value)).toBeUndefined();
    }
  });
});

describe("the HTTP error handler", () => {
  async function answerTo(error: Error) {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split("\n").filter(Boolean)) {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        }
        done();
      },
    });
    // Typed as Fastify's base logger, as app.ts does, so that the app is a plain FastifyInstance.
    const logger: FastifyBaseLogger = pino(loggerOptions("info"), stream);
    const app = Fastify({ loggerInstance: logger });
    registerErrorHandling(app);
    app.post("/write", () => Promise.reject(error));
    try {
      const response = await app.inject({ method: "POST", url: "/write", payload: { answer: "secret" } });
      return { response, lines };
    } finally {
      await app.close();
    }
  }

  it("answers PostgreSQL's disk full, out of memory, too many connections and read-only 503 storage_unavailable", async () => {
    for (const error of unavailable.slice(0, 4)) {
      const { response, lines } = await answerTo(error);
      expect(response.statusCode, error.code).toBe(503);
      expect(response.json()).toEqual({
        error: {
          code: "storage_unavailable",
          message: expect.stringMatching(/cannot store data right now/) as unknown,
        },
      });
      expect(Number(response.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      // Neither the server's words (a file path, the statement) reach the client.
      expect(response.body).not.toMatch(/base\/|INSERT|clients|memory/);
      const logged = lines.filter((line) => line.code === "storage_unavailable");
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ level: 50, databaseCode: error.code });
      expect(JSON.stringify(lines)).not.toContain("secret");
    }
  });

  it("keeps other database errors 500 internal_error", async () => {
    const { response } = await answerTo(postgresError("23505", "duplicate key"));
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe("internal_error");
  });
});
