import {
  PostgresDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from "kysely";

/**
 * PostgreSQL cannot store U+0000 in text (`invalid byte sequence for encoding "UTF8": 0x00`); SQLite can,
 * and JSON may carry it (`"\u0000"`). An answer, a student id or a title holding one was graded (model
 * calls paid for) and then failed to store with a 500. So that PostgreSQL keeps every text exactly as
 * SQLite does, strings are escaped on their way in and unescaped on their way out, in the driver, under
 * every store, precompiled query and transaction alike:
 *
 *   U+0000 → U+E000 U+E001,   U+E000 → U+E000 U+E000   (U+E000 and U+E001 are private-use characters)
 *
 * The mapping is injective, so equality (keys, ids, filters) compares escaped values exactly as the
 * originals; it changes only text that holds U+0000 or U+E000, which no ordinary text does. JSON columns
 * are stored as text written by JSON.stringify, which already writes U+0000 as `\u0000`.
 */
const ESCAPE = "\uE000";
const NUL_MARK = "\uE001";
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is looked for
const TO_ESCAPE = /[\u0000\uE000]/gu;
const ESCAPED = /\uE000([\uE000\uE001])/gu;

export function escapeNul(text: string): string {
  if (!text.includes("\u0000") && !text.includes(ESCAPE)) return text;
  return text.replace(TO_ESCAPE, (character) => (character === ESCAPE ? ESCAPE + ESCAPE : ESCAPE + NUL_MARK));
}

export function unescapeNul(text: string): string {
  if (!text.includes(ESCAPE)) return text;
  return text.replace(ESCAPED, (_, marked: string) => (marked === NUL_MARK ? "\u0000" : ESCAPE));
}

function escapeParameter(value: unknown): unknown {
  if (typeof value === "string") return escapeNul(value);
  if (Array.isArray(value)) return value.map(escapeParameter);
  return value;
}

function unescapeRows<R>(result: QueryResult<R>): QueryResult<R> {
  for (const row of result.rows) {
    const record = row as Record<string, unknown>;
    for (const key in record) {
      const value = record[key];
      if (typeof value === "string" && value.includes(ESCAPE)) record[key] = unescapeNul(value);
    }
  }
  return result;
}

function escaped(query: CompiledQuery): CompiledQuery {
  return { ...query, parameters: query.parameters.map(escapeParameter) };
}

/** The connection with its queries' parameters escaped and their rows unescaped. */
class NulSafeConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return unescapeRows(await this.inner.executeQuery<R>(escaped(query)));
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    for await (const result of this.inner.streamQuery<R>(escaped(query), chunkSize)) {
      yield unescapeRows(result);
    }
  }
}

const innerOf = (connection: DatabaseConnection): DatabaseConnection =>
  connection instanceof NulSafeConnection ? connection.inner : connection;

/** Kysely's PostgreSQL dialect, keeping U+0000 in every text (see above). */
export class NulSafePostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    return {
      init: () => driver.init(),
      acquireConnection: async () => new NulSafeConnection(await driver.acquireConnection()),
      beginTransaction: (connection, settings) => driver.beginTransaction(innerOf(connection), settings),
      commitTransaction: (connection) => driver.commitTransaction(innerOf(connection)),
      rollbackTransaction: (connection) => driver.rollbackTransaction(innerOf(connection)),
      ...(driver.savepoint && {
        savepoint: (connection, name, compile) => driver.savepoint!(innerOf(connection), name, compile),
      }),
      ...(driver.rollbackToSavepoint && {
        rollbackToSavepoint: (connection, name, compile) =>
          driver.rollbackToSavepoint!(innerOf(connection), name, compile),
      }),
      ...(driver.releaseSavepoint && {
        releaseSavepoint: (connection, name, compile) =>
          driver.releaseSavepoint!(innerOf(connection), name, compile),
      }),
      releaseConnection: (connection) => driver.releaseConnection(innerOf(connection)),
      destroy: () => driver.destroy(),
    };
  }
}
