import { ChatPromptTemplate, MessagesPlaceholder } from "@langchain/core/prompts";
import { AIMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import type { Logger } from "pino";
import type { Config } from "../config/config.js";
import { AppError, type ErrorCode } from "../grading/errors.js";
import type { GradingModel, ModelAttempt, ModelCall, PromptTask } from "../grading/ports.js";
import type { Clock } from "../lib/clock.js";
import type { PromptLibrary } from "./prompt-library.js";

export interface OpenAIGradingModelOptions {
  model: Config["model"];
  prompts: PromptLibrary;
  clock: Clock;
  logger: Logger;
  /** Source of jitter for backoff; injectable so tests are deterministic. */
  random?: () => number;
}

/**
 * The grading model port over any OpenAI-compatible chat completions API (OpenAI, Azure, Ollama, vLLM,
 * LM Studio), through LangChain: prompt templates from prompts/ → ChatOpenAI with strict JSON-schema
 * structured output built from the core's zod schema.
 *
 * Why the raw HTTP body is recorded: the OpenAI SDK's `parse()` (which LangChain uses for JSON-schema
 * output) throws on malformed, truncated or out-of-schema content and the reply is lost with it, and
 * `includeRaw` turns parse failures into a silent `parsed: null`. The core needs the exact reply for the
 * repair retry and the audit record, so this adapter reads it from the HTTP exchange itself and leaves
 * judging it to the core.
 *
 * Retries are ours, not LangChain's or the SDK's (both set to 0): only 408, 429, 5xx, timeouts and
 * connection failures are retried, at most `maxRetries` times, waiting what Retry-After says (or an
 * exponential backoff with jitter); a wait longer than `maxRetryWaitMs` is not waited out.
 */
export function createOpenAIGradingModel(options: OpenAIGradingModelOptions): GradingModel {
  const { model: settings, prompts, clock, logger } = options;
  const random = options.random ?? Math.random;
  const templates = new Map<PromptTask, ChatPromptTemplate>(
    (Object.keys(prompts.tasks) as PromptTask[]).map((task) => [
      task,
      ChatPromptTemplate.fromMessages([
        ["system", prompts.tasks[task].system],
        ["human", prompts.tasks[task].user],
        new MessagesPlaceholder("repair_messages"),
      ]),
    ]),
  );
  const repairTemplate = ChatPromptTemplate.fromMessages([["human", prompts.repair]]);

  async function callOnce(call: ModelCall): Promise<ModelAttempt> {
    const template = templates.get(call.task);
    if (!template) throw new Error(`no prompt template for task ${call.task}`);
    const exchanges: HttpExchange[] = [];
    const chatModel = new ChatOpenAI({
      model: settings.name,
      // Local OpenAI-compatible servers need no key, but the SDK insists on one.
      apiKey: settings.apiKey ?? "not-needed",
      temperature: call.temperature,
      maxTokens: settings.maxOutputTokens,
      timeout: settings.timeoutMs,
      maxRetries: 0,
      configuration: {
        ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
        fetch: recordingFetch(exchanges),
      },
    });
    const structured = chatModel.withStructuredOutput(call.replySchema, {
      name: call.replySchemaName,
      method: "jsonSchema",
      strict: true,
      includeRaw: true,
    });
    const repairMessages = call.repair
      ? [
          new AIMessage(call.repair.previousReply),
          ...(await repairTemplate.formatMessages({
            problems: call.repair.problems.map((problem) => `- ${problem}`).join("\n"),
          })),
        ]
      : [];
    const chain = template.pipe(structured);
    // One listener on the caller's signal per call (removed afterwards); LangChain and the SDK attach
    // theirs to this call's own signal, so many concurrent calls do not pile listeners on one signal.
    const callAbort = new AbortController();
    const forwardAbort = () => callAbort.abort(call.signal?.reason);
    if (call.signal?.aborted) forwardAbort();
    call.signal?.addEventListener("abort", forwardAbort, { once: true });
    const started = performance.now();
    let failure: unknown;
    try {
      await chain.invoke(
        { ...call.variables, repair_messages: repairMessages },
        { signal: callAbort.signal },
      );
    } catch (error) {
      failure = error;
    } finally {
      call.signal?.removeEventListener("abort", forwardAbort);
    }
    const latencyMs = Math.round(performance.now() - started);
    const exchange = exchanges.at(-1);
    if (exchange && exchange.status >= 200 && exchange.status < 300) {
      // The provider answered: whatever LangChain or the SDK thought of the content is for the core to judge.
      const completion = readCompletion(exchange.body);
      if (completion) return { ...completion, latencyMs };
      throw new ProviderFailure("provider_error", true, "the provider's response is not a chat completion");
    }
    if (call.signal?.aborted) throw failure instanceof Error ? failure : new Error("aborted");
    if (exchange) {
      throw failureForStatus(exchange.status, retryAfterMs(exchange.headers));
    }
    if (isTimeout(failure)) throw new ProviderFailure("provider_timeout", true, "the request timed out");
    throw new ProviderFailure("provider_unavailable", true, `connection failed: ${describe(failure)}`);
  }

  return {
    id: settings.id,
    parameters: {
      maxOutputTokens: settings.maxOutputTokens,
      structuredOutput: "json_schema_strict",
    },
    promptVersion: prompts.version,
    estimateInputTokens: (call) =>
      Math.ceil(
        (prompts.tasks[call.task].system.length +
          prompts.tasks[call.task].user.length +
          Object.values(call.variables).reduce((sum, value) => sum + value.length, 0)) /
          3,
      ),
    checkReady: () => Promise.resolve(),
    close: () => Promise.resolve(),
    async complete(call) {
      for (let retry = 0; ; retry++) {
        try {
          return await callOnce(call);
        } catch (error) {
          if (!(error instanceof ProviderFailure)) throw error;
          const log = {
            task: call.task,
            retry,
            code: error.code,
            status: error.status,
            detail: error.message,
          };
          const wait = error.retryAfterMs ?? backoffMs(retry, random);
          if (!error.retryable || retry >= settings.maxRetries || call.signal?.aborted) {
            logger.warn(log, "model call failed");
            throw error.toAppError();
          }
          if (wait > settings.maxRetryWaitMs) {
            logger.warn(
              { ...log, waitMs: wait },
              "model call failed; provider asks for a longer wait than allowed",
            );
            throw error.toAppError(wait);
          }
          logger.info({ ...log, waitMs: wait }, "model call failed; retrying");
          await clock.sleep(wait, call.signal);
        }
      }
    },
  };
}

/** One HTTP exchange with the provider, as the SDK saw it. */
interface HttpExchange {
  status: number;
  headers: Headers;
  body: string;
}

function recordingFetch(exchanges: HttpExchange[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const body = await response.clone().text();
    exchanges.push({ status: response.status, headers: response.headers, body });
    return response;
  };
}

const completionShape = (
  value: unknown,
): value is {
  choices?: { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
} => typeof value === "object" && value !== null && Array.isArray((value as { choices?: unknown }).choices);

function readCompletion(body: string): Omit<ModelAttempt, "latencyMs"> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!completionShape(parsed)) return undefined;
  const choice = parsed.choices?.[0];
  const content = choice?.message?.content;
  const refusal = choice?.message?.refusal;
  const count = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : 0);
  return {
    reply: typeof content === "string" ? content : typeof refusal === "string" ? refusal : null,
    finishReason:
      choice?.finish_reason === "stop" ||
      choice?.finish_reason === "length" ||
      choice?.finish_reason === "content_filter"
        ? choice.finish_reason
        : choice?.finish_reason
          ? "other"
          : null,
    usage: {
      inputTokens: count(parsed.usage?.prompt_tokens),
      outputTokens: count(parsed.usage?.completion_tokens),
    },
  };
}

