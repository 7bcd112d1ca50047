import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { scrubPurgedGrade } from "../../src/grading/answer-purge.js";
import { migrationBackends } from "../helpers/migration-backends.js";

const backends = migrationBackends("migration_0004");

describe.each(backends)("upgrading a $name database made before erasure and retention (0004)", (backend) => {
  it.skipIf(backend.skip)(
    "keeps every grade with its answer, not purged, and can purge and erase them",
    async () => {
      const migrated = await backend.migrateTo("0003-tenants-and-api-keys");
      const { db } = migrated;
      const at = "2026-01-01T10:00:00.000Z";
      const grade = {
        id: "grd_old",
        rubricId: "r",
        rubricVersion: "v",
        studentId: "s-1",
        criteria: [],
        version: 1,
      };
      const audit = {
        attempts: [{ rawReply: "old reply", problems: [] }],
        flags: [],
        screening: { findings: [], removedCharacters: [], modelScreen: null },
        modelResult: { criteria: [] },
      };
      await sql`insert into grades (id, tenant_id, rubric_id, rubric_version, student_id, status, graded_by, cache_key, created_at, updated_at, grade, audit, answer)
      values ('grd_old', 'default', 'r', 'v', 's-1', 'graded', 'model', 'ck', ${at}, ${at}, ${JSON.stringify(grade)}, ${JSON.stringify(audit)}, 'old answer')`.execute(
        db,
      );

      const storage = await migrated.openStorage();
      expect(await storage.grades.findById("grd_old")).toMatchObject({
        answer: "old answer",
        answerPurgedAt: null,
      });
      expect(await storage.studentDataFor("default").listErasures(10, undefined)).toEqual([]);
      const purged = await storage.answerRetention.purgeAnswers({
        before: "2026-02-01T00:00:00.000Z",
        at: "2026-02-01T00:00:00.000Z",
        limit: 10,
        scrub: scrubPurgedGrade,
      });
      expect(purged).toBe(1);
      const stored = await storage.grades.findById("grd_old");
      expect(stored).toMatchObject({ answer: "", answerPurgedAt: "2026-02-01T00:00:00.000Z" });
      expect(stored?.audit.attempts[0]?.rawReply).toBeNull();
    },
  );
});
