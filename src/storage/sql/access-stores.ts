import type { Kysely } from "kysely";
import type { Role } from "../../grading/access.js";
import type { ApiKeyRecord, ApiKeyStore, TenantStore } from "../../grading/ports.js";
import { precompiledQuery } from "./precompiled-query.js";
import type { Database } from "./schema.js";

// Every authenticated request looks its key up: compiled once.
const keyByHashQuery = precompiledQuery<[keyHash: string]>((db, [keyHash]) =>
  db.selectFrom("api_keys").selectAll().where("key_hash", "=", keyHash),
);

function keyFromRow(row: Database["api_keys"]): ApiKeyRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    role: row.role as Role,
    name: row.name,
    keyHash: row.key_hash,
    keyPrefix: row.key_prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export function createApiKeyStore(db: Kysely<Database>): ApiKeyStore {
  return {
    async insert(key) {
      await db
        .insertInto("api_keys")
        .values({
          id: key.id,
          tenant_id: key.tenantId,
          role: key.role,
          name: key.name,
          key_hash: key.keyHash,
          key_prefix: key.keyPrefix,
          created_at: key.createdAt,
          revoked_at: key.revokedAt,
        })
        .execute();
    },

    async findByHash(keyHash) {
      const { rows } = await db.executeQuery<Database["api_keys"]>(keyByHashQuery(db, [keyHash]));
      return rows[0] ? keyFromRow(rows[0]) : undefined;
    },

    async list(tenantId) {
      const rows = await db
        .selectFrom("api_keys")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .orderBy("id")
        .execute();
      return rows.map(keyFromRow);
    },

    async revoke(tenantId, id, at) {
      const result = await db
        .updateTable("api_keys")
        .set({ revoked_at: at })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

export function createTenantStore(db: Kysely<Database>): TenantStore {
  return {
    async create(tenant) {
      const result = await db
        .insertInto("tenants")
        .values({ id: tenant.id, name: tenant.name, created_at: tenant.createdAt })
        .onConflict((conflict) => conflict.column("id").doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async find(id) {
      const row = await db.selectFrom("tenants").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? { id: row.id, name: row.name, createdAt: row.created_at } : undefined;
    },

    async list() {
      const rows = await db.selectFrom("tenants").selectAll().orderBy("id").execute();
      return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at }));
    },
  };
}
