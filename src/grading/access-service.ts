import { quoteShown } from "../lib/code-points.js";
import { sha256Hex } from "../lib/hashing.js";
import { defaultTenantId, type Role, type Scope } from "./access.js";
import { AppError } from "./errors.js";
import type { ApiKeyRecord, ApiKeyStore, TenantRecord, TenantStore } from "./ports.js";

export interface AccessServiceDependencies {
  keys: ApiKeyStore;
  tenants: TenantStore;
  clock: { now(): Date };
  newId: (prefix: string) => string;
  /** Unguessable random hex (at least 128 bits). */
  randomToken: () => string;
}

/** A key as listed: everything but the key itself, which is shown once, at creation. */
export type ApiKeyView = Omit<ApiKeyRecord, "keyHash">;

/** A key just created, with the key itself: the only time it is shown. */
export type CreatedApiKey = ApiKeyView & { key: string };

/** Stored keys start with this, so they are recognisable in a config file or a leaked log. */
const keyPrefix = "rg_";

export type AccessService = ReturnType<typeof createAccessService>;

/**
 * Tenants and their API keys. Keys are random (256 bits), shown once and stored as SHA-256 hashes
 * (a fast hash is enough for keys this long: they cannot be guessed from it). The bootstrap keys of
 * GRADER_API_KEYS are checked at the HTTP edge and never stored.
 */
export function createAccessService(dependencies: AccessServiceDependencies) {
  const { keys, tenants, clock } = dependencies;

  function view(record: ApiKeyRecord): ApiKeyView {
    const { keyHash: _keyHash, ...rest } = record;
    return rest;
  }

  async function newKey(tenantId: string, role: Role, name: string): Promise<CreatedApiKey> {
    const key = `${keyPrefix}${dependencies.randomToken()}${dependencies.randomToken()}`;
    const record: ApiKeyRecord = {
      id: dependencies.newId("key"),
      tenantId,
      role,
      name,
      keyHash: sha256Hex(key),
      keyPrefix: key.slice(0, keyPrefix.length + 6),
      createdAt: clock.now().toISOString(),
      revokedAt: null,
    };
    await keys.insert(record);
    return { ...view(record), key };
  }

  return {
    /** The scope of a stored key, or undefined when it is unknown or revoked. */
    async authenticate(presentedKey: string): Promise<Scope | undefined> {
      const record = await keys.findByHash(sha256Hex(presentedKey));
      if (!record || record.revokedAt !== null) return undefined;
      return { tenantId: record.tenantId, role: record.role, keyId: record.id, operator: false };
    },

    /** A new key of the caller's tenant; the response is the only place the key appears. */
    createKey(scope: Scope, request: { name: string; role: Role }): Promise<CreatedApiKey> {
      return newKey(scope.tenantId, request.role, request.name);
    },

    async listKeys(scope: Scope): Promise<ApiKeyView[]> {
      return (await keys.list(scope.tenantId)).map(view);
    },

    /** Revokes a key of the caller's tenant at once. Throws `key_not_found` (also for another tenant's). */
    async revokeKey(scope: Scope, id: string): Promise<void> {
      const revoked = await keys.revoke(scope.tenantId, id, clock.now().toISOString());
      if (!revoked)
        throw new AppError("key_not_found", { message: `No active API key with id ${quoteShown(id)}.` });
    },

    /**
     * A new tenant (a school) with its first admin key, shown once. Only an operator (a bootstrap key)
     * may. Throws `tenant_exists`.
     */
    async createTenant(
      _scope: Scope,
      request: { id: string; name: string },
    ): Promise<{ tenant: TenantRecord; adminKey: CreatedApiKey }> {
      const tenant: TenantRecord = {
        id: request.id,
        name: request.name,
        createdAt: clock.now().toISOString(),
      };
      if (!(await tenants.create(tenant))) {
        throw new AppError("tenant_exists", {
          message: `A tenant with id ${quoteShown(request.id)} exists already.`,
        });
      }
      const adminKey = await newKey(tenant.id, "admin", `${request.name} admin`);
      return { tenant, adminKey };
    },

    listTenants(_scope: Scope): Promise<TenantRecord[]> {
      return tenants.list();
    },

    defaultTenantId,
  };
}
