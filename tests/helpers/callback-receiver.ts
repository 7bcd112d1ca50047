import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback HTTP server standing in for a school's system that takes `grade.completed` callbacks:
 * it records every request (headers and raw body) and answers from a script (status, headers, delay),
 * then with the fallback (200).
 */
export interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
  /** The status it was answered with. */
  status: number;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Waits this long before answering (a slow receiver). */
  delayMs?: number;
}

export interface CallbackReceiver {
  url: string;
  received: ReceivedCallback[];
  /** Answers for the next requests, in order. */
  enqueue(...answers: ScriptedAnswer[]): void;
  fallback: ScriptedAnswer;
  close(): Promise<void>;
}

export async function startCallbackReceiver(path = "/grades"): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const script: ScriptedAnswer[] = [];
  const receiver: Partial<CallbackReceiver> = { fallback: { status: 200 } };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const answer = script.shift() ?? receiver.fallback!;
      received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        receivedAt: Date.now(),
        status: answer.status,
      });
      const send = () => {
        if (response.destroyed) return;
        response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
        response.end("{}");
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    enqueue: (...answers: ScriptedAnswer[]) => script.push(...answers),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as CallbackReceiver;
}