/** A provider failure, classified once here into the catalog's closed set of provider codes. */
class ProviderFailure extends Error {
  constructor(
    readonly code: Extract<ErrorCode, `provider_${string}`>,
    readonly retryable: boolean,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ProviderFailure";
  }

  toAppError(retryAfterMs = this.retryAfterMs): AppError {
    return new AppError(this.code, {
      cause: this,
      ...(retryAfterMs !== undefined && this.code === "provider_unavailable"
        ? { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) }
        : {}),
    });
  }
}

function failureForStatus(status: number, retryAfter: number | undefined): ProviderFailure {
  if (status === 429)
    return new ProviderFailure("provider_unavailable", true, "rate limited", status, retryAfter);
  if (status === 503)
    return new ProviderFailure("provider_unavailable", true, "overloaded", status, retryAfter);
  if (status === 408 || status === 504) {
    return new ProviderFailure("provider_timeout", true, "the provider timed out", status, retryAfter);
  }
  if (status >= 500) return new ProviderFailure("provider_error", true, "server error", status, retryAfter);
  // 400/401/403/404...: retrying cannot help; the configuration or the request is wrong.
  return new ProviderFailure(
    "provider_error",
    false,
    `the provider refused the request (HTTP ${status})`,
    status,
  );
}

/** Retry-After as milliseconds: OpenAI's `retry-after-ms`, else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get("retry-after-ms");
  if (milliseconds !== null && milliseconds.trim() !== "" && Number.isFinite(Number(milliseconds))) {
    return Math.max(0, Number(milliseconds));
  }
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** 0.5 s, 1 s, 2 s, ... with jitter between half and all of it, so clients do not retry in step. */
function backoffMs(retry: number, random: () => number): number {
  const ceiling = Math.min(8_000, 500 * 2 ** retry);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === "TimeoutError" ||
    error.constructor.name === "APIConnectionTimeoutError" ||
    /timed? ?out/i.test(error.message)
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `${error.name}: ${error.message}${cause}`.slice(0, 300);
  }
  return String(error).slice(0, 300);
}
