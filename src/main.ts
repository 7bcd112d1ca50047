import { buildApp } from "./app.js";
import { loadConfigOrExit, stopOnSignals, stopServer } from "./process-lifecycle.js";
import { createRuntime, describeRuntime, runnerGraceMs } from "./runtime.js";

/**
 * Process entry: read config, build the runtime and the app, listen, warm up (in the background), and close gracefully on
 * SIGTERM/SIGINT (in-flight requests finish, then the runtime closes the model and the database),
 * within GRADER_SHUTDOWN_TIMEOUT_SECONDS. Exits 1 with every problem listed when config is bad.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const runtime = await createRuntime(config);
  const app = await buildApp(runtime);
  const graceMs = runnerGraceMs(config);
  stopOnSignals({
    logger: runtime.logger,
    role: "server",
    deadlineMs: config.server.shutdownTimeoutMs,
    // In-flight requests finish while the queue runners stop taking work, then the runtime closes the
    // model and the database.
    stop: () =>
      stopServer({
        closeHttp: () => app.close(),
        // The embedded engine's only: BullMQ's engine dispatches the jobs that requests in flight
        // still queue, and its workers stop taking messages in the runtime's close.
        runners:
          config.jobs.queue.engine === "embedded"
            ? [runtime.jobRunner, runtime.integrationRunner].map((runner) => ({
                stop: () => runner.stop(graceMs),
              }))
            : [],
        closeRuntime: () => runtime.close({ graceMs }),
      }),
    // A request that would never finish (a client that does not read its response, a provider that
    // does not answer) is cut, so that the close above can go on.
    force: () => app.server.closeAllConnections(),
  });
  await app.listen({ host: config.server.host, port: config.server.port });
  // Embedded by default: this process also grades the job queue (GRADER_JOBS_IN_PROCESS=false leaves
  // that to `npm run worker` processes).
  if (config.jobs.runInProcess) {
    runtime.jobRunner.start();
    // Integrations' submissions are queued, released and delivered wherever jobs are graded.
    runtime.integrationRunner.start();
  }
  runtime.logger.info(describeRuntime(config), "rubric-grader started");
  // After listening, in slices: warming up first kept a loaded machine from listening for 15-20 s (the
  // screen's patterns), while the process can answer everything meanwhile, only slower.
  const warmUpStarted = performance.now();
  runtime.warmUp({ gradually: true }).then(
    (done) => {
      if (done) {
        runtime.logger.info(
          { durationMs: Math.round(performance.now() - warmUpStarted) },
          "rubric-grader warmed up",
        );
      }
    },
    (error: unknown) => runtime.logger.warn({ err: error }, "rubric-grader warm-up failed"),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `rubric-grader failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
