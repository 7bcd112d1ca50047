import type { Kysely } from "kysely";
import { groupDecisionSchema, type GroupDecision } from "../../grading/answer-groups.js";
import { appealSchema, type Appeal } from "../../grading/appeals.js";
import type { AppealStore, GroupDecisionStore } from "../../grading/ports.js";
import { lockInTransaction } from "./dialect.js";
import { precompiledQuery } from "./precompiled-query.js";
import type { Database } from "./schema.js";

/** Teachers' decisions on answer groups, one row per group (a new decision replaces the last). */
// On every grade's path (each new member of an answer group looks for its group's decision).
const findDecisionQuery = precompiledQuery<[tenantId: string, groupId: string]>((db, [tenantId, groupId]) =>
  db
    .selectFrom("group_decisions")
    .select("decision")
    .where("tenant_id", "=", tenantId)
    .where("group_id", "=", groupId),
);

export function createGroupDecisionStore(db: Kysely<Database>, tenantId: string): GroupDecisionStore {
  return {
    async find(groupId) {
      // In a transaction (a new member being stored), the group is locked first, as by a decision's
      // `groupMembers`: the two serialise, so a member never misses a decision committed meanwhile.
      await lockInTransaction(db, "answer-group", tenantId, groupId);
      const { rows } = await db.executeQuery<{ decision: string }>(
        findDecisionQuery(db, [tenantId, groupId]),
      );
      const row = rows[0];
      return row ? groupDecisionSchema.parse(JSON.parse(row.decision)) : undefined;
    },
    async save(decision: GroupDecision) {
      const row = {
        tenant_id: tenantId,
        group_id: decision.groupId,
        rubric_id: decision.rubricId,
        rubric_version: decision.rubricVersion,
        decision: JSON.stringify(decision),
        decided_at: decision.decidedAt,
      };
      await db
        .insertInto("group_decisions")
        .values(row)
        .onConflict((conflict) =>
          conflict.columns(["tenant_id", "group_id"]).doUpdateSet({
            decision: row.decision,
            decided_at: row.decided_at,
          }),
        )
        .execute();
    },
  };
}

const parseAppeal = (row: { appeal: string }): Appeal => appealSchema.parse(JSON.parse(row.appeal));

export function createAppealStore(db: Kysely<Database>, tenantId: string): AppealStore {
  return {
    async insert(appeal) {
      const inserted = await db
        .insertInto("appeals")
        .values({
          tenant_id: tenantId,
          id: appeal.id,
          grade_id: appeal.gradeId,
          criterion_id: appeal.criterionId,
          status: appeal.status,
          appeal: JSON.stringify(appeal),
          created_at: appeal.createdAt,
        })
        // The unique index on open appeals (0020) decides between two appeals on one criterion.
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async find(id) {
      const row = await db
        .selectFrom("appeals")
        .select("appeal")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? parseAppeal(row) : undefined;
    },
    async listForGrade(gradeId) {
      const rows = await db
        .selectFrom("appeals")
        .select("appeal")
        .where("tenant_id", "=", tenantId)
        .where("grade_id", "=", gradeId)
        .orderBy("id")
        .execute();
      return rows.map(parseAppeal);
    },
    async openFor(gradeIds) {
      if (gradeIds.length === 0) return [];
      const rows = await db
        .selectFrom("appeals")
        .select("appeal")
        .where("tenant_id", "=", tenantId)
        .where("grade_id", "in", [...gradeIds])
        .where("status", "=", "open")
        .orderBy("id")
        .execute();
      return rows.map(parseAppeal);
    },
    async update(appeal) {
      await db
        .updateTable("appeals")
        .set({ status: appeal.status, appeal: JSON.stringify(appeal) })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", appeal.id)
        .execute();
    },
  };
}
