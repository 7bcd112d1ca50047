import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk } from "@langchain/core/outputs";
import type { ChatHistoryItem, LlamaContextSequence, LlamaGrammar } from "node-llama-cpp";
import type { Config } from "../config/config.js";
import type { JsonSchema, ProviderDialect } from "./grading-model.js";
import { ProviderFailure } from "./provider-failure.js";

type ModelSettings = Config["model"];

/** The reply schema a bound call carries to the model: its key (for the grammar cache) and JSON schema. */
interface ReplySchemaOption {
  key: string;
  jsonSchema: JsonSchema;
}

/**
 * Caps the grammar puts on free text so that a small local model cannot ramble until the token limit
 * and cut its JSON off: at most this many quotes per criterion, and every string's share of the output
 * budget (see stringLengthCap). They are part of no zod rule: a reply within them is a valid reply.
 */
const grammarLimits = {
  maxArrayItems: 3,
  minStringLength: 40,
  maxStringLength: 1_000,
  textShareOfOutput: 0.7,
};

/**
 * A model run in this process through @langchain/community's ChatLlamaCpp (node-llama-cpp), for a
 * school with no server and no provider. The GGUF file is loaded once per process; a context with a
 * few sequences is shared by every call (the process-wide in-flight limit queues the rest), and each
 * call's output is constrained by a grammar made from the reply's JSON schema, built once per schema.
 *
 * ChatLlamaCpp is extended, not replaced: its own streaming evaluates raw tokens without grammar, stop
 * or token limit, and its sessions keep one conversation across calls (one student's answer would
 * leak into the next); the subclass runs each call in a fresh chat session on a pooled sequence.
 * Throws at start-up when the file cannot be loaded (no prebuilt binary, not a GGUF model).
 */
