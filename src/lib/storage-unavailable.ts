/**
 * PostgreSQL's SQLSTATEs for a server that cannot take writes now: disk full, out of memory, too many
 * connections, and a read-only transaction (a standby after a failover, `default_transaction_read_only`).
 * None is the request's fault, and the same request succeeds once the operator has freed space, memory
 * or connections, or pointed the service at the primary.
 */
const postgresUnavailableStates = new Set(["53100", "53200", "53300", "25006"]);

/**
 * The driver's code when `error` says the database cannot store data now, else undefined: SQLite's
 * `SQLITE_FULL` (the disk, or the file's page limit), `SQLITE_IOERR*` (the disk failed a read or write) and
 * `SQLITE_READONLY*` (the file, its directory or file system became unwritable), or one of PostgreSQL's
 * SQLSTATEs above. The statement failed, and a transaction around it is rolled back whole (by the
 * database itself, or by the transaction's rollback): nothing of it is stored, and the same request can
 * succeed later. A passing condition for the operator to fix, not a bug.
 */
export function storageUnavailableCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code !== "string") return undefined;
  if (code === "SQLITE_FULL" || code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_READONLY")) {
    return code;
  }
  return postgresUnavailableStates.has(code) ? code : undefined;
}
