import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { precompiledQuery } from "../../../src/storage/sql/precompiled-query.js";
import type { Database } from "../../../src/storage/sql/schema.js";

let db: Kysely<Database>;
beforeEach(async () => {
  db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(":memory:") }) });
  await sql`create table leases (name text primary key, holder text not null, expires_at text not null)`.execute(
    db,
  );
});
afterEach(() => db.destroy());

describe("precompiledQuery", () => {
  it("puts each parameter where its placeholder was, keeps constants, and compiles once", async () => {
    let builds = 0;
    const query = precompiledQuery<[holder: string, name: string]>((db, [holder, name]) => {
      builds++;
      // The placeholders are used in the other order than they are declared, beside a constant.
      return db
        .selectFrom("leases")
        .select("name")
        .where("name", "=", name)
        .where("holder", "=", holder)
        .limit(1);
    });
    await sql`insert into leases (name, holder, expires_at) values ('a', 'h1', 'x'), ('b', 'h2', 'x')`.execute(
      db,
    );
    const first = await db.executeQuery<{ name: string }>(query(db, ["h2", "b"]));
    const second = await db.executeQuery<{ name: string }>(query(db, ["h1", "b"]));
    const third = await db.executeQuery<{ name: string }>(query(db, ["h1", "a"]));
    expect(first.rows).toEqual([{ name: "b" }]);
    expect(second.rows).toEqual([]);
    expect(third.rows).toEqual([{ name: "a" }]);
    expect(builds).toBe(1);
    expect(query(db, ["h", "n"]).parameters).toEqual(["n", "h", 1]);
  });

  it("refuses a build that does not use a placeholder as a value", () => {
    const query = precompiledQuery<[name: string]>((db) => db.selectFrom("leases").select("name"));
    expect(() => query(db, ["a"])).toThrow(/parameter 0 is not used/);
  });
});
