import { createAppealStore, createGroupDecisionStore } from "./sql/review-stores.js";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import {
  CompiledQuery,
  Kysely,
  Migrator,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  SqliteQueryCompiler,
  ValueNode,
  sql,
  type DatabaseConnection,
  type LimitNode,
  type QueryCompiler,
  type DialectAdapter,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from "kysely";
import type { Config } from "../config/config.js";
import { defaultTenantId } from "../grading/access.js";
import type { TenantSettingsStore, UsageLedger } from "../grading/daily-budget.js";
import type {
  ApiKeyStore,
  LeaseStore,
  RequestGateStore,
  TenantStore,
  TenantStores,
  TransactionStores,
} from "../grading/ports.js";
import { createApiKeyStore, createTenantStore } from "./sql/access-stores.js";
import { NulSafePostgresDialect } from "./sql/nul-safe-postgres.js";
import type { JobQueueStore, JobStore } from "../grading/jobs.js";
import { createJobQueueStore, createJobStore } from "./sql/job-stores.js";
import type { IntegrationQueueStore, IntegrationStore } from "../grading/integrations.js";
import { createIntegrationQueueStore, createIntegrationStore } from "./sql/integration-stores.js";
import { migrationProvider } from "./sql/migrations.js";
import type { CalibrationRequirementStore, CalibrationStore } from "../grading/calibrations.js";
import { createCalibrationRequirementStore, createCalibrationStore } from "./sql/calibration-stores.js";
import { createRequestGateStore } from "./sql/request-gate-store.js";
import type { Database } from "./sql/schema.js";
import { inTransaction } from "./sql/dialect.js";
import {
  createGradeStore,
  createIdempotencyStore,
  createLeaseStore,
  createRubricStore,
} from "./sql/sql-stores.js";
import type { AnswerRetentionStore, StudentDataStore } from "../grading/student-data-ports.js";
import { createAnswerRetentionStore, createStudentDataStore } from "./sql/student-data-stores.js";
import {
  countGradesNeedingReview,
  createTenantSettingsStore,
  createUsageLedger,
  recordingUsage,
} from "./sql/usage-stores.js";

/**
 * The database's stores. `rubrics`, `grades`, `idempotency` and `transaction` at the top are the default
 * tenant's (a single-school install, tools and tests); `forTenant` gives any tenant's.
 */
export interface Storage extends TenantStores {
  forTenant(tenantId: string): TenantStores;
  tenants: TenantStore;
  apiKeys: ApiKeyStore;
  leases: LeaseStore;
  /** The provider's request rate shared by every process on this database (GRADER_REQUESTS_PER_MINUTE). */
  requestGates: RequestGateStore;
  /** A tenant's students' data: export and erasure. */
  studentDataFor(tenantId: string): StudentDataStore;
  /** Answer retention, across tenants. */
  answerRetention: AnswerRetentionStore;
  /** Each tenant's model usage and cost per UTC day, added by every grade insert in its transaction. */
  usage: UsageLedger;
  tenantSettings: TenantSettingsStore;
  /** A tenant's batch jobs. */
  jobsFor(tenantId: string): JobStore;
  /** The job queue's claims and settlements, across tenants. */
  jobQueue: JobQueueStore;
  /** A tenant's calibrations. */
  calibrationsFor(tenantId: string): CalibrationStore;
  /** Each tenant's calibration requirement (a setting). */
  calibrationRequirements: CalibrationRequirementStore;
  /** A tenant's LMS integrations, their submissions and deliveries. */
  integrationsFor(tenantId: string): IntegrationStore;
  /** The integrations' inbox, dispatch, releases and outbox, across tenants. */
  integrationQueue: IntegrationQueueStore;
  /** Grades in `needs_review` over every tenant (the review-queue gauge). */
  reviewQueueSize(): Promise<number>;
  /** Resolves when the database answers a trivial query; rejects otherwise (for /readyz). */
  ping(): Promise<void>;
  /** Closes the connection; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens the configured database (a SQLite file, or a PostgreSQL database through a pool of
 * connections), runs pending migrations and returns the stores. Any number of processes may open one
 * PostgreSQL database at once: migrations run once, under Kysely's advisory lock.
 * Throws when the file cannot be opened, the server cannot be reached, or a migration fails (start-up
 * should stop then).
 */
export async function openStorage(database: Config["database"]): Promise<Storage> {
  const db = createKysely(database);
  try {
    // A process starting while another migrates (or erases a large class) waits for it, as on PostgreSQL
    // behind the advisory lock: with a request's 5 s it exited 'database is locked', the others too.
    // truncateWal sets the request's wait back.
    if (database.kind === "sqlite")
      await sql`pragma busy_timeout = ${sql.lit(startUpBusyTimeoutMs)}`.execute(db);
    await migrate(db);
    if (database.kind === "sqlite") await truncateWal(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  let closed = false;
  const storesOn = (connection: Kysely<Database>, tenantId: string): TransactionStores => ({
    rubrics: createRubricStore(connection, tenantId),
    grades: recordingUsage(connection, tenantId, createGradeStore),
    idempotency: createIdempotencyStore(connection, tenantId),
    groupDecisions: createGroupDecisionStore(connection, tenantId),
    appeals: createAppealStore(connection, tenantId),
    leases: createLeaseStore(connection),
  });
  const tenantStores = (tenantId: string): TenantStores => ({
    ...storesOn(db, tenantId),
    transaction: (work) => inTransaction(db, (trx) => work(storesOn(trx, tenantId))),
  });
  // Stores are a few closures each; the recently used tenants' are kept instead of made per request.
  const byTenant = new Map<string, TenantStores>();
  const forTenant = (tenantId: string): TenantStores => {
    let stores = byTenant.get(tenantId);
    if (!stores) {
      stores = tenantStores(tenantId);
      byTenant.set(tenantId, stores);
      if (byTenant.size > 1_000) byTenant.delete(byTenant.keys().next().value!);
    }
    return stores;
  };
  return {
    ...tenantStores(defaultTenantId),
    forTenant,
    tenants: createTenantStore(db),
    apiKeys: createApiKeyStore(db),
    leases: createLeaseStore(db),
    requestGates: createRequestGateStore(db),
    studentDataFor: (tenantId) => createStudentDataStore(db, tenantId),
    answerRetention: createAnswerRetentionStore(db),
    usage: createUsageLedger(db),
    tenantSettings: createTenantSettingsStore(db),
    jobsFor: (tenantId) => createJobStore(db, tenantId),
    jobQueue: createJobQueueStore(db),
    calibrationsFor: (tenantId) => createCalibrationStore(db, tenantId),
    calibrationRequirements: createCalibrationRequirementStore(db),
    integrationsFor: (tenantId) => createIntegrationStore(db, tenantId),
    integrationQueue: createIntegrationQueueStore(db),
    reviewQueueSize: () => countGradesNeedingReview(db),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/** How long a statement waits for another process's lock on the SQLite file before it fails. */
const busyTimeoutMs = 5_000;
/** How long a start-up's migrations wait for another process's write on the SQLite file (its migrations). */
const startUpBusyTimeoutMs = 5 * 60_000;

function createKysely(database: Config["database"]): Kysely<Database> {
  if (database.kind === "postgres") return createPostgresKysely(database);
  if (database.path !== ":memory:") mkdirSync(dirname(database.path), { recursive: true });
  const connection = openSqliteFile(database.path);
  return new Kysely<Database>({
    dialect: new ImmediateTransactionSqliteDialect({ database: withStatementCache(connection) }),
  });
}

/**
 * Opens the SQLite file and sets the connection up. A file that cannot be used (not a database, a
 * truncated or corrupt one, a read-only directory or file system) stops the start-up with an error that
 * names the file: SQLite's own ("file is not a database", "unable to open database file") did not.
 */
function openSqliteFile(path: string): BetterSqlite3.Database {
  let connection: BetterSqlite3.Database | undefined;
  try {
    connection = new BetterSqlite3(path);
    // WAL lets readers proceed while a grade is written; the busy timeout covers a second process.
    connection.pragma("journal_mode = WAL");
    connection.pragma(`busy_timeout = ${busyTimeoutMs}`);
    connection.pragma("foreign_keys = ON");
    // Deleted and overwritten content is zeroed, not left in free pages: an erased student's answer must
    // not be recoverable from the file (the WAL is truncated after erasures and purges).
    connection.pragma("secure_delete = ON");
    return connection;
  } catch (error) {
    connection?.close();
    const why = error instanceof Error ? error.message : "";
    throw new Error(`cannot open the SQLite database ${path}${why ? `: ${why}` : ""}`, { cause: error });
  }
}

/**
 * PostgreSQL through `pg`'s pool. Kysely takes one connection per transaction and any free one for
 * other queries. Transactions run at READ COMMITTED; where a store reads and then writes on what it
 * read, it locks what it needs (sql/dialect.ts). Counts come back as strings (int8); the stores
 * convert every aggregate with Number().
 */
function createPostgresKysely(database: Extract<Config["database"], { kind: "postgres" }>): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: database.url,
    max: database.poolSize,
    // A request that cannot get a connection fails rather than queueing forever behind a stuck pool.
    connectionTimeoutMillis: 10_000,
    application_name: "rubric-grader",
  });
  // An idle connection that the server drops (a restart, a failover) emits `error` on the pool; without
  // a listener Node would crash the process. The pool discards it; the next query opens a new one, and
  // /readyz reports the database while it cannot.
  pool.on("error", () => {});
  return new Kysely<Database>({ dialect: new NulSafePostgresDialect({ pool }) });
}

/** Distinct SQL texts kept prepared; lists of varying length (`in (?, ?, …)`) make new texts, hence a bound. */
const maxCachedStatements = 256;

/**
 * Kysely's SQLite driver prepares every query again; preparing is a large share of a grade's database
 * time. Statements are prepared once per SQL text and reused (SQLite re-prepares one by itself if the
 * schema changed). Safe because Kysely runs one query at a time on this single connection.
 */
function withStatementCache(connection: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => connection.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = connection.prepare(sql);
        statements.set(sql, statement);
        if (statements.size > maxCachedStatements) statements.delete(statements.keys().next().value!);
      }
      return statement;
    },
  };
}

