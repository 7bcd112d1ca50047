/**
 * Whether `error` is SQLite's "database is locked" (`SQLITE_BUSY` and its extended codes): another process
 * sharing the file held its write lock longer than a statement waits for it. Nothing was written, and the
 * same work done again a little later succeeds: a passing condition, not a fault.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}
