import type { AIMessageChunk } from "@langchain/core/messages";
import { expect, vi } from "vitest";
import type { RequestOutcome } from "./fake-http.js";

/**
 * What the tests of the fake providers (fake-openai-server.test.ts, fake-anthropic-server.test.ts)
 * drive them with and check them by, alike for every provider: a grading prompt with its answer
 * between boundary lines, a reply in multi-byte UTF-8, and reading a real LangChain client's stream.
 */

export const STUDENT_ANSWER = "Photosynthesis turns light energy into chemical energy stored in glucose.";
export const BOUNDARY = "ANSWER-BOUNDARY-0123456789abcdef";
export const GRADING_PROMPT = [
  "Grade the answer between the boundary lines.",
  BOUNDARY,
  STUDENT_ANSWER,
  BOUNDARY,
  "Reply with JSON only.",
].join("\n");

/** A grading reply with accents, an arrow and emoji, which UTF-8 encodes in 2, 3 and 4 bytes. */
export const MULTILINGUAL_REPLY = JSON.stringify({
  rationale: "Lumière → énergie chimique 🌿🌍, stockée dans le glucose (ça marche).",
  evidence: ["light energy"],
  points: 4,
  level: 3,
  comment: null,
});

export interface StreamOutcome {
  chunks: AIMessageChunk[];
  /** The text of every chunk received, joined. */
  text: string;
  /** The tool input pieces (`tool_call_chunks[].args`) of every chunk received, joined. */
  toolArgs: string;
  /** What the stream threw, before or during iteration; `undefined` when it completed. */
  error: unknown;
}

/** Reads a LangChain stream to its end or its first error, which is returned rather than thrown. */
export async function collectStream(
  stream: () => Promise<AsyncIterable<AIMessageChunk>>,
): Promise<StreamOutcome> {
  const chunks: AIMessageChunk[] = [];
  let error: unknown;
  try {
    for await (const chunk of await stream()) chunks.push(chunk);
  } catch (thrown) {
    error = thrown;
  }
  return {
    chunks,
    text: chunks.map((chunk) => chunk.text).join(""),
    toolArgs: chunks
      .flatMap((chunk) => chunk.tool_call_chunks ?? [])
      .map((piece) => piece.args ?? "")
      .join(""),
    error,
  };
}

/** All chunks merged the way LangChain merges them into one message. */
export function mergeChunks(chunks: readonly AIMessageChunk[]): AIMessageChunk {
  const [first, ...rest] = chunks;
  if (first === undefined) throw new Error("no chunks to merge");
  return rest.reduce((merged, chunk) => merged.concat(chunk), first);
}

/** `value`, checked to be an instance of `errorClass` and typed as one. */
export function expectInstance<T>(value: unknown, errorClass: abstract new (...args: never[]) => T): T {
  expect(value).toBeInstanceOf(errorClass);
  return value as T;
}

/** The rejection of `promise`, checked to be an instance of `errorClass` and typed as one. */
export async function rejectionOf<T>(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: never[]) => T,
): Promise<T> {
  let outcome: { resolved: unknown } | { rejected: unknown };
  try {
    outcome = { resolved: await promise };
  } catch (error) {
    outcome = { rejected: error };
  }
  if (!("rejected" in outcome))
    throw new Error(`expected a rejection, got ${JSON.stringify(outcome.resolved)}`);
  return expectInstance(outcome.rejected, errorClass);
}

/**
 * Checks that `close()` of a fake provider does not wait for a hanging request: the request `send`
 * makes (one that reaches the model) fails and is recorded as abandoned. If close() waited for the
 * 60 s hang, the test's timeout would fail it.
 */
export async function expectCloseAbandonsHang<Server>(
  server: Server & {
    enqueue(behaviour: { kind: "hang"; ms: number }): void;
    readonly requests: readonly { outcome: RequestOutcome }[];
    close(): Promise<void>;
  },
  send: (server: Server) => Promise<Response>,
): Promise<void> {
  server.enqueue({ kind: "hang", ms: 60_000 });
  const pending = send(server);
  await vi.waitFor(() => expect(server.requests).toHaveLength(1));

  await server.close();

  await expect(pending).rejects.toThrow();
  expect(server.requests[0]?.outcome).toBe("abandoned");
}