/**
 * SQLite with transactions that take the write lock when they begin (`BEGIN IMMEDIATE`). Kysely's
 * default `BEGIN` defers it to the first write, and in WAL mode a transaction that read first and then
 * writes after another process wrote fails at once with SQLITE_BUSY (the busy timeout cannot help).
 * Every transaction here writes, so taking the lock up front only makes a second process wait.
 */
export class ImmediateTransactionSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateTransactionSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }

  override createQueryCompiler(): QueryCompiler {
    return new LiteralLimitSqliteQueryCompiler();
  }
}

/** LIMIT values written into the SQL text up to this; larger ones stay parameters. */
const maxLiteralLimit = 1_000;

/**
 * Writes a query's LIMIT into its SQL text instead of binding it. SQLite's planner reads a bound LIMIT's
 * value, so every new binding marks the statement expired and the next run prepares it again: the grade
 * path's cache lookup (`… order by id desc limit ?`) took 10 µs instead of 0.9 µs, every time. Page sizes
 * are small integers, so the distinct texts stay few (the statement cache is bounded anyway).
 */
class LiteralLimitSqliteQueryCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    const limit = node.limit;
    if (
      ValueNode.is(limit) &&
      typeof limit.value === "number" &&
      Number.isSafeInteger(limit.value) &&
      limit.value >= 0 &&
      limit.value <= maxLiteralLimit
    ) {
      this.append(`limit ${limit.value}`);
      return;
    }
    super.visitLimit(node);
  }
}

