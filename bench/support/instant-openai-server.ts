/**
 * A minimal OpenAI-compatible chat completions server that answers at once with one fixed reply, for
 * benchmarks: it runs in its own process (so its CPU is not counted against what is measured) and
 * does as little work as it can. `stream: true` is answered as SSE (role, content in three pieces,
 * finish, usage), like the real API; otherwise one JSON completion. Prints its port on stdout.
 *
 *   npx tsx bench/support/instant-openai-server.ts '<reply text>' [--latency-ms N] [--rpm R]
 *
 * `--latency-ms` answers each request after N ms (a provider's generation time). `--rpm` enforces a
 * provider's rate limit as OpenAI does: over R requests in the last 60 s, 429 with `retry-after`
 * (seconds until the oldest request leaves the window). It prints `429s=<count>` on SIGTERM's exit.
 */
import { createServer, type ServerResponse } from "node:http";

const reply = process.argv[2] ?? "{}";
const flag = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : undefined;
};
const latencyMs = flag("latency-ms") ?? 0;
const requestsPerMinute = flag("rpm");
/** Times of the requests admitted in the last minute, oldest first. */
const window: number[] = [];
let refused = 0;
let firstAt = 0;
let secondAt = 0;
const arrivals: number[] = [];
let lastAt = 0;
process.on("SIGTERM", () => {
  process.stderr.write(`429s=${refused}\n`);
  process.stderr.write(`first=${firstAt} second=${secondAt} last=${lastAt}\n`);
  const gaps = arrivals.slice(2).map((at, index) => at - arrivals[index + 1]!);
  const slow = gaps.filter((gap) => gap > 120);
  process.stderr.write(
    `gaps: n=${gaps.length} over120=${slow.length} excess=${slow.reduce((sum, gap) => sum + gap - 100, 0)} max=${Math.max(0, ...gaps)}\n`,
  );
  process.exit(0);
});

/** Whether the rate limit admits a request now; otherwise the seconds until it will. */
function admit(): true | number {
  if (requestsPerMinute === undefined) return true;
  const now = Date.now();
  while (window.length > 0 && window[0]! <= now - 60_000) window.shift();
  if (window.length < requestsPerMinute) {
    window.push(now);
    return true;
  }
  return Math.max(1, Math.ceil((window[0]! + 60_000 - now) / 1000));
}
const usage = { prompt_tokens: 1500, completion_tokens: 120, total_tokens: 1620 };
const pieces = [reply.slice(0, 10), reply.slice(10, 40), reply.slice(40)];

function chunk(delta: object, finishReason: string | null, withUsage = false): string {
  return `data: ${JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model: "gpt-4o-mini",
    choices: withUsage ? [] : [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    usage: withUsage ? usage : null,
  })}\n\n`;
}

const completion = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "gpt-4o-mini",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: reply, refusal: null },
      finish_reason: "stop",
      logprobs: null,
    },
  ],
  usage,
});

const server = createServer((request, response) => {
  const parts: Buffer[] = [];
  request.on("data", (part: Buffer) => parts.push(part));
  request.on("end", () => {
    if (request.url?.endsWith("/models")) {
      response.writeHead(200, { "content-type": "application/json" }).end('{"object":"list","data":[]}');
      return;
    }
    lastAt = Date.now();
    arrivals.push(lastAt);
    if (firstAt === 0) firstAt = lastAt;
    else if (secondAt === 0) secondAt = lastAt;
    const admitted = admit();
    if (admitted !== true) {
      refused++;
      response
        .writeHead(429, { "content-type": "application/json", "retry-after": String(admitted) })
        .end(
          '{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}',
        );
      return;
    }
    if (latencyMs > 0) setTimeout(() => answer(parts, response), latencyMs);
    else answer(parts, response);
  });
});

function answer(parts: Buffer[], response: ServerResponse): void {
  {
    // Only the flag is needed; a full parse would be most of this server's work.
    const streaming = /"stream"\s*:\s*true/.test(Buffer.concat(parts).toString("utf8"));
    if (!streaming) {
      response.writeHead(200, { "content-type": "application/json" }).end(completion);
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    response.write(chunk({ role: "assistant", content: "" }, null));
    for (const piece of pieces) response.write(chunk({ content: piece }, null));
    response.write(chunk({}, "stop"));
    response.write(chunk({}, null, true));
    response.end("data: [DONE]\n\n");
  }
}
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${typeof address === "object" && address ? address.port : 0}\n`);
});
