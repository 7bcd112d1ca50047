import { getEventListeners } from "node:events";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../../../src/grading/errors.js";
import type { CallPriority, ModelCall, RequestGate } from "../../../src/grading/ports.js";
import { createGradingModel, type ProviderDialect } from "../../../src/providers/grading-model.js";
import { loadPromptLibrary } from "../../../src/providers/prompt-library.js";

/**
 * The provider-independent part of every grading model, with a scripted LangChain chat model in
 * place of a provider: streaming and joining, usage, finish reasons, retries in one place, the
 * process-wide in-flight limit, and chains built once.
 */

type Step =
  | {
      chunks: string[];
      finish?: string;
      /** Report the finish reason in the generation info, as ChatOpenAI does, not on the message. */
      finishInGenerationInfo?: boolean;
      /** Input and output tokens as the provider reports them, which may be anything. */
      usage?: [unknown, unknown];
      delayMs?: number;
      /** Called once the chunk at this index was taken (the caller aborting, say); the stream then goes on. */
      afterChunk?: { index: number; run: () => void };
      /** Waits this long after the chunk at this index (a provider that stalls mid-reply). */
      stallAfterChunk?: { index: number; ms: number };
      /** Throws this after the chunk at this index (a stream cut on the way). */
      failAfterChunk?: { index: number; error: unknown };
    }
  | { throws: unknown };

class ScriptedChatModel extends BaseChatModel {
  inFlight = 0;
  maxInFlight = 0;
  calls: BaseMessage[][] = [];
  options: Record<string, unknown>[] = [];
  constructor(readonly script: Step[]) {
    super({});
  }
  _llmType() {
    return "scripted";
  }
  _generate(): Promise<ChatResult> {
    return Promise.reject(new Error("only streaming is used"));
  }
  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    _runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    this.calls.push(messages);
    this.options.push(options);
    const step = this.script.shift();
    if (!step) throw new Error("script ran out");
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if ("throws" in step) throw step.throws;
      if (step.delayMs) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
      options.signal?.throwIfAborted();
      for (const [index, text] of step.chunks.entries()) {
        const last = index === step.chunks.length - 1;
        const finishOnMessage = last && step.finish && !step.finishInGenerationInfo;
        yield new ChatGenerationChunk({
          text,
          ...(last && step.finish && step.finishInGenerationInfo
            ? { generationInfo: { finish_reason: step.finish } }
            : {}),
          message: new AIMessageChunk({
            content: text,
            ...(finishOnMessage ? { response_metadata: { finish_reason: step.finish } } : {}),
            ...(last && step.usage
              ? {
                  usage_metadata: {
                    input_tokens: step.usage[0] as number,
                    output_tokens: step.usage[1] as number,
                    total_tokens: 0,
                  },
                }
              : {}),
          }),
        });
        if (step.afterChunk?.index === index) step.afterChunk.run();
        if (step.stallAfterChunk?.index === index) {
          await new Promise((resolve) => setTimeout(resolve, step.stallAfterChunk!.ms));
          options.signal?.throwIfAborted();
        }
        if (step.failAfterChunk?.index === index) throw step.failAfterChunk.error;
        // As a real client's stream does: an abort stops it before the next event.
        if (!last) options.signal?.throwIfAborted();
      }
    } finally {
      this.inFlight--;
    }
  }
}

function setUp(
  script: Step[],
  limits: Partial<{
    maxInFlight: number;
    maxRetries: number;
    timeoutMs: number;
    maxRetryWaitMs: number;
  }> = {},
  gate?: RequestGate,
) {
  const chatModel = new ScriptedChatModel(script);
  return { ...gradingModelOver(chatModel, { limits, ...(gate ? { gate } : {}) }), chatModel };
}

