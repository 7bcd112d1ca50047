import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { packageRoot } from "../../src/lib/package-root.js";

/**
 * The real server in a child process (`node --import tsx src/main.ts`), for tests that need what only
 * a process can do: die by SIGKILL in the middle of a request, and start again on the same files.
 */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>`, read from the server's own "Server listening" log line. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Lines the server wrote (JSON logs and anything else), for a failing test's message. */
  readonly output: string[];
  /** Kills it with `signal` and waits until it has exited; nothing happens if it already has. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the server with exactly `env` (plus PATH and HOME, nothing inherited beyond them, so the
 * developer's own variables cannot leak in) on port 0. Rejects with the server's output when it exits
 * before listening or does not listen within `timeoutMs`.
 */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: packageRoot(),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = once(child, "exit");
  // One reader per stream, kept until the process ends: closing a readline interface pauses its stream, so
  // the server's later lines would go unread (and a full pipe would block its writes).
  const stdoutLines = createInterface({ input: child.stdout });
  stdoutLines.on("line", (line) => output.push(line));
  createInterface({ input: child.stderr }).on("line", (line) => output.push(line));
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not listen within ${timeoutMs} ms`), timeoutMs);
    function fail(reason: string) {
      clearTimeout(timer);
      stdoutLines.off("line", onLine);
      reject(new Error(`the server ${reason}:\n${output.join("\n")}`));
    }
    function onLine(line: string) {
      const address = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      if (!address) return;
      clearTimeout(timer);
      stdoutLines.off("line", onLine);
      resolve(address);
    }
    stdoutLines.on("line", onLine);
    child.once("exit", (code, signal) => fail(`exited (${signal ?? code}) before listening`));
  }).catch(async (error: unknown) => {
    await stop("SIGKILL");
    throw error;
  });
  return { url, child, output, stop };
}
