import type { Logger } from "pino";
import { ConfigError, loadConfig, type Config } from "./config/config.js";

/**
 * What the API process (main.ts) and worker processes (worker.ts) do alike around their runtime:
 * read config or exit, and stop on SIGTERM/SIGINT within a deadline.
 */

/** The configuration, or exit status 1 with every problem listed on stderr. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

export interface ShutdownOptions {
  logger: Logger;
  /** "server" or "worker", for the log lines. */
  role: string;
  /** From GRADER_SHUTDOWN_TIMEOUT_SECONDS. */
  deadlineMs: number;
  /** The graceful stop: take no more work, let what runs finish, close the runtime. */
  stop(): Promise<void>;
  /**
   * Called once the deadline has passed: cut what still holds the stop open (open connections).
   * The stop then has a few more seconds to close the database before the process exits anyway.
   */
  force?(): void;
}

/** After the deadline, how long the stop may still take to close the runtime before exit. */
const AFTER_DEADLINE_MS = 3_000;

/**
 * Calls `stop` on the first SIGTERM or SIGINT and exits 0 when it has finished (1 when it failed).
 * Past `deadlineMs` it logs at error level, calls `force`, and exits 1 at most a few seconds later:
 * a client that never reads its response, or a provider that never answers, must not hold a deploy
 * until the orchestrator's SIGKILL, which leaves no log line saying why. What was cut is not lost:
 * job items and deliveries are leased, and resume elsewhere when their leases expire.
 */
export function stopOnSignals(options: ShutdownOptions): void {
  const { logger, role } = options;
  let stopping = false;
  let forced = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, deadlineMs: options.deadlineMs }, `${role} shutting down`);
    const deadline = setTimeout(() => {
      logger.error(
        { deadlineMs: options.deadlineMs },
        `${role} shutdown deadline passed: cutting open connections; work in progress resumes elsewhere when its leases expire`,
      );
      forced = true;
      // Also when the process ends on its own before the timer below: a cut shutdown is a failure.
      process.exitCode = 1;
      options.force?.();
      setTimeout(() => process.exit(1), AFTER_DEADLINE_MS).unref();
    }, options.deadlineMs);
    deadline.unref();
    options.stop().then(
      () => {
        clearTimeout(deadline);
        process.exit(forced ? 1 : 0);
      },
      (error: unknown) => {
        logger.error({ err: error }, `${role} shutdown failed`);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

/**
 * The API process's graceful stop: the queue runners stop taking work (and let what runs finish) while
 * the requests in flight finish, then the runtime closes. Stopped only after the requests, the runners
 * went on leasing job items and deliveries for as long as a slow request held the close, for an exit
 * that then cut them (they waited for their leases to lapse). Throws the first failure, once the
 * runtime is closed.
 */
export async function stopServer(parts: {
  closeHttp(): Promise<void>;
  runners: readonly { stop(): Promise<void> }[];
  closeRuntime(): Promise<void>;
}): Promise<void> {
  const stopped = await Promise.allSettled([
    parts.closeHttp(),
    ...parts.runners.map((runner) => runner.stop()),
  ]);
  await parts.closeRuntime();
  const failed = stopped.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}