/** The grading model over a chat model, through a dialect that binds as every real one does. */
function gradingModelOver(
  chatModel: BaseChatModel,
  options: {
    limits?: Partial<{ maxInFlight: number; maxRetries: number; timeoutMs: number; maxRetryWaitMs: number }>;
    gate?: RequestGate;
    wholeReplies?: boolean;
  } = {},
) {
  const counts = { chatModel: 0, bind: 0 };
  const sleeps: number[] = [];
  const dialect: ProviderDialect = {
    structuredOutput: "scripted",
    ...(options.wholeReplies ? { wholeReplies: true } : {}),
    chatModel: () => {
      counts.chatModel++;
      return Promise.resolve(chatModel);
    },
    bindReplySchema: (model, schema) => {
      counts.bind++;
      return model.withConfig({ replySchemaKey: schema.key } as Record<string, unknown>);
    },
    finishReason: (chunk) => {
      const value = chunk.response_metadata?.finish_reason;
      return value === "stop" || value === "length" ? value : undefined;
    },
    checkReady: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  const model = createGradingModel({
    id: "scripted:model",
    dialect,
    prompts: loadPromptLibrary(`${import.meta.dirname}/../../../prompts`),
    clock: {
      now: () => new Date(),
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    },
    logger: pino({ level: "silent" }),
    limits: { timeoutMs: 5_000, maxRetries: 2, maxRetryWaitMs: 10_000, maxInFlight: 16, ...options.limits },
    maxOutputTokens: 500,
    random: () => 0.5,
    ...(options.gate ? { gate: options.gate } : {}),
  });
  return { model, counts, sleeps };
}

const variables = {
  rubric: "<question>Q</question>",
  language: "en",
  language_name: "English",
  answer_boundary: "ANSWER-BOUNDARY-x",
  canary: "CANARY-x",
  answer: "Plants make sugar.",
};
const call = (overrides: Partial<ModelCall> = {}): ModelCall => ({
  task: "grade-all-criteria",
  variables,
  replySchema: z.strictObject({ points: z.number() }),
  replySchemaName: "grade",
  schemaKey: "rubric@v1/all",
  temperature: 0,
  ...overrides,
});

describe("createGradingModel", () => {
  it("joins the streamed chunks into the exact reply, malformed or cut off, with finish reason and usage", async () => {
    const { model } = setUp([{ chunks: ['{"poi', 'nts": 2', ", tru"], finish: "length", usage: [120, 7] }]);
    const attempt = await model.complete(call());
    expect(attempt.reply).toBe('{"points": 2, tru');
    expect(attempt.finishReason).toBe("length");
    expect(attempt.usage).toEqual({ inputTokens: 120, outputTokens: 7 });
  });

  it("stores token usage as whole, bounded numbers whatever the provider reports", async () => {
    const reported: [unknown, unknown, { inputTokens: number; outputTokens: number }][] = [
      [10.5, 3.2, { inputTokens: 11, outputTokens: 3 }],
      [1e15, Number.NaN, { inputTokens: 4_000_000, outputTokens: 0 }],
      ["120", -5, { inputTokens: 0, outputTokens: 0 }],
      [Number.POSITIVE_INFINITY, 7, { inputTokens: 0, outputTokens: 7 }],
    ];
    for (const [input, output, stored] of reported) {
      const { model } = setUp([{ chunks: ['{"points": 1}'], finish: "stop", usage: [input, output] }]);
      const attempt = await model.complete(call());
      expect(attempt.usage).toEqual(stored);
    }
  });

  it("treats an answer with no stream events (an HTML page, a plain JSON body) as the provider's failure, and retries it", async () => {
    const { model, chatModel } = setUp([{ chunks: [] }, { chunks: [] }, { chunks: [] }]);
    await expect(model.complete(call())).rejects.toMatchObject({ code: "provider_error", status: 502 });
    expect(chatModel.calls).toHaveLength(3);
    const recovers = setUp([{ chunks: [] }, { chunks: ['{"points": 1}'], finish: "stop" }]);
    await expect(recovers.model.complete(call())).resolves.toMatchObject({ reply: '{"points": 1}' });
  });

  it("treats a stream event that is not JSON as the provider's failure, and retries it", async () => {
    const garbled = new SyntaxError("Unterminated string in JSON at position 60");
    const { model, chatModel } = setUp([{ throws: garbled }, { chunks: ['{"points": 1}'], finish: "stop" }]);
    await expect(model.complete(call())).resolves.toMatchObject({ reply: '{"points": 1}' });
    expect(chatModel.calls).toHaveLength(2);
  });

  it("stops reading a reply longer than the output limit can be, and neither keeps nor retries it", async () => {
    // maxOutputTokens is 500 in setUp: at most 500 × 64 + 4,096 characters.
    const flood = "x".repeat(10_000);
    const chunks = Array.from({ length: 100 }, () => flood);
    const { model, chatModel } = setUp([
      { chunks, finish: "stop" },
      { chunks: ['{"points": 1}'], finish: "stop" },
    ]);
    const failure = await model.complete(call()).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "provider_error", status: 502 });
    expect(chatModel.calls).toHaveLength(1);
    // The limit itself is not a failure.
    const { model: atLimit } = setUp([{ chunks: ["y".repeat(500 * 64)], finish: "stop" }]);
    await expect(atLimit.complete(call())).resolves.toMatchObject({ finishReason: "stop" });
  });

  it("answers internal_error at once, without retrying, when the failure is not the provider's", async () => {
    const { model, chatModel } = setUp([{ throws: new TypeError("cannot read properties of undefined") }]);
    const failure = await model.complete(call()).catch((error: unknown) => error);
    expect(AppError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ code: "internal_error", retryable: false });
    expect(chatModel.calls).toHaveLength(1);
  });

  it("retries a provider's 429 after its Retry-After, then returns the reply", async () => {
    const rateLimited = Object.assign(new Error("429 rate limited"), {
      status: 429,
      headers: new Headers({ "retry-after": "2" }),
    });
    const { model, chatModel, sleeps } = setUp([
      { throws: rateLimited },
      { chunks: ['{"points": 1}'], finish: "stop" },
    ]);
    const attempt = await model.complete(call());
    expect(attempt.reply).toBe('{"points": 1}');
    expect(sleeps).toEqual([2000]);
    expect(chatModel.calls).toHaveLength(2);
  });

  it("without a request gate, holds every call of the process after a 429 with Retry-After, calls started meanwhile too", async () => {
    const rateLimited = Object.assign(new Error("429 rate limited"), {
      status: 429,
      headers: new Headers({ "retry-after": "2" }),
    });
    const { model, chatModel, sleeps } = setUp([
      { throws: rateLimited },
      { chunks: ['{"points": 1}'], finish: "stop" },
      { chunks: ['{"points": 2}'], finish: "stop" },
    ]);
    await model.complete(call());
    expect(sleeps).toEqual([2000]);
    // The test clock's sleeps take no time: the provider's two seconds have not passed for the next call.
    const later = await model.complete(call());
    expect(later.reply).toBe('{"points": 2}');
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeGreaterThan(1_000);
    expect(sleeps[1]).toBeLessThanOrEqual(2_000);
    expect(chatModel.calls).toHaveLength(3);
  });

  it("without a request gate, holds nobody after a 503 or a 429 without Retry-After", async () => {
    for (const headers of [new Headers({ "retry-after": "2" }), new Headers()]) {
      const status = headers.has("retry-after") ? 503 : 429;
      const refused = Object.assign(new Error(String(status)), { status, headers });
      const { model, sleeps } = setUp([
        { throws: refused },
        { chunks: ["{}"], finish: "stop" },
        { chunks: ["{}"], finish: "stop" },
      ]);
      await model.complete(call());
      expect(sleeps).toHaveLength(1);
      await model.complete(call());
      expect(sleeps).toHaveLength(1);
    }
  });

  it("retries with its own backoff even when GRADER_MAX_RETRY_WAIT_MS is 0: the setting bounds only waits the provider asks for", async () => {
    const serverError = Object.assign(new Error("500"), { status: 500, headers: new Headers() });
    const { model, chatModel, sleeps } = setUp(
      [{ throws: serverError }, { chunks: ['{"points": 1}'], finish: "stop" }],
      { maxRetryWaitMs: 0 },
    );
    const attempt = await model.complete(call());
    expect(attempt.reply).toBe('{"points": 1}');
    expect(chatModel.calls).toHaveLength(2);
    expect(sleeps).toEqual([375]);
  });

  it("answers 503 with the provider's Retry-After when it asks for a longer wait than allowed, whatever its status", async () => {
    for (const status of [500, 408, 429, 503]) {
      const asksLong = Object.assign(new Error(String(status)), {
        status,
        headers: new Headers({ "retry-after": "30" }),
      });
      const { model, chatModel, sleeps } = setUp([{ throws: asksLong }]);
      const failure = await model.complete(call()).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AppError);
      expect(failure).toMatchObject({ code: "provider_unavailable", status: 503, retryAfterSeconds: 30 });
      expect(chatModel.calls).toHaveLength(1);
      expect(sleeps).toEqual([]);
    }
  });

  it("does not retry a request the provider refuses (400), and says so", async () => {
    const refused = Object.assign(new Error("400 bad schema"), { status: 400, headers: new Headers() });
    const { model, chatModel } = setUp([{ throws: refused }]);
    await expect(model.complete(call())).rejects.toMatchObject({ code: "provider_error", retryable: false });
    expect(chatModel.calls).toHaveLength(1);
  });

  it("keeps at most GRADER_MAX_IN_FLIGHT calls in flight in the process", async () => {
    const steps: Step[] = Array.from({ length: 8 }, () => ({ chunks: ["{}"], finish: "stop", delayMs: 20 }));
    const { model, chatModel } = setUp(steps, { maxInFlight: 3 });
    await Promise.all(Array.from({ length: 8 }, () => model.complete(call())));
    expect(chatModel.maxInFlight).toBe(3);
  });

  it("streams from the chat model itself with the bound options, and no callback handler sees the prompt", async () => {
    const { model, chatModel } = setUp([
      { chunks: ['{"points"', ": 1}"], finish: "length", finishInGenerationInfo: true },
    ]);
    // A handler on the model is what LANGSMITH_TRACING would add: the student's answer must not reach it.
    const seen: string[] = [];
    chatModel.callbacks = [
      {
        handleChatModelStart: (_model: unknown, messages: BaseMessage[][]) => {
          seen.push(
            messages
              .flat()
              .map((message) => message.text)
              .join("\n"),
          );
        },
        handleLLMStart: () => {
          seen.push("llm start");
        },
      },
    ];
    const attempt = await model.complete(call());
    expect(attempt.reply).toBe('{"points": 1}');
    // The finish reason ChatOpenAI puts in the generation info reaches the dialect as on `stream`.
    expect(attempt.finishReason).toBe("length");
    expect(chatModel.options[0]).toMatchObject({ replySchemaKey: "rubric@v1/all" });
    expect(chatModel.options[0]!.signal).toBeInstanceOf(AbortSignal);
    expect(chatModel.calls[0]!.map((message) => message.text).join("\n")).toContain("Plants make sugar.");
    expect(seen).toEqual([]);
  });

  it("builds the chat model once per temperature and binds each reply schema once", async () => {
    const steps: Step[] = Array.from({ length: 6 }, () => ({ chunks: ["{}"], finish: "stop" }));
    const { model, counts } = setUp(steps);
    for (let index = 0; index < 3; index++) await model.complete(call());
    await model.complete(call({ schemaKey: "rubric@v1/criterion/a" }));
    await model.complete(call({ temperature: 0.7 }));
    await model.complete(call({ temperature: 0.7 }));
    expect(counts.chatModel).toBe(2);
    expect(counts.bind).toBe(3);
  });

  it("makes the chat models of the grading temperatures at start-up, so the first grade does not", async () => {
    const { model, counts, chatModel } = setUp([{ chunks: ["{}"], finish: "stop" }]);
    await model.prepare([0, 0.7, 0]);
    expect(counts.chatModel).toBe(2);
    // Preparing sends nothing to the provider.
    expect(chatModel.calls).toHaveLength(0);
    await model.complete(call({ temperature: 0.7 }));
    expect(counts.chatModel).toBe(2);
  });

  it("reports the usage of a call aborted while its reply streamed, estimated where the provider reported none", async () => {
    // Regression: a partly streamed call that was aborted reported no usage, though the provider bills it.
    const grade = new AbortController();
    const { model } = setUp([
      { chunks: ['{"points"', ": 2}"], finish: "stop", afterChunk: { index: 0, run: () => grade.abort() } },
    ]);
    const reported: { inputTokens: number; outputTokens: number }[] = [];
    const aborted = await model
      .complete(call({ signal: grade.signal, onUnansweredUsage: (usage) => reported.push(usage) }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(aborted).toBe(grade.signal.reason);
    // Nothing reported: the prompt sent (its upper estimate) and the text streamed so far (`{"points"`).
    expect(reported).toEqual([
      { inputTokens: model.estimateInputTokens({ task: "grade-all-criteria", variables }), outputTokens: 3 },
    ]);
    expect(reported[0]!.inputTokens).toBeGreaterThan(0);
  });

  it("reports the provider's usage of a reply that came whole just after the abort, and not of a call aborted before it began", async () => {
    const grade = new AbortController();
    const { model } = setUp([
      {
        chunks: ['{"points": 2}'],
        finish: "stop",
        usage: [120, 7],
        afterChunk: { index: 0, run: () => grade.abort() },
      },
    ]);
    const reported: { inputTokens: number; outputTokens: number }[] = [];
    const onUnansweredUsage = (usage: { inputTokens: number; outputTokens: number }) => reported.push(usage);
    const aborted = await model.complete(call({ signal: grade.signal, onUnansweredUsage })).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(aborted).toBe(grade.signal.reason);
    expect(reported).toEqual([{ inputTokens: 120, outputTokens: 7 }]);

    const before = new AbortController();
    before.abort();
    const { model: unstarted } = setUp([{ chunks: ['{"points": 2}'], finish: "stop", usage: [120, 7] }]);
    await expect(unstarted.complete(call({ signal: before.signal, onUnansweredUsage }))).rejects.toBe(
      before.signal.reason,
    );
    expect(reported).toHaveLength(1);
  });

  it("gives up on an attempt that outlives the timeout with a retryable provider_timeout", async () => {
    const { model } = setUp([{ chunks: ["{}"], delayMs: 500 }], { timeoutMs: 50, maxRetries: 0 });
    await expect(model.complete(call())).rejects.toMatchObject({ code: "provider_timeout", retryable: true });
  });

  it("reports the usage of an attempt that timed out or was cut after its reply began, and still retries it", async () => {
    // Regression: only an abort by the grade reported the usage of a call the provider had begun to answer;
    // one that timed out mid-reply (or whose stream was cut) and was then retried was billed but counted
    // nowhere.
    const cut = Object.assign(new TypeError("terminated"), {
      cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
    });
    const { model } = setUp(
      [
        { chunks: ['{"points"', ": 2}"], finish: "stop", stallAfterChunk: { index: 0, ms: 500 } },
        {
          chunks: ['{"poi', 'nts": 2}'],
          finish: "stop",
          usage: [90, 4],
          failAfterChunk: { index: 0, error: cut },
        },
        { chunks: ['{"points": 2}'], finish: "stop", usage: [120, 7] },
      ],
      { timeoutMs: 50, maxRetries: 2 },
    );
    const reported: { usage: { inputTokens: number; outputTokens: number }; problem: string }[] = [];
    const attempt = await model.complete(
      call({ onUnansweredUsage: (usage, problem) => reported.push({ usage, problem }) }),
    );
    expect(attempt.reply).toBe('{"points": 2}');
    expect(attempt.usage).toEqual({ inputTokens: 120, outputTokens: 7 });
    expect(attempt.providerRetries?.map((retry) => retry.code)).toEqual([
      "provider_timeout",
      "provider_unavailable",
    ]);
    const prompt = model.estimateInputTokens({ task: "grade-all-criteria", variables });
    expect(reported).toEqual([
      {
        usage: { inputTokens: prompt, outputTokens: 3 },
        problem: expect.stringMatching(/timed out/) as string,
      },
      { usage: { inputTokens: prompt, outputTokens: 2 }, problem: expect.stringMatching(/failed/) as string },
    ]);
  });

  it("leaves no listener on the caller's signal, however many calls share it", async () => {
    const steps: Step[] = Array.from({ length: 20 }, () => ({ chunks: ["{}"], finish: "stop" }));
    const { model } = setUp(steps);
    const grade = new AbortController();
    for (let index = 0; index < 20; index++) await model.complete(call({ signal: grade.signal }));
    expect(getEventListeners(grade.signal, "abort")).toHaveLength(0);
  });

  it("sends the unusable reply and the problems back on a repair", async () => {
    const { model, chatModel } = setUp([{ chunks: ['{"points": 2}'], finish: "stop" }]);
    await model.complete(call({ repair: { previousReply: "{oops", problems: ["not JSON"] } }));
    const messages = chatModel.calls[0]!;
    expect(messages.map((message) => message.getType())).toEqual(["system", "human", "ai", "human"]);
    expect(messages[2]!.content).toBe("{oops");
    expect(messages[3]!.content).toContain("- not JSON");
    expect(messages[1]!.content).toContain("ANSWER-BOUNDARY-x\nPlants make sugar.\nANSWER-BOUNDARY-x");
  });

  it("gives a freed in-flight slot to a waiting interactive call before waiting batch calls", async () => {
    const steps: Step[] = Array.from({ length: 4 }, () => ({ chunks: ["{}"], finish: "stop", delayMs: 10 }));
    const { model, chatModel } = setUp(steps, { maxInFlight: 1 });
    const named = (name: string, priority?: CallPriority) =>
      model.complete(call({ variables: { ...variables, answer: name }, ...(priority ? { priority } : {}) }));
    await Promise.all([
      named("batch one", "batch"),
      named("batch two", "batch"),
      named("batch three", "batch"),
      named("a person waiting"),
    ]);
    const order = chatModel.calls.map((messages) =>
      ["batch one", "batch two", "batch three", "a person waiting"].find((name) =>
        JSON.stringify(messages[1]!.content).includes(name),
      ),
    );
    expect(order).toEqual(["batch one", "a person waiting", "batch two", "batch three"]);
  });
});

