import { buildApp } from "./app.js";
import { ConfigError, loadConfig } from "./config/config.js";
import { createRuntime, describeRuntime } from "./runtime.js";

/**
 * Process entry: read config, build the runtime and the app, listen, and close gracefully on
 * SIGTERM/SIGINT (in-flight requests finish, then the runtime closes the model and the database).
 * Exits 1 with every problem listed when config is bad.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const runtime = await createRuntime(config);
  const app = await buildApp(runtime);
  await runtime.warmUp();
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    app
      .close()
      .then(() => runtime.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  await app.listen({ host: config.server.host, port: config.server.port });
  // Embedded by default: this process also grades the job queue (GRADER_JOBS_IN_PROCESS=false leaves
  // that to `npm run worker` processes).
  if (config.jobs.runInProcess) {
    runtime.jobRunner.start();
    // Integrations' submissions are queued, released and delivered wherever jobs are graded.
    runtime.integrationRunner.start();
  }
  runtime.logger.info(describeRuntime(config), "rubric-grader started");
}

main().catch((error: unknown) => {
  process.stderr.write(
    `rubric-grader failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
