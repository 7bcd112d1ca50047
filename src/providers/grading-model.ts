import { backoffMs } from "../lib/backoff.js";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, type AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { RunnableBinding, type Runnable } from "@langchain/core/runnables";
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import type { Logger } from "pino";
import type { z } from "zod";
import { AppError } from "../grading/errors.js";
import type {
  FinishReason,
  GradingModel,
  ModelAttempt,
  ModelCall,
  PromptTask,
  ProviderRetry,
  RequestGate,
  TokenUsage,
} from "../grading/ports.js";
import type { Clock } from "../lib/clock.js";
import { createPriorityLimiter } from "../lib/concurrency.js";
import { isDatabaseBusy } from "../lib/database-busy.js";
import { storageUnavailableCode } from "../lib/storage-unavailable.js";
import { gradingChatPrompt } from "./preparsed-prompt-template.js";
import type { PromptLibrary } from "./prompt-library.js";
import { classifyProviderError, ProviderFailure } from "./provider-failure.js";

/** A JSON schema object as LangChain and the SDKs take it. */
export type JsonSchema = Record<string, unknown>;

/** A chat model bound to a reply schema: prompt messages in, streamed message chunks out. */
export type BoundChatModel = Runnable<BaseLanguageModelInput, AIMessageChunk>;

/** A task's chain: its prompt template, then the chat model bound to the reply schema. */
interface GradingChain {
  template: ChatPromptTemplate;
  /** The bound model's message chunks for the prompt's messages (see {@link streamerFor}). */
  stream: (messages: BaseMessage[], signal: AbortSignal) => AsyncIterable<AIMessageChunk>;
}

/**
 * How a chain gets its reply. Every dialect binds its reply schema as a RunnableBinding over the chat model
 * (what `Runnable.withConfig` makes; ChatOpenAI's own `withConfig` makes a new model instead, see
 * hosted-dialects.ts); the reply then comes from the model's own methods, called with the bound options:
 * `_generate` for a dialect that asks for whole replies (ProviderDialect.wholeReplies), its one message
 * given as the only chunk; otherwise `_streamResponseChunks`, the method each LangChain chat model
 * implements and `stream` wraps. The same request and the same message objects (their
 * `response_metadata` completed from the generation info, as `invoke` and `stream` do). What is left out
 * is the wrapper's work for nothing we use: the callback manager (which would also send student answers
 * to a tracing service whenever LANGSMITH_TRACING is set in the environment), tracing parameters and
 * joining every chunk into one. About a sixth of a model call's CPU against an instant server. Any other
 * runnable, or a streaming dialect's model that only implements `_generate`, goes through `transform`.
 */
function streamerFor(model: BoundChatModel, wholeReplies: boolean): GradingChain["stream"] {
  if (
    model instanceof RunnableBinding &&
    model.bound instanceof BaseChatModel &&
    (model.configFactories?.length ?? 0) === 0
  ) {
    const chatModel = model.bound;
    const bound = model.config as Record<string, unknown>;
    if (wholeReplies) {
      return async function* (messages, signal) {
        const result = await chatModel._generate(messages, { ...bound, signal });
        // An AIMessage: every field the reply is read from (content, response_metadata, usage_metadata,
        // additional_kwargs) is where a chunk has it.
        for (const generation of result.generations) yield replyMessage(generation);
      };
    }
    if (
      chatModel._streamResponseChunks !== BaseChatModel.prototype._streamResponseChunks &&
      !chatModel.disableStreaming
    ) {
      return async function* (messages, signal) {
        for await (const chunk of chatModel._streamResponseChunks(messages, { ...bound, signal })) {
          yield replyMessage(chunk);
        }
      };
    }
  }
  return (messages, signal) => model.transform(once(messages), { signal }) as AsyncIterable<AIMessageChunk>;
}

/** A generation's message with its `response_metadata` completed from the generation info, as `invoke` and `stream` do. */
function replyMessage(generation: {
  message: BaseMessage;
  generationInfo?: Record<string, unknown>;
}): AIMessageChunk {
  const message = generation.message as AIMessageChunk;
  message.response_metadata = { ...generation.generationInfo, ...message.response_metadata };
  return message;
}