describe("createGradingModel with a request gate", () => {
  /** A gate that admits at once and records what it was asked, and how many attempts were sent by then. */
  function recordingGate(sent: () => number) {
    const log: string[] = [];
    const gate: RequestGate = {
      acquire(priority) {
        log.push(`acquire ${priority} after ${sent()} attempts`);
        return Promise.resolve();
      },
      holdUntil(until) {
        log.push(`hold until ${until.getTime()}`);
        return Promise.resolve();
      },
    };
    return { gate, log };
  }

  const rateLimited = (retryAfter: string) =>
    Object.assign(new Error("429 rate limited"), {
      status: 429,
      headers: new Headers({ "retry-after": retryAfter }),
    });

  it("passes the gate before every attempt, each retry too, with the call's priority", async () => {
    let sent = () => 0;
    const { gate, log } = recordingGate(() => sent());
    const { model, chatModel } = setUp(
      [
        { throws: Object.assign(new Error("500"), { status: 500, headers: new Headers() }) },
        { chunks: ['{"points": 1}'], finish: "stop" },
        { chunks: ['{"points": 1}'], finish: "stop" },
      ],
      {},
      gate,
    );
    sent = () => chatModel.calls.length;
    await model.complete(call({ priority: "batch" }));
    await model.complete(call());
    expect(log).toEqual([
      "acquire batch after 0 attempts",
      "acquire batch after 1 attempts",
      // No priority: a person is waiting.
      "acquire interactive after 2 attempts",
    ]);
  });

  it("tells the gate what a request costs in tokens: its prompt estimate plus the output limit", async () => {
    const tokens: (number | undefined)[] = [];
    const gate: RequestGate = {
      acquire(_priority, _signal, cost) {
        tokens.push(cost);
        return Promise.resolve();
      },
      holdUntil: () => Promise.resolve(),
    };
    const { model } = setUp([{ chunks: ['{"points": 1}'], finish: "stop" }], {}, gate);
    const request = call();
    await model.complete(request);
    // maxOutputTokens is 500 in setUp.
    expect(tokens).toEqual([model.estimateInputTokens(request) + 500]);
  });

  it("holds the gate for everyone when the provider answers 429 with Retry-After", async () => {
    const { gate, log } = recordingGate(() => 0);
    const { model, sleeps } = setUp(
      [
        // Neither a 429 without Retry-After nor a 503 with one says anything about the account's rate.
        { throws: Object.assign(new Error("429"), { status: 429, headers: new Headers() }) },
        {
          throws: Object.assign(new Error("503"), {
            status: 503,
            headers: new Headers({ "retry-after": "1" }),
          }),
        },
        { throws: rateLimited("2") },
        { chunks: ['{"points": 1}'], finish: "stop" },
      ],
      { maxRetries: 3 },
      gate,
    );
    const before = Date.now();
    await model.complete(call({ priority: "batch" }));
    const after = Date.now();
    const holds = log.filter((entry) => entry.startsWith("hold"));
    expect(holds).toHaveLength(1);
    const until = Number(holds[0]!.split(" ").at(-1));
    expect(until).toBeGreaterThanOrEqual(before + 2_000);
    expect(until).toBeLessThanOrEqual(after + 2_000);
    expect(sleeps).toEqual([375, 1_000, 2_000]);
  });

  it("holds the gate no longer than a call may wait, however long the provider asks (a Retry-After of years too)", async () => {
    for (const retryAfter of ["60", "9999999999"]) {
      const { gate, log } = recordingGate(() => 0);
      // maxRetryWaitMs is 10,000 in setUp.
      const { model } = setUp([{ throws: rateLimited(retryAfter) }], {}, gate);
      const before = Date.now();
      await expect(model.complete(call())).rejects.toMatchObject({
        code: "provider_unavailable",
        retryAfterSeconds: Number(retryAfter),
      });
      const after = Date.now();
      const holds = log.filter((entry) => entry.startsWith("hold"));
      expect(holds).toHaveLength(1);
      const until = Number(holds[0]!.split(" ").at(-1));
      expect(until).toBeGreaterThanOrEqual(before + 10_000);
      expect(until).toBeLessThanOrEqual(after + 10_000);
    }
  });

  it("answers internal_error without calling the provider when the gate fails", async () => {
    const gate: RequestGate = {
      acquire: () => Promise.reject(new Error("database is locked")),
      holdUntil: () => Promise.resolve(),
    };
    const { model, chatModel } = setUp([{ chunks: ["{}"], finish: "stop" }], {}, gate);
    await expect(model.complete(call())).rejects.toMatchObject({ code: "internal_error" });
    expect(chatModel.calls).toHaveLength(0);
  });

  it("answers server_busy (retryable) when the gate's database was locked by another process too long", async () => {
    // Regression: internal_error, which fails a job item for good and answers a request 500.
    const gate: RequestGate = {
      acquire: () => Promise.reject(Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" })),
      holdUntil: () => Promise.resolve(),
    };
    const { model, chatModel } = setUp([{ chunks: ["{}"], finish: "stop" }], {}, gate);
    await expect(model.complete(call())).rejects.toMatchObject({ code: "server_busy", retryable: true });
    expect(chatModel.calls).toHaveLength(0);
  });

  it("answers storage_unavailable (retryable) when the gate's database cannot store data (full, read-only)", async () => {
    // Regression: internal_error, which answers a request 500 and fails a job item on its last attempt.
    for (const code of ["SQLITE_FULL", "SQLITE_READONLY", "53100", "53300"]) {
      const gate: RequestGate = {
        acquire: () => Promise.reject(Object.assign(new Error("database or disk is full"), { code })),
        holdUntil: () => Promise.resolve(),
      };
      const { model, chatModel } = setUp([{ chunks: ["{}"], finish: "stop" }], {}, gate);
      await expect(model.complete(call())).rejects.toMatchObject({
        code: "storage_unavailable",
        retryable: true,
        cause: { code },
      });
      expect(chatModel.calls).toHaveLength(0);
    }
  });
});

/** One whole reply as `_generate` gives it (ChatOpenAI with `stream: false`), or a failure. */
type WholeStep =
  | { text: string; finish?: string; usage?: [number, number]; delayMs?: number; generations?: 1 }
  | { generations: 0 }
  | { throws: unknown };

class WholeReplyChatModel extends BaseChatModel {
  calls = 0;
  constructor(readonly script: WholeStep[]) {
    super({});
  }
  _llmType() {
    return "whole";
  }
  // eslint-disable-next-line @typescript-eslint/require-await -- it only throws: a whole-reply dialect must not stream.
  override async *_streamResponseChunks(): AsyncGenerator<ChatGenerationChunk> {
    yield* [];
    throw new Error("a whole-reply dialect must not stream");
  }
  async _generate(_messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    this.calls++;
    const step = this.script.shift();
    if (!step) throw new Error("script ran out");
    if ("throws" in step) throw step.throws;
    if (step.generations === 0) return { generations: [] };
    if (step.delayMs) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, step.delayMs);
        options.signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(new Error("Request was aborted."));
        });
      });
    }
    options.signal?.throwIfAborted();
    return {
      generations: [
        {
          text: step.text,
          // As ChatOpenAI puts it: the finish reason in the generation info, the usage on the message.
          ...(step.finish ? { generationInfo: { finish_reason: step.finish } } : {}),
          message: new AIMessage({
            content: step.text,
            ...(step.usage
              ? {
                  usage_metadata: {
                    input_tokens: step.usage[0],
                    output_tokens: step.usage[1],
                    total_tokens: step.usage[0] + step.usage[1],
                  },
                }
              : {}),
          }),
        },
      ],
    };
  }
}

