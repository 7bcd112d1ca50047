import { type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrationBackends } from "../helpers/migration-backends.js";

const backends = migrationBackends("migration_0020");

async function insertAppeal(db: Kysely<unknown>, id: string, criterionId: string, status: string) {
  await sql`insert into appeals (tenant_id, id, grade_id, criterion_id, status, appeal, created_at)
    values ('default', ${id}, 'grd_1', ${criterionId}, ${status}, '{}', '2026-11-28T10:00:00.000Z')`.execute(
    db,
  );
}

describe.each(backends)("upgrading a $name database to one open appeal per criterion (0020)", (backend) => {
  const { skip } = backend;

  it.skipIf(skip)("keeps the appeals it finds and refuses a second open one from then on", async () => {
    const { db, migrateRest } = await backend.migrateTo("0019-client-ids-composed");
    await insertAppeal(db, "apl_1", "inputs", "open");
    await insertAppeal(db, "apl_2", "inputs", "denied");
    await insertAppeal(db, "apl_3", "outputs", "open");
    expect(await migrateRest()).toBeUndefined();
    await expect(insertAppeal(db, "apl_4", "inputs", "open")).rejects.toThrow();
    await insertAppeal(db, "apl_5", "inputs", "upheld");
    const { rows } = await sql<{ id: string }>`select id from appeals order by id`.execute(db);
    expect(rows.map((row) => row.id)).toEqual(["apl_1", "apl_2", "apl_3", "apl_5"]);
  });

  it.skipIf(skip)(
    "stops naming the appeals when a criterion has two open ones, changing nothing",
    async () => {
      const { db, migrateRest } = await backend.migrateTo("0019-client-ids-composed");
      await insertAppeal(db, "apl_1", "inputs", "open");
      await insertAppeal(db, "apl_2", "inputs", "open");
      const error = await migrateRest();
      expect(String(error)).toContain("grade grd_1, criterion inputs: apl_1, apl_2");
      const { rows } = await sql<{ status: string }>`select status from appeals order by id`.execute(db);
      expect(rows).toEqual([{ status: "open" }, { status: "open" }]);
      // Once one of them is resolved, the upgrade goes through.
      await sql`update appeals set status = 'denied' where id = 'apl_2'`.execute(db);
      expect(await migrateRest()).toBeUndefined();
    },
  );
});
