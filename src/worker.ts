import { writeFile } from "node:fs/promises";
import { loadConfigOrExit, stopOnSignals } from "./process-lifecycle.js";
import { startPeriodicTask } from "./lib/periodic-task.js";
import { createRuntime, describeRuntime, runnerGraceMs } from "./runtime.js";

/**
 * Worker process entry (`npm run worker`): the same runtime as the API, without HTTP, grading the job
 * queue of the configured database and running the integrations' outbox and LMS fetches (on BullMQ
 * when the jobs run there). Start any number, on any machine that reaches the database; they
 * share the queue and its limits. SIGTERM/SIGINT stop claiming, let running items finish (up to
 * GRADER_SHUTDOWN_TIMEOUT_SECONDS less 5 s; any left are resumed elsewhere when their leases expire),
 * then close, within GRADER_SHUTDOWN_TIMEOUT_SECONDS.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const runtime = await createRuntime(config);
  stopOnSignals({
    logger: runtime.logger,
    role: "worker",
    deadlineMs: config.server.shutdownTimeoutMs,
    stop: () => runtime.close({ graceMs: runnerGraceMs(config) }),
  });
  // A SIGTERM during the warm-up closed the runtime: nothing is started on it (the runners would stay
  // stopped anyway; the health file must not say a stopping worker is healthy).
  if (!(await runtime.warmUp())) return;
  runtime.jobRunner.start();
  runtime.integrationRunner.start();
  const { healthFile } = config.jobs;
  if (healthFile) {
    // Touched only while the database answers: a worker that cannot reach it is reported unhealthy.
    startPeriodicTask(
      10_000,
      async () => {
        await runtime.storage.ping();
        await writeFile(healthFile, new Date().toISOString());
      },
      (error) => runtime.logger.warn({ err: error }, "worker health check failed"),
    );
  }
  const { listen: _listen, ...summary } = describeRuntime(config);
  runtime.logger.info({ ...summary, role: "worker" }, "rubric-grader worker started");
}

main().catch((error: unknown) => {
  process.stderr.write(
    `rubric-grader worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
