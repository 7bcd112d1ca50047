import { buildApp } from "./app.js";
import { ConfigError, loadConfig } from "./config/config.js";

/**
 * Process entry: read config, build the app, listen, and close gracefully on SIGTERM/SIGINT (in-flight
 * requests finish; the database is closed). Exits 1 with every problem listed when config is bad.
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
  const app = await buildApp(config);
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    app.close().then(
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
}

main().catch((error: unknown) => {
  process.stderr.write(
    `rubric-grader failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