/**
 * SQLite's DDL is transactional, but Kysely's adapter says it is not, so its migrator ran each migration
 * statement by statement: a process killed during a start-up's migrations (a first start, an upgrade)
 * left tables or indexes half made and the migration unrecorded, and every later start failed on them.
 * Saying so makes the migrator run all pending migrations in one transaction, as on PostgreSQL.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateTransactionSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  /**
   * SQLite rolls a transaction back by itself on some errors (a full disk, an I/O error, out of memory):
   * Kysely's rollback after it then failed with "cannot rollback - no transaction is active", and that
   * error, not the full disk, was what the request's log and the caller saw.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (error) {
      if (!(error instanceof Error && /no transaction is active/.test(error.message))) throw error;
    }
  }
}

/**
 * A process killed between an erasure's (or a purge's) commit and the checkpoint after it left the erased
 * text's old page images in the WAL file, and nothing else truncates it until the next erasure: a process
 * opening the file does. Without waiting: another process reading now (it would block every writer while
 * this waits) leaves it to that next checkpoint.
 */
async function truncateWal(db: Kysely<Database>): Promise<void> {
  await sql`pragma busy_timeout = 0`.execute(db);
  try {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  } finally {
    await sql`pragma busy_timeout = ${sql.lit(busyTimeoutMs)}`.execute(db);
  }
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error || failed) {
    // The cause goes into the message: start-up prints it, and "database migration  failed" alone (a full
    // disk, a read-only file, before any migration ran) did not say why the process could not start.
    const what = failed ? `database migration ${failed.migrationName}` : "database migrations";
    const why = error instanceof Error ? error.message : "";
    throw new Error(`${what} failed${why ? `: ${why}` : ""}`, { cause: error });
  }
}