export async function llamaCppDialect(settings: ModelSettings): Promise<ProviderDialect> {
  const { getLlama, LlamaChatSession } = await import("node-llama-cpp");
  const { ChatLlamaCpp } = await import("@langchain/community/chat_models/llama_cpp");
  const gpu = settings.llamacpp.gpu === "off" ? false : settings.llamacpp.gpu;
  // `build: "never"`: never compile llama.cpp at run time (no network, no toolchain); use the prebuilt binaries.
  const llama = await getLlama({ gpu, build: "never", logLevel: "error" as never });
  const model = await llama.loadModel({ modelPath: settings.name });
  const sequenceCount = Math.max(1, Math.min(settings.maxInFlight, settings.llamacpp.parallel));
  const context = await model.createContext({
    contextSize: settings.llamacpp.contextSize,
    threads: settings.llamacpp.threads,
    sequences: sequenceCount,
  });
  const freeSequences: LlamaContextSequence[] = Array.from({ length: sequenceCount }, () =>
    context.getSequence(),
  );
  const waitingForSequence: ((sequence: LlamaContextSequence) => void)[] = [];
  const grammars = new Map<string, Promise<LlamaGrammar>>();
  // Characters per token of this model's vocabulary (about 4 for real models, about 1 for tiny ones).
  const sampleText =
    "The student explains that plants use light energy to turn water and carbon dioxide into sugar.";
  const charactersPerToken = sampleText.length / Math.max(1, model.tokenize(sampleText).length);
  let closed = false;

  async function acquireSequence(): Promise<LlamaContextSequence> {
    const free = freeSequences.pop();
    if (free) return free;
    return new Promise((resolve) => waitingForSequence.push(resolve));
  }

  async function releaseSequence(sequence: LlamaContextSequence): Promise<void> {
    // Nothing of one call may be seen by the next.
    await sequence.clearHistory();
    const next = waitingForSequence.shift();
    if (next) next(sequence);
    else freeSequences.push(sequence);
  }

  function grammarFor(schema: ReplySchemaOption): Promise<LlamaGrammar> {
    let grammar = grammars.get(schema.key);
    if (!grammar) {
      // The schema is built by toGrammarSchema at run time; its static type cannot be known here.
      const cap = stringLengthCap(schema.jsonSchema, settings.maxOutputTokens * charactersPerToken);
      grammar = llama.createGrammarForJsonSchema(toGrammarSchema(schema.jsonSchema, cap) as never);
      grammar.catch(() => grammars.delete(schema.key));
      grammars.set(schema.key, grammar);
      if (grammars.size > 500) grammars.delete(grammars.keys().next().value!);
    }
    return grammar;
  }

  class GradingChatLlamaCpp extends ChatLlamaCpp {
    override async *_streamResponseChunks(
      messages: BaseMessage[],
      options: this["ParsedCallOptions"],
      _runManager?: CallbackManagerForLLMRun,
    ): AsyncGenerator<ChatGenerationChunk> {
      const replySchema = (options as { replySchema?: ReplySchemaOption }).replySchema;
      const grammar = replySchema ? await grammarFor(replySchema) : undefined;
      const { systemPrompt, history, prompt } = toChatTurns(messages);
      const sequence = await acquireSequence();
      let result;
      try {
        const session = new LlamaChatSession({
          contextSequence: sequence,
          systemPrompt,
          autoDisposeSequence: false,
        });
        try {
          if (history.length > 0)
            session.setChatHistory([{ type: "system", text: systemPrompt }, ...history]);
          result = await session.promptWithMeta(prompt, {
            ...(grammar ? { grammar } : {}),
            maxTokens: this.maxTokens,
            temperature: this.temperature,
            signal: options.signal,
          });
        } finally {
          session.dispose({ disposeSequence: false });
        }
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const message = error instanceof Error ? error.message : String(error);
        // The prompt does not fit, or the model failed: the same call would fail again.
        throw new ProviderFailure(
          "provider_error",
          false,
          `the local model failed: ${message.slice(0, 200)}`,
        );
      } finally {
        await releaseSequence(sequence);
      }
      const inputTokens =
        model.tokenize(systemPrompt).length +
        model.tokenize(prompt).length +
        history.reduce((sum, item) => sum + model.tokenize(historyText(item)).length, 0);
      const outputTokens = model.tokenize(result.responseText).length;
      yield new ChatGenerationChunk({
        text: result.responseText,
        message: new AIMessageChunk({
          content: result.responseText,
          response_metadata: { finish_reason: result.stopReason === "maxTokens" ? "length" : "stop" },
          usage_metadata: {
            input_tokens: inputTokens,
            output_tokens: outputTokens,
            total_tokens: inputTokens + outputTokens,
          },
        }),
      });
    }
  }

  return {
    structuredOutput: "llamacpp_json_schema_grammar",
    chatModel: (temperature) => {
      const chatModel = new GradingChatLlamaCpp({
        modelPath: settings.name,
        temperature,
        maxTokens: settings.maxOutputTokens,
        threads: settings.llamacpp.threads,
        contextSize: settings.llamacpp.contextSize,
        maxRetries: 0,
      });
      // The model and context loaded above, not one per instance (ChatLlamaCpp.initialize would load again).
      chatModel._model = model;
      chatModel._context = context;
      return Promise.resolve(chatModel);
    },
    bindReplySchema: (chatModel, schema) =>
      chatModel.withConfig({
        replySchema: { key: schema.key, jsonSchema: schema.jsonSchema },
      } as Record<string, unknown>),
    finishReason: (chunk) => {
      const value = chunk.response_metadata?.finish_reason;
      return value === "stop" || value === "length" ? value : undefined;
    },
    checkReady: () =>
      closed
        ? Promise.reject(new ProviderFailure("provider_unavailable", true, "the local model is closed"))
        : Promise.resolve(),
    async close() {
      if (closed) return;
      closed = true;
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}

/** System prompt, earlier turns (a repair: the first question and the unusable reply), and the last question. */
function toChatTurns(messages: BaseMessage[]): {
  systemPrompt: string;
  history: ChatHistoryItem[];
  prompt: string;
} {
  let systemPrompt = "";
  const turns: { role: "user" | "model"; text: string }[] = [];
  for (const message of messages) {
    const text = typeof message.content === "string" ? message.content : message.text;
    const type = message.getType();
    if (type === "system") systemPrompt = text;
    else if (type === "ai") turns.push({ role: "model", text });
    else turns.push({ role: "user", text });
  }
  const last = turns.pop();
  if (!last || last.role !== "user") throw new Error("a local model call must end with a user message");
  const history: ChatHistoryItem[] = turns.map((turn) =>
    turn.role === "user" ? { type: "user", text: turn.text } : { type: "model", response: [turn.text] },
  );
  return { systemPrompt, history, prompt: last.text };
}

function historyText(item: ChatHistoryItem): string {
  if (item.type === "model") return item.response.filter((part) => typeof part === "string").join("");
  return typeof item.text === "string" ? item.text : "";
}

/**
 * The longest string the grammar allows: the output budget (in characters) shared by every string the
 * reply can hold, so that a reply filling every string still ends before the token limit.
 */
export function stringLengthCap(schema: JsonSchema, outputCharacters: number): number {
  const share = Math.floor(
    (outputCharacters * grammarLimits.textShareOfOutput) / Math.max(1, countStringSlots(schema)),
  );
  return Math.max(grammarLimits.minStringLength, Math.min(grammarLimits.maxStringLength, share));
}

function countStringSlots(schema: JsonSchema): number {
  if (schema.type === "string") return 1;
  if (schema.type === "array" && schema.items && typeof schema.items === "object") {
    return grammarLimits.maxArrayItems * countStringSlots(schema.items as JsonSchema);
  }
  if (schema.type === "object") {
    return Object.values((schema.properties ?? {}) as Record<string, JsonSchema>).reduce(
      (sum, child) => sum + countStringSlots(child),
      0,
    );
  }
  return 0;
}

/**
 * The reply's JSON schema in the form node-llama-cpp's grammar builder reads: `enum` and `const` on
 * their own (with a `type` beside them the builder would allow any number), no `$schema`/`title`, every
 * property in order, and finite caps on free text (see grammarLimits).
 */
export function toGrammarSchema(schema: JsonSchema, maxStringLength: number): JsonSchema {
  if (Array.isArray(schema.enum)) return { enum: schema.enum };
  if ("const" in schema) return { const: schema.const };
  const result: JsonSchema = {};
  if (schema.type !== undefined) result.type = schema.type;
  if (schema.type === "object") {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    result.properties = Object.fromEntries(
      Object.entries(properties).map(([name, child]) => [name, toGrammarSchema(child, maxStringLength)]),
    );
    result.required = Object.keys(properties);
    result.additionalProperties = false;
  } else if (schema.type === "array") {
    if (schema.items && typeof schema.items === "object") {
      result.items = toGrammarSchema(schema.items as JsonSchema, maxStringLength);
    }
    result.maxItems = grammarLimits.maxArrayItems;
  } else if (schema.type === "string") {
    result.maxLength = maxStringLength;
  }
  if (Array.isArray(schema.anyOf)) {
    result.oneOf = (schema.anyOf as JsonSchema[]).map((branch) => toGrammarSchema(branch, maxStringLength));
  }
  return result;
}
