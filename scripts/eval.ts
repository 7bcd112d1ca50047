/**
 * Measures the configured grader against teachers' scores: `npm run eval -- --help`, docs/evaluation.md.
 */
import { runEvalCli } from "./evaluation/cli.js";

const controller = new AbortController();
process.once("SIGINT", () => {
  process.stderr.write("\nstopping after the answers being graded now (Ctrl-C again to quit at once)\n");
  controller.abort();
  process.once("SIGINT", () => process.exit(130));
});

process.exitCode = await runEvalCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