/**
 * What differs between providers; everything else (prompts, streaming, retries, limits, usage) is
 * shared by createGradingModel. Each dialect asks for strict structured output in its provider's
 * native way and maps the provider's stop reasons onto the port's closed set.
 */
export interface ProviderDialect {
  /** How structured output is requested, for the audit record and the cache key. */
  readonly structuredOutput: string;
  /**
   * Whether the reply is asked for whole, in one response (`stream: false`), instead of streamed. The
   * text is the same; a streamed reply costs a parsed event and a message chunk per token or two, which
   * against a provider's hundreds of events per reply is most of a call's CPU (see docs/decisions/0003).
   */
  readonly wholeReplies?: boolean;
  /** The chat model at a temperature; called once per temperature and kept. */
  chatModel(temperature: number): Promise<BaseChatModel>;
  /** The model bound to a reply schema; called once per schema key and temperature, and kept. */
  bindReplySchema(
    model: BaseChatModel,
    schema: { name: string; key: string; jsonSchema: JsonSchema },
  ): BoundChatModel;
  /** The finish reason a reply message or streamed chunk reports, or undefined when it reports none. */
  finishReason(chunk: AIMessageChunk): FinishReason | undefined;
  /**
   * Refusal text a reply message or streamed chunk carries outside its content (OpenAI's `refusal`), if the
   * provider has such a channel: kept as the reply, so the audit shows what the model said, and the
   * attempt's finish reason becomes `refusal`.
   */
  refusalText?(chunk: AIMessageChunk): string | undefined;
  /** A cheap request that shows the provider answers (a model list); throws on failure. */
  checkReady(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export interface GradingModelOptions {
  /** `provider:model`. */
  id: string;
  dialect: ProviderDialect;
  prompts: PromptLibrary;
  clock: Clock;
  logger: Logger;
  limits: {
    /** Timeout of one attempt, the whole stream included. */
    timeoutMs: number;
    maxRetries: number;
    maxRetryWaitMs: number;
    /** Model calls in flight at once in this process, across all grades. */
    maxInFlight: number;
  };
  maxOutputTokens: number;
  /**
   * The provider's request rate shared across processes (GRADER_REQUESTS_PER_MINUTE): every attempt,
   * each retry too, passes it first, and a 429 with Retry-After holds it for everyone. None: no limit.
   */
  gate?: RequestGate;
  /** Source of jitter for backoff; injectable so tests are deterministic. */
  random?: () => number;
}

/** The grading model with the start-up step that only its composition root calls. */
export interface PreparableGradingModel extends GradingModel {
  /**
   * Makes the chat models for these temperatures now rather than on the first grade: a hosted
   * provider's LangChain package and SDK are imported by `initChatModel` on first use (about half a
   * second under tsx), which would otherwise land on the first student's request, and a model that
   * cannot be made fails the start-up instead of every grade. No request reaches the provider.
   */
  prepare(temperatures: readonly number[]): Promise<void>;
}

/** Chains kept at once; a chain is a few objects, and one exists per rubric version, criterion and temperature. */
const maxCachedChains = 2_000;

/** Why an attempt the provider had begun to answer has no reply (its usage is still reported: it was billed). */
const abortedAfterAnswerBegan = "the call was aborted after the provider had begun to answer";
const timedOutAfterAnswerBegan = "the call timed out after the provider had begun to answer";
const failedAfterAnswerBegan = "the call failed after the provider had begun to answer";
/** The same for a whole reply (ProviderDialect.wholeReplies), of which nothing is seen before it is all there. */
const abortedAfterRequestSent = "the call was aborted after its request had gone to the provider";
const timedOutAfterRequestSent = "the call timed out after its request had gone to the provider";

/**
 * The grading model port over any LangChain chat model: prompt templates from prompts/ → the model
 * bound to strict structured output made from the core's reply schema, its reply streamed or, where the
 * dialect asks for it whole (OpenAI and Azure), in one response.
 *
 * Either way the reply text is exactly as the model wrote it, also when it is malformed, out of schema or
 * cut off, together with the finish reason and the token usage, from LangChain's own message objects;
 * the SDKs' parse() path throws those replies away (see docs/decisions/0001 and 0003). Judging the reply
 * is the core's job.
 *
 * Built once and reused: one chat model per temperature, one JSON schema and one chain per schema key
 * (rubric version, criterion) and temperature. Retries live here, in one place for every provider
 * (LangChain's and the SDKs' own are 0): only provider failures that may pass are retried, waiting what
 * Retry-After says or an exponential backoff with jitter; anything that is not the provider's fault is
 * `internal_error` at once. A process-wide limit bounds the calls in flight; waiting interactive calls
 * take a freed slot before waiting batch calls.
 *
 * With a request gate, an attempt passes the gate before it waits for a slot here: an interactive call
 * never queues for the gate behind batch calls that hold this process's slots.
 */
export function createGradingModel(options: GradingModelOptions): PreparableGradingModel {
  const { dialect, prompts, clock, logger, limits } = options;
  const wholeReplies = dialect.wholeReplies === true;
  const random = options.random ?? Math.random;
  const { gate } = options;
  const inFlight = createPriorityLimiter(limits.maxInFlight, ["interactive", "batch"]);
  /**
   * Without a request gate, the time until which a provider's 429 with Retry-After holds every call of
   * this process (epoch ms): its rate limit is the account's, so a call started meanwhile would only be
   * refused again, and add to the burst that meets the provider when the wait ends.
   */
  let heldUntilMs = 0;
  const templates = new Map<PromptTask, ChatPromptTemplate>();
  for (const task of Object.keys(prompts.tasks) as PromptTask[]) {
    templates.set(task, gradingChatPrompt(prompts.tasks[task].system, prompts.tasks[task].user));
  }
  const repairTemplate = ChatPromptTemplate.fromMessages([["human", prompts.repair]]);
  const chatModels = new Map<number, Promise<BaseChatModel>>();
  const chains = new Map<string, Promise<GradingChain>>();
  /** A reply longer than this (maxReplyCharsFor) is not read on, stored, or sent back in a repair call. */
  const maxReplyChars = maxReplyCharsFor(options.maxOutputTokens);
  const jsonSchemas = new Map<string, JsonSchema>();

  function chatModelAt(temperature: number): Promise<BaseChatModel> {
    let model = chatModels.get(temperature);
    if (!model) {
      model = dialect.chatModel(temperature);
      // A failed construction (a bad option) must not stay cached.
      model.catch(() => chatModels.delete(temperature));
      chatModels.set(temperature, model);
    }
    return model;
  }

  function jsonSchemaFor(call: ModelCall): JsonSchema {
    let schema = jsonSchemas.get(call.schemaKey);
    if (!schema) {
      schema = replyJsonSchema(call.replySchema, call.replySchemaName);
      jsonSchemas.set(call.schemaKey, schema);
      if (jsonSchemas.size > maxCachedChains) jsonSchemas.delete(jsonSchemas.keys().next().value!);
    }
    return schema;
  }

  function chainFor(call: ModelCall): Promise<GradingChain> {
    const key = `${call.task}\u0000${call.temperature}\u0000${call.schemaKey}`;
    const cached = chains.get(key);
    if (cached) {
      // Most recently used last: the map's order is the eviction order.
      chains.delete(key);
      chains.set(key, cached);
      return cached;
    }
    const template = templates.get(call.task);
    if (!template) return Promise.reject(new Error(`no prompt template for task ${call.task}`));
    const chain = chatModelAt(call.temperature).then((model): GradingChain => {
      const bound = dialect.bindReplySchema(model, {
        name: call.replySchemaName,
        key: call.schemaKey,
        jsonSchema: jsonSchemaFor(call),
      });
      return { template, stream: streamerFor(bound, wholeReplies) };
    });
    chain.catch(() => chains.delete(key));
    chains.set(key, chain);
    if (chains.size > maxCachedChains) chains.delete(chains.keys().next().value!);
    return chain;
  }

  async function attemptOnce(call: ModelCall): Promise<ModelAttempt> {
    const { template, stream: streamChunks } = await chainFor(call);
    const repairMessages = call.repair
      ? [
          // Anthropic refuses an assistant turn with no text (400): an empty reply is said in words; the
          // problems sent after it say that it was empty.
          new AIMessage(call.repair.previousReply.trim() === "" ? "(no text)" : call.repair.previousReply),
          ...(await repairTemplate.formatMessages({
            problems: call.repair.problems.map((problem) => `- ${problem}`).join("\n"),
          })),
        ]
      : [];
    // One controller per attempt, aborted by the caller's signal or by the attempt's own timeout (which
    // covers the whole stream, not only the wait for response headers). Cheaper than AbortSignal.any.
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort(new Error(`no complete reply within ${limits.timeoutMs} ms`));
    }, limits.timeoutMs);
    const forwardAbort = () => attempt.abort(call.signal?.reason);
    if (call.signal?.aborted) forwardAbort();
    else call.signal?.addEventListener("abort", forwardAbort, { once: true });
    const started = performance.now();
    let text = "";
    let finishReason: FinishReason | null = null;
    const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
    let streaming = false;
    let chunks = 0;
    let refused = false;
    /**
     * An attempt the provider had begun to answer is billed all the same, whatever ends it without a reply
     * (the grade's abort, this attempt's timeout, a stream cut or refused on the way, a reply over the
     * limit): its usage as reported, or estimated where it reported none (ModelCall.onUnansweredUsage).
     * A whole reply shows nothing until it is there: a request that was sent and then given up (aborted,
     * timed out) is counted at its prompt's estimate, since the provider goes on with a request whose client
     * left and bills it; one that failed (an HTTP error, a refused connection) is not.
     */
    const reportUnansweredUsage = (problem: string, givenUpAfterSending?: string) => {
      if (!call.onUnansweredUsage) return;
      if (chunks === 0) {
        if (!(givenUpAfterSending && wholeReplies && streaming)) return;
        problem = givenUpAfterSending;
      }
      call.onUnansweredUsage(
        {
          inputTokens: usage.inputTokens || estimatePromptTokens(call),
          outputTokens: usage.outputTokens || estimateTokens(text),
        },
        problem,
      );
    };
    try {
      // The chain's two steps in turn: the same prompt, model call and chunks, without a RunnableSequence's
      // own callback layer and chunk joining around them, nor a web ReadableStream around the generator
      // (together about a fifth of a call's CPU against an instant server, for nothing we use).
      const prompt = await template.formatPromptValue({ ...call.variables, repair_messages: repairMessages });
      streaming = true;
      for await (const chunk of streamChunks(prompt.toChatMessages(), attempt.signal)) {
        chunks++;
        text += chunkText(chunk);
        const refusal = dialect.refusalText?.(chunk);
        if (refusal) {
          text += refusal;
          refused = true;
        }
        if (text.length > maxReplyChars) {
          attempt.abort(new Error("reply longer than the output limit allows"));
          throw new ProviderFailure(
            "provider_error",
            false,
            `the reply is longer than ${options.maxOutputTokens} output tokens can be (over ${maxReplyChars} characters)`,
          );
        }
        finishReason = dialect.finishReason(chunk) ?? finishReason;
        if (chunk.usage_metadata) {
          // Counts are running totals where a provider reports them more than once (Anthropic: input at
          // the start, output so far at the end), and reported once elsewhere: the largest is the count.
          usage.inputTokens = Math.max(usage.inputTokens, tokenCount(chunk.usage_metadata.input_tokens));
          usage.outputTokens = Math.max(usage.outputTokens, tokenCount(chunk.usage_metadata.output_tokens));
        }
      }
    } catch (error) {
      if (call.signal?.aborted) {
        reportUnansweredUsage(abortedAfterAnswerBegan, abortedAfterRequestSent);
        throw call.signal.reason;
      }
      if (timedOut) reportUnansweredUsage(timedOutAfterAnswerBegan, timedOutAfterRequestSent);
      else reportUnansweredUsage(failedAfterAnswerBegan);
      if (timedOut) {
        throw new ProviderFailure(
          "provider_timeout",
          true,
          `no complete reply within ${limits.timeoutMs} ms`,
        );
      }
      // The SDKs parse each stream event with JSON.parse: an event cut or garbled on the way (a proxy,
      // a dropped packet) is the provider's failure, and the next attempt may well pass.
      if (streaming && error instanceof SyntaxError) {
        throw new ProviderFailure(
          "provider_error",
          true,
          wholeReplies
            ? "the provider's answer is not JSON"
            : "the provider sent a stream event that is not JSON",
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener("abort", forwardAbort);
    }
    // Some clients end a stream quietly when it is aborted: an aborted call has no reply (a reply that
    // came whole just after the abort is not used either, but its usage is reported: it was billed).
    if (call.signal?.aborted) {
      reportUnansweredUsage(abortedAfterAnswerBegan, abortedAfterRequestSent);
      throw call.signal.reason;
    }
    if (timedOut) {
      reportUnansweredUsage(timedOutAfterAnswerBegan, timedOutAfterRequestSent);
      throw new ProviderFailure("provider_timeout", true, `no complete reply within ${limits.timeoutMs} ms`);
    }
    if (chunks === 0) {
      // Every streamed reply has at least one event, an empty one too (its finish reason), and every whole
      // reply a choice. None at all is not the model answering nothing but no reply: a 200 with an HTML
      // page (a captive portal, a misrouted proxy), or a plain JSON body where a stream was asked for.
      // Grading it would turn an outage into "the model's reply was unusable" grades for review.
      throw new ProviderFailure(
        "provider_error",
        true,
        wholeReplies
          ? "the provider's answer was not a chat completion (an HTML page from a proxy or portal?)"
          : "the provider's answer was not a stream of events (an HTML page or a plain JSON body?)",
      );
    }
    if (refused) finishReason = "refusal";
    return { reply: text, finishReason, usage, latencyMs: Math.round(performance.now() - started) };
  }

  // The templates' own text is the same in every call: counted once.
  const templateTokens = new Map<PromptTask, number>();
  for (const task of Object.keys(prompts.tasks) as PromptTask[]) {
    templateTokens.set(
      task,
      estimateTokens(prompts.tasks[task].system) + estimateTokens(prompts.tasks[task].user),
    );
  }

  function estimateInputTokens(call: Pick<ModelCall, "task" | "variables">): number {
    let estimate = templateTokens.get(call.task) ?? 0;
    for (const value of Object.values(call.variables)) estimate += estimateTokens(value);
    return estimate;
  }

  /** An upper estimate of a call's prompt: its variables and templates (a repair adds the unusable reply and the problems). */
  function estimatePromptTokens(call: ModelCall): number {
    const repair = call.repair
      ? estimateTokens(call.repair.previousReply) + estimateTokens(call.repair.problems.join("\n"))
      : 0;
    return estimateInputTokens(call) + repair;
  }

  /**
   * What a request counts against a tokens-per-minute limit, as providers count it: the prompt plus the
   * output limit asked for.
   */
  function estimateRequestTokens(call: ModelCall): number {
    return estimatePromptTokens(call) + options.maxOutputTokens;
  }

  return {
    id: options.id,
    parameters: {
      maxOutputTokens: options.maxOutputTokens,
      structuredOutput: dialect.structuredOutput,
    },
    promptVersion: prompts.version,
    estimateInputTokens,
    async checkReady(signal) {
      try {
        await dialect.checkReady(signal ?? AbortSignal.timeout(5_000));
      } catch (error) {
        throw (
          classifyProviderError(error) ?? new ProviderFailure("provider_unavailable", true, "not ready")
        ).toAppError();
      }
    },
    async prepare(temperatures) {
      await Promise.all([...new Set(temperatures)].map((temperature) => chatModelAt(temperature)));
    },
    close: () => dialect.close(),
    async complete(call) {
      const priority = call.priority ?? "interactive";
      const providerRetries: ProviderRetry[] = [];
      // When this call has waited up to (its own retry wait included): a hold it has already waited out
      // is not waited again.
      let waitedUntilMs = clock.now().getTime();
      for (let retry = 0; ; retry++) {
        if (gate) await passGate(gate, call, logger, estimateRequestTokens(call));
        else if (heldUntilMs > waitedUntilMs) {
          const now = Math.max(clock.now().getTime(), waitedUntilMs);
          if (heldUntilMs > now) {
            const until = heldUntilMs;
            await clock.sleep(until - now, call.signal);
            if (call.signal?.aborted) throw call.signal.reason;
            waitedUntilMs = until;
          }
        }
        try {
          const attempt = await inFlight(priority, () => attemptOnce(call), call.signal);
          return providerRetries.length > 0 ? { ...attempt, providerRetries } : attempt;
        } catch (error) {
          if (call.signal?.aborted) throw error;
          const failure = classifyProviderError(error);
          if (!failure) {
            logger.error(
              { err: error, task: call.task },
              "model call failed with an error that is not the provider's",
            );
            throw new AppError("internal_error", { cause: error });
          }
          const log = { task: call.task, retry, code: failure.code, status: failure.status };
          // The provider's own words (see ProviderFailure.providerDetail) at debug only.
          logger.debug(
            { ...log, detail: failure.message, providerDetail: failure.providerDetail },
            "model call failed: the provider's reason",
          );
          const asked = failure.retryAfterMs;
          if (gate && failure.status === 429 && asked !== undefined && limits.maxRetryWaitMs > 0) {
            // The provider's limit is the account's, not this call's: everyone waits, in every process.
            // Never longer than a call may wait: a Retry-After of years (a proxy's mistake, or an attack)
            // would otherwise stop all grading, across restarts, for as long as it says.
            const holdMs = Math.min(asked, limits.maxRetryWaitMs);
            await holdGate(gate, new Date(clock.now().getTime() + holdMs), logger, log);
          } else if (!gate && failure.status === 429 && asked !== undefined && limits.maxRetryWaitMs > 0) {
            // No shared gate: the calls of this process wait together, new ones too, instead of each
            // going on until the provider refuses it as well.
            heldUntilMs = Math.max(
              heldUntilMs,
              clock.now().getTime() + Math.min(asked, limits.maxRetryWaitMs),
            );
          }
          if (!failure.retryable || retry >= limits.maxRetries) {
            logger.warn(log, "model call failed");
            throw failure.toAppError();
          }
          if (asked !== undefined && asked > limits.maxRetryWaitMs) {
            // GRADER_MAX_RETRY_WAIT_MS bounds the waits a provider asks for; our own backoff (at most 8 s)
            // is not bounded by it. Whatever the status, the caller is told to come back later (503).
            logger.warn(
              { ...log, waitMs: asked },
              "model call failed; provider asks for a longer wait than allowed",
            );
            throw new ProviderFailure(
              "provider_unavailable",
              true,
              failure.message,
              failure.status,
              asked,
              failure.providerDetail,
            ).toAppError();
          }
          // 0.5 s, 1 s, 2 s … up to 8 s, unless the provider says how long.
          const wait = asked ?? backoffMs(retry + 1, { baseMs: 500, maxMs: 8_000, random });
          logger.info({ ...log, waitMs: wait }, "model call failed; retrying");
          providerRetries.push({ code: failure.code, status: failure.status ?? null, waitMs: wait });
          // Never earlier than a hold it waited out before: a clock read after a wait may lag it.
          waitedUntilMs = Math.max(waitedUntilMs, clock.now().getTime() + wait);
          await clock.sleep(wait, call.signal);
          if (call.signal?.aborted) throw call.signal.reason;
        }
      }
    },
  };
}

/**
 * Waits for the request gate. Rethrows the abort when the call's signal aborts; a gate that fails (its
 * database) is `internal_error` (`server_busy` when another process held its lock too long,
 * `storage_unavailable` when the database cannot store data now): not the
 * provider's failure, so it is neither classified nor retried.
 */
async function passGate(gate: RequestGate, call: ModelCall, logger: Logger, tokens: number): Promise<void> {
  try {
    await gate.acquire(call.priority ?? "interactive", call.signal, tokens);
  } catch (error) {
    if (call.signal?.aborted) throw call.signal.reason;
    if (isDatabaseBusy(error)) {
      // Another process held the SQLite file's write lock too long: passing, so the request is answered
      // 503 with Retry-After and a job item waits (as internal_error, it failed for good).
      logger.warn({ err: error, task: call.task }, "the request gate's database was busy");
      throw new AppError("server_busy", {
        message: "The database is busy with another process's writes; try again shortly.",
        cause: error,
      });
    }
    if (storageUnavailableCode(error) !== undefined) {
      // The gate's row could not be written (a full disk, a read-only file, a PostgreSQL server out of
      // space or connections): retryable, not a bug. Logged once, where the request or job item ends.
      throw new AppError("storage_unavailable", { cause: error });
    }
    logger.error({ err: error, task: call.task }, "the request gate failed");
    throw new AppError("internal_error", { cause: error });
  }
}

/** Holds the gate after a 429; a failure to hold it is logged, and the call goes on with its own wait. */
async function holdGate(
  gate: RequestGate,
  until: Date,
  logger: Logger,
  log: Record<string, unknown>,
): Promise<void> {
  try {
    await gate.holdUntil(until);
  } catch (error) {
    logger.warn({ ...log, err: error }, "the request gate could not be held after a 429");
  }
}

/**
 * The reply schema as a JSON schema, converted once per schema key the way LangChain's own structured
 * output converts zod, titled with the reply's name at its root only. LangChain's override titles every
 * node ("title": "grade" on each criterion, rationale, evidence and points): about 190 titles for a
 * 30-criterion rubric, sent and billed as input tokens on every call, and telling the model nothing.
 */
function replyJsonSchema(schema: z.ZodType, name: string): JsonSchema {
  return toJsonSchema(schema, {
    cycles: "ref",
    reused: "ref",
    override(context) {
      if (context.path.length === 0) context.jsonSchema.title = name;
    },
  });
}

/** One value as the async generator the bound model's `transform` reads its input from. */
// eslint-disable-next-line @typescript-eslint/require-await -- the value is already there; the type is what is needed.
async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}

/** The text a chunk (or a whole reply's message) adds: string content, text blocks, streamed tool-call arguments. */
function chunkText(chunk: AIMessageChunk): string {
  let text = "";
  const { content } = chunk;
  if (typeof content === "string") text += content;
  else {
    for (const block of content) {
      if (block.type === "text" && typeof block.text === "string") text += block.text;
      if (block.type === "input_json_delta" && typeof block.input === "string") text += block.input;
    }
  }
  for (const toolChunk of chunk.tool_call_chunks ?? []) text += toolChunk.args ?? "";
  return text;
}

/**
 * No request has more tokens than this: about twice the largest context window on offer. A count above
 * it is not a count but a broken or hostile server, and one such number would otherwise cost a school
 * millions in the usage report and spend the daily budget in one grade.
 */
const maxPlausibleTokens = 4_000_000;

/**
 * A token count as the provider reported it, made safe to store, add and price: a whole number from 0 to
 * maxPlausibleTokens. A fraction is rounded; anything that is not a finite number (a string, NaN) counts
 * as not reported (0), and an absurd count as the most a request can have.
 */
function tokenCount(reported: unknown): number {
  if (typeof reported !== "number" || !Number.isFinite(reported) || reported <= 0) return 0;
  return Math.min(Math.round(reported), maxPlausibleTokens);
}

/**
 * More text than `maxOutputTokens` can produce (a token is rarely more than a few characters; 64 is far beyond
 * any tokenizer's long whitespace runs): a server that ignores max_tokens, or a hostile one.
 */
export function maxReplyCharsFor(maxOutputTokens: number): number {
  return maxOutputTokens * 64 + 4_096;
}

/**
 * The most bytes a whole reply's HTTP body can take for a reply within the output limit: each character
 * written as a six-byte JSON escape at worst, and room for the rest of the completion (usage, ids).
 */
export function maxWholeReplyBytesFor(maxOutputTokens: number): number {
  return maxReplyCharsFor(maxOutputTokens) * 6 + 65_536;
}

/**
 * An upper estimate of tokens: ASCII text averages about four characters per token in the tokenizers
 * in use, so a third of them errs high; every other character (accents, Persian, CJK) counts as a token.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) ascii++;
    else if (unit < 0xdc00 || unit > 0xdfff) other++; // a surrogate pair counts once
  }
  return Math.ceil(ascii / 3) + other;
}
