import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { awaitAllCallbacks } from "@langchain/core/callbacks/promises";

/**
 * Runs `work` with LangSmith tracing switched on in the environment (`LANGSMITH_TRACING=true`, as an
 * operator's shell or container may have it) and pointed at a recorder on loopback, then returns what
 * reached the recorder: LangChain's callback manager posts every run it traces there, the prompt (with
 * the student's answer) included. The environment is restored afterwards.
 */
export async function tracedDuring(work: () => Promise<void>): Promise<string[]> {
  const traced: string[] = [];
  const recorder = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("latin1")));
    request.on("end", () => {
      traced.push(`${request.method} ${request.url} ${body.slice(0, 200)}`);
      response.writeHead(200, { "content-type": "application/json" });
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => recorder.listen(0, "127.0.0.1", resolve));
  const tracing = {
    LANGSMITH_TRACING: "true",
    LANGSMITH_ENDPOINT: `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`,
    LANGSMITH_API_KEY: "lsv2-test-key",
  };
  const saved = Object.fromEntries(Object.keys(tracing).map((name) => [name, process.env[name]]));
  Object.assign(process.env, tracing);
  try {
    await work();
    // A tracer sends its runs in the background: give it every chance to.
    await awaitAllCallbacks();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return traced;
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await new Promise((resolve) => recorder.close(resolve));
  }
}