describe("createGradingModel with a dialect that asks for whole replies", () => {
  const setUpWhole = (script: WholeStep[], limits: { timeoutMs?: number; maxRetries?: number } = {}) => {
    const chatModel = new WholeReplyChatModel(script);
    return { ...gradingModelOver(chatModel, { wholeReplies: true, limits }), chatModel };
  };

  it("takes the reply from _generate exactly, malformed or cut off, with its finish reason and usage, and never streams", async () => {
    const { model, chatModel } = setUpWhole([
      { text: '{"points": 2, tru', finish: "length", usage: [120, 7] },
    ]);
    const attempt = await model.complete(call());
    expect(attempt).toMatchObject({
      reply: '{"points": 2, tru',
      finishReason: "length",
      usage: { inputTokens: 120, outputTokens: 7 },
    });
    expect(chatModel.calls).toBe(1);
  });

  it("treats an answer without a completion (an HTML page, an empty object) as the provider's failure, and retries it", async () => {
    const { model, chatModel } = setUpWhole([{ generations: 0 }, { generations: 0 }, { generations: 0 }]);
    const failure = await model.complete(call()).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "provider_error", status: 502 });
    expect(chatModel.calls).toBe(3);
    const recovers = setUpWhole([{ generations: 0 }, { text: '{"points": 1}', finish: "stop" }]);
    await expect(recovers.model.complete(call())).resolves.toMatchObject({ reply: '{"points": 1}' });
  });

  it("counts a request given up after it went out (aborted, timed out) at its prompt's estimate, and not one that failed", async () => {
    const prompt = gradingModelOver(new WholeReplyChatModel([])).model.estimateInputTokens({
      task: "grade-all-criteria",
      variables,
    });
    const reported: { usage: { inputTokens: number; outputTokens: number }; problem: string }[] = [];
    const onUnansweredUsage = (usage: { inputTokens: number; outputTokens: number }, problem: string) =>
      reported.push({ usage, problem });

    // The provider goes on with a request whose client left, and bills it.
    const grade = new AbortController();
    const { model: aborted } = setUpWhole([{ text: '{"points": 2}', finish: "stop", delayMs: 5_000 }]);
    const clientLeft = new Error("the client left");
    setTimeout(() => grade.abort(clientLeft), 20);
    await expect(aborted.complete(call({ signal: grade.signal, onUnansweredUsage }))).rejects.toBe(
      clientLeft,
    );
    expect(reported).toEqual([
      {
        usage: { inputTokens: prompt, outputTokens: 0 },
        problem: "the call was aborted after its request had gone to the provider",
      },
    ]);

    const { model: slow } = setUpWhole(
      [
        { text: '{"points": 2}', finish: "stop", delayMs: 5_000 },
        { text: '{"points": 2}', finish: "stop", usage: [120, 7] },
      ],
      { timeoutMs: 30, maxRetries: 1 },
    );
    await expect(slow.complete(call({ onUnansweredUsage }))).resolves.toMatchObject({
      reply: '{"points": 2}',
    });
    expect(reported[1]).toEqual({
      usage: { inputTokens: prompt, outputTokens: 0 },
      problem: "the call timed out after its request had gone to the provider",
    });

    // An HTTP error or a refused connection: nothing was answered, nothing billed.
    const refused = Object.assign(new Error("503 overloaded"), { status: 503 });
    const { model: failing } = setUpWhole([{ throws: refused }, { text: '{"points": 2}', finish: "stop" }]);
    await failing.complete(call({ onUnansweredUsage }));
    const before = new AbortController();
    before.abort();
    const { model: unstarted } = setUpWhole([{ text: '{"points": 2}', finish: "stop" }]);
    await expect(unstarted.complete(call({ signal: before.signal, onUnansweredUsage }))).rejects.toBe(
      before.signal.reason,
    );
    expect(reported).toHaveLength(2);
  });
});
