import { existsSync, statSync } from "node:fs";
import { isIP } from "node:net";
import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { modelPriceSchema, type ModelPrice } from "../grading/cost.js";
import { packageRoot } from "../lib/package-root.js";
import { parseSecretKey } from "../lib/secret-box.js";

/**
 * The only place that reads the environment. `loadConfig` parses every variable once, reports every
 * problem at once, and returns a deeply frozen Config that the rest of the program receives. The
 * Config type is inferred from the schema below (one source); README.md's configuration table lists
 * the same variables, keep them in step.
 */

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Built-in USD prices per million tokens; GRADER_PRICES adds to or overrides them. Check your provider's page. */
const defaultPrices: Record<string, ModelPrice> = {
  "openai:gpt-4o-mini": { inputPerMillionTokens: 0.15, outputPerMillionTokens: 0.6 },
  "openai:gpt-4o": { inputPerMillionTokens: 2.5, outputPerMillionTokens: 10 },
  "openai:gpt-4.1-nano": { inputPerMillionTokens: 0.1, outputPerMillionTokens: 0.4 },
  "openai:gpt-4.1-mini": { inputPerMillionTokens: 0.4, outputPerMillionTokens: 1.6 },
  "openai:gpt-4.1": { inputPerMillionTokens: 2, outputPerMillionTokens: 8 },
  "anthropic:claude-haiku-4-5": { inputPerMillionTokens: 1, outputPerMillionTokens: 5 },
  "anthropic:claude-sonnet-4-5": { inputPerMillionTokens: 3, outputPerMillionTokens: 15 },
};

/**
 * `openai`: any OpenAI-compatible server (OpenAI, Ollama, vLLM, LM Studio) through OPENAI_BASE_URL;
 * `azure_openai`: an Azure OpenAI deployment; `anthropic`: Claude through the Messages API;
 * `llamacpp`: a GGUF file run in this process (node-llama-cpp), for schools with no provider at all.
 */
export const modelProviders = ["openai", "azure_openai", "anthropic", "llamacpp"] as const;
export type ModelProvider = (typeof modelProviders)[number];

const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const optionalUrl = z.preprocess(
  blankToUndefined,
  z
    .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://api.example.com/v1" })
    .optional(),
);
/**
 * Blank to undefined, and a text that is not written in decimal digits to NaN (refused with the field's
 * message): Number() would read "0x10" as 16 and "3e3" as 3000.
 */
const decimalDigitsOnly = (value: unknown) => {
  const present = blankToUndefined(value);
  return typeof present === "string" && !/^\s*[+-]?\d+\s*$/.test(present) ? Number.NaN : present;
};
const integer = (min: number, max: number, fallback: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    decimalDigitsOnly,
    z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback),
  );
};
/** A whole number in range, or undefined when the variable is unset or blank. */
const optionalInteger = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}, or unset`;
  return z.preprocess(
    decimalDigitsOnly,
    z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).optional(),
  );
};
/** Plain decimal notation only (5, 0.7, .5, 12.50): not "0x10", "1e3" or "Infinity", which Number() reads. */
const decimalNotationOnly = (value: unknown) => {
  const present = blankToUndefined(value);
  return typeof present === "string" && !/^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(present)
    ? Number.NaN
    : present;
};
const decimal = (min: number, max: number, fallback: number) => {
  const error = `must be a number from ${min} to ${max}`;
  return z.preprocess(
    decimalNotationOnly,
    z.coerce.number({ error }).min(min, { error }).max(max, { error }).default(fallback),
  );
};

/** A USD amount that may be left unset (null: no cap). */
const optionalUsd = z.preprocess(
  decimalNotationOnly,
  z.coerce
    .number({ error: "must be an amount in USD, such as 5 or 12.50" })
    .min(0, { error: "must be an amount in USD, such as 5 or 12.50" })
    .max(1_000_000, { error: "must be at most 1000000" })
    .optional()
    .transform((value) => value ?? null),
);

const priceTableSchema = z.record(
  z.string().regex(/^[a-z0-9_-]+:.+$/, "keys must be provider:model"),
  modelPriceSchema,
);

const hostSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .default("127.0.0.1")
    // `[::1]` is how an IPv6 address is written in a URL; the listener wants it without brackets.
    .transform((host) => host.replace(/^\[(.*)\]$/, "$1"))
    .refine(
      (host) =>
        isIP(host) !== 0 ||
        /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(
          host,
        ),
      "must be an IP address (127.0.0.1, ::1, 0.0.0.0) or a host name",
    ),
);

const modelIdSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .default("openai:gpt-4o-mini")
    .transform((value, context) => {
      // "openai: gpt-4o-mini" is meant as openai:gpt-4o-mini; kept with its space, it would match no
      // price (no cost, no budget) and no model the provider serves.
      const [provider, name] = splitOnce(value, ":").map((part) => part.trim()) as [string, string];
      if (!name) {
        context.addIssue({
          code: "custom",
          message: `must be provider:model, such as openai:gpt-4o-mini or llamacpp:./models/model.gguf (got "${value}")`,
        });
        return z.NEVER;
      }
      if (!(modelProviders as readonly string[]).includes(provider)) {
        context.addIssue({
          code: "custom",
          message: `provider "${provider}" is not supported; use one of: ${modelProviders.join(", ")} (any OpenAI-compatible server works through "openai" and OPENAI_BASE_URL)`,
        });
        return z.NEVER;
      }
      if (provider === "llamacpp") {
        const path = resolve(name);
        if (!existsSync(path) || !statSync(path).isFile()) {
          context.addIssue({ code: "custom", message: `the model file ${path} does not exist` });
          return z.NEVER;
        }
        return { id: `llamacpp:${name}`, provider: "llamacpp" as ModelProvider, name: path };
      }
      return { id: `${provider}:${name}`, provider: provider as ModelProvider, name };
    }),
);

const apiKeysSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .optional()
    .transform((value) =>
      (value ?? "")
        .split(",")
        .map((key) => key.trim())
        .filter((key) => key.length > 0),
    )
    .refine((keys) => keys.every((key) => key.length >= 16), "every key must be at least 16 characters long"),
);

const pricesSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return {};
      try {
        return JSON.parse(value) as unknown;
      } catch {
        context.addIssue({
          code: "custom",
          message:
            'must be JSON like {"openai:gpt-4o-mini":{"inputPerMillionTokens":0.15,"outputPerMillionTokens":0.6}}',
        });
        return z.NEVER;
      }
    })
    .pipe(priceTableSchema),
);

const databaseSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .optional()
    .transform((url, context) => {
      const parsed = parseDatabaseUrl(url);
      if (typeof parsed === "string") {
        context.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
);

/**
 * The reverse proxies whose `X-Forwarded-For` names the client (comma-separated addresses or CIDR ranges,
 * e.g. `127.0.0.1,10.0.0.0/8`). Unset, none: the client is the connection's peer, which behind a proxy is
 * the proxy for everyone, so the failed-key limit would count every client as one.
 */
const trustedProxiesSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .optional()
    .transform((list) =>
      list === undefined
        ? []
        : list
            .split(",")
            .map((entry) => entry.trim())
            .filter((entry) => entry !== ""),
    )
    .refine(
      (entries) =>
        entries.every((entry) => {
          const [address, bits, ...rest] = entry.split("/");
          const family = isIP(address ?? "");
          if (family === 0 || rest.length > 0) return false;
          if (bits === undefined) return true;
          const width = Number(bits);
          return /^\d{1,3}$/.test(bits) && width <= (family === 4 ? 32 : 128);
        }),
      "must be IP addresses or CIDR ranges separated by commas (e.g. 127.0.0.1,10.0.0.0/8)",
    ),
);

const redisUrlSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .optional()
    .refine(
      (url) => url === undefined || (/^rediss?:\/\//i.test(url) && URL.canParse(url)),
      "must be a Redis URL such as redis://host:6379 or rediss://user:password@host:6380/0",
    ),
);

const environmentSchema = z.object({
  PORT: integer(0, 65_535, 3000),
  HOST: hostSchema,
  GRADER_SHUTDOWN_TIMEOUT_SECONDS: integer(1, 3_600, 25),
  // A request (headers and body) must have arrived within this: a body that stops or trickles must not
  // hold its connection for ever. Five minutes, Node's own default, carries a 100 MB upload at 3 Mbit/s.
  GRADER_REQUEST_TIMEOUT_SECONDS: integer(1, 3_600, 300),
  GRADER_TRUSTED_PROXIES: trustedProxiesSchema,
  DATABASE_URL: databaseSchema,
  DATABASE_POOL_SIZE: optionalInteger(1, 1_000),
  GRADER_MODEL: modelIdSchema,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  AZURE_OPENAI_API_KEY: optionalString,
  AZURE_OPENAI_ENDPOINT: optionalUrl,
  AZURE_OPENAI_API_VERSION: z.preprocess(blankToUndefined, z.string().trim().default("2024-10-21")),
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalUrl,
  LLAMACPP_THREADS: integer(1, 256, 2),
  LLAMACPP_CONTEXT_SIZE: integer(256, 131_072, 4096),
  LLAMACPP_PARALLEL: integer(1, 16, 1),
  LLAMACPP_GPU: z.preprocess(
    blankToUndefined,
    z.enum(["auto", "cuda", "vulkan", "metal", "off"]).default("auto"),
  ),
  GRADER_API_KEYS: apiKeysSchema,
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(logLevels).default("info")),
  GRADER_TEMPERATURE: decimal(0, 2, 0),
  GRADER_SAMPLES: integer(1, 9, 1),
  GRADER_SAMPLE_TEMPERATURE: decimal(0, 2, 0.7),
  GRADER_MIN_AGREEMENT: decimal(0, 1, 0.6),
  GRADER_TIMEOUT_MS: integer(1_000, 600_000, 60_000),
  GRADER_MAX_RETRIES: integer(0, 6, 2),
  GRADER_MAX_RETRY_WAIT_MS: integer(0, 120_000, 20_000),
  GRADER_MAX_OUTPUT_TOKENS: integer(100, 32_000, 2_000),
  GRADER_MAX_CONCURRENT_CALLS: integer(1, 64, 4),
  GRADER_MAX_IN_FLIGHT: integer(1, 1_024, 16),
  GRADER_MAX_PENDING_GRADES: optionalInteger(1, 100_000),
  // At most one request per millisecond: the shared gate keeps its times in whole milliseconds.
  GRADER_REQUESTS_PER_MINUTE: optionalInteger(1, 60_000),
  GRADER_TOKENS_PER_MINUTE: optionalInteger(1_000, 1_000_000_000),
  GRADER_MAX_CALLS_PER_GRADE: integer(1, 1_000, 30),
  GRADER_MAX_INPUT_TOKENS_PER_GRADE: integer(1_000, 10_000_000, 150_000),
  GRADER_MAX_ANSWER_CHARS: integer(1, 200_000, 20_000),
  GRADER_PRICES: pricesSchema,
  GRADER_LEASE_SECONDS: integer(2, 3_600, 30),
  GRADER_RETENTION_DAYS: optionalInteger(1, 36_500),
  GRADER_DAILY_BUDGET_USD: optionalUsd,
  GRADER_JOBS_IN_PROCESS: z.preprocess(
    blankToUndefined,
    z
      .enum(["true", "false"], { message: 'must be "true" or "false"' })
      .default("true")
      .transform((value) => value === "true"),
  ),
  GRADER_JOB_MAX_ATTEMPTS: integer(1, 20, 3),
  GRADER_WORKER_CONCURRENCY: optionalInteger(1, 1_024),
  GRADER_HEALTH_FILE: optionalString,
  GRADER_WEB_DIR: optionalString,
  GRADER_QUEUE: z.preprocess(
    blankToUndefined,
    z
      .enum(["auto", "embedded", "bullmq"], { message: 'must be "auto", "embedded" or "bullmq"' })
      .default("auto"),
  ),
  GRADER_QUEUE_NAME: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1 to 64 letters, digits, '-' or '_'")
      .default("grader-jobs"),
  ),
  REDIS_URL: redisUrlSchema,
  GRADER_MAX_JOB_ITEMS: integer(1, 1_000_000, 100_000),
  GRADER_MAX_UPLOAD_MB: integer(1, 2_048, 100),
  // Job event streams open at once in one process, over every key: each polls the database twice a second.
  GRADER_MAX_EVENT_STREAMS: integer(1, 100_000, 200),
  GRADER_SECRET_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .transform((value, context) => {
        if (value === undefined) return null;
        const key = parseSecretKey(value);
        if (!key) {
          // Never quote the value: it is the key that protects every stored secret.
          context.addIssue({
            code: "custom",
            message: "must be 32 bytes as 64 hex digits or as base64 (openssl rand -base64 32)",
          });
          return z.NEVER;
        }
        return key.toString("hex");
      }),
  ),
  GRADER_OUTBOX_MAX_ATTEMPTS: integer(1, 50, 12),
  GRADER_OUTBOX_TIMEOUT_SECONDS: integer(1, 300, 10),
  // At least an hour: always longer than the ±5 minutes a signed event's timestamp may be off.
  GRADER_WEBHOOK_ID_RETENTION_HOURS: integer(1, 24 * 366, 24 * 7),
  GRADER_ALLOW_INSECURE_OUTBOUND: z.preprocess(
    blankToUndefined,
    z.enum(["loopback"], { message: 'must be "loopback" (tests only) or unset' }).optional(),
  ),
  GRADER_METRICS_TOKEN: z.preprocess(
    blankToUndefined,
    z.string().trim().min(16, "must be at least 16 characters long").optional(),
  ),
});

type Environment = z.output<typeof environmentSchema>;

/** Turns parsed variables into the shape the program uses; `configured` says whether grading can work. */
function toConfig(values: Environment) {
  const { provider } = values.GRADER_MODEL;
  const connection = providerConnection(values);
  return {
    server: {
      host: values.HOST,
      port: values.PORT,
      shutdownTimeoutMs: values.GRADER_SHUTDOWN_TIMEOUT_SECONDS * 1000,
      requestTimeoutMs: values.GRADER_REQUEST_TIMEOUT_SECONDS * 1000,
      trustedProxies: values.GRADER_TRUSTED_PROXIES,
    },
    database:
      values.DATABASE_URL.kind === "postgres"
        ? {
            ...values.DATABASE_URL,
            // Default: room for every job item this process grades at once plus requests beside them. A
            // pool smaller than the items in flight made the shared request gate wait for a connection
            // (stalls of up to 0.7 s in a rate-limited batch).
            poolSize:
              values.DATABASE_POOL_SIZE ??
              Math.min(
                100,
                Math.max(10, (values.GRADER_WORKER_CONCURRENCY ?? values.GRADER_MAX_IN_FLIGHT) + 4),
              ),
          }
        : values.DATABASE_URL,
    // Idempotency claims and single-flight grading hold a lease this long, renewed every third of it.
    leases: { durationMs: values.GRADER_LEASE_SECONDS * 1000 },
    auth: { apiKeys: values.GRADER_API_KEYS },
    // Answers (and what quotes them) older than this many days are purged; null keeps them forever.
    retention: { answerDays: values.GRADER_RETENTION_DAYS ?? null },
    // GRADER_DAILY_BUDGET_USD: every school's daily ceiling on model spend (null: none).
    usage: { dailyBudgetUsd: values.GRADER_DAILY_BUDGET_USD },
    // /metrics: loopback only, unless a token is set (then the token is required from anywhere).
    metrics: { token: values.GRADER_METRICS_TOKEN },
    logLevel: values.LOG_LEVEL,
    // The teacher page's built files (npm run build writes them to dist/web of the package).
    web: {
      // dist/web of the package, found the same way whether the server runs compiled or with tsx.
      directory: values.GRADER_WEB_DIR ? resolve(values.GRADER_WEB_DIR) : join(packageRoot(), "dist", "web"),
    },
    integrations: {
      // GRADER_SECRET_KEY as 64 hex digits: seals integration secrets (AES-256-GCM); null: integrations
      // cannot be created (their secrets could not be stored).
      secretKeyHex: values.GRADER_SECRET_KEY,
      // Inbound `webhook-id`s are remembered this long (a sender's retries must fall inside it), then
      // pruned; a duplicate submission and attempt is still recognised from the submission itself.
      messageIdRetentionMs: values.GRADER_WEBHOOK_ID_RETENTION_HOURS * 60 * 60 * 1000,
      outbox: {
        maxAttempts: values.GRADER_OUTBOX_MAX_ATTEMPTS,
        timeoutMs: values.GRADER_OUTBOX_TIMEOUT_SECONDS * 1000,
        // "loopback": callbacks may go to http://127.0.0.1 and friends (tests and local demos only).
        allowInsecure: values.GRADER_ALLOW_INSECURE_OUTBOUND ?? null,
      },
    },
    jobs: {
      // false: this API process only accepts jobs; `npm run worker` processes grade them.
      runInProcess: values.GRADER_JOBS_IN_PROCESS,
      maxAttempts: values.GRADER_JOB_MAX_ATTEMPTS,
      // Items one process grades at once (default: GRADER_MAX_IN_FLIGHT, the cap of the whole queue).
      workerConcurrency: values.GRADER_WORKER_CONCURRENCY ?? values.GRADER_MAX_IN_FLIGHT,
      maxItems: values.GRADER_MAX_JOB_ITEMS,
      maxUploadBytes: values.GRADER_MAX_UPLOAD_MB * 1024 * 1024,
      maxEventStreams: values.GRADER_MAX_EVENT_STREAMS,
      // `npm run worker` touches this file after each successful database check: a container health check
      // for a process without HTTP.
      healthFile: values.GRADER_HEALTH_FILE ?? null,
      queue: queueEngine(values) as QueueEngineConfig,
    },
    model: {
      ...values.GRADER_MODEL,
      ...connection,
      azureApiVersion: values.AZURE_OPENAI_API_VERSION,
      llamacpp: {
        threads: values.LLAMACPP_THREADS,
        contextSize: values.LLAMACPP_CONTEXT_SIZE,
        parallel: values.LLAMACPP_PARALLEL,
        gpu: values.LLAMACPP_GPU,
      },
      configured:
        provider === "llamacpp" ||
        (provider === "azure_openai"
          ? connection.apiKey !== undefined && connection.baseURL !== undefined
          : connection.apiKey !== undefined || connection.baseURL !== undefined),
      temperature: values.GRADER_TEMPERATURE,
      sampleTemperature: values.GRADER_SAMPLE_TEMPERATURE,
      defaultSamples: values.GRADER_SAMPLES,
      timeoutMs: values.GRADER_TIMEOUT_MS,
      maxRetries: values.GRADER_MAX_RETRIES,
      maxRetryWaitMs: values.GRADER_MAX_RETRY_WAIT_MS,
      maxOutputTokens: values.GRADER_MAX_OUTPUT_TOKENS,
      maxConcurrentCalls: values.GRADER_MAX_CONCURRENT_CALLS,
      maxInFlight: values.GRADER_MAX_IN_FLIGHT,
      // GRADER_MAX_PENDING_GRADES: grades someone waits for (POST /v1/grade) in progress in this process at
      // once, waiting for a call included; one more is refused with 503 server_busy instead of waiting
      // without limit (default: 16 × GRADER_MAX_IN_FLIGHT, at least 256).
      maxPendingGrades: values.GRADER_MAX_PENDING_GRADES ?? Math.max(256, 16 * values.GRADER_MAX_IN_FLIGHT),
      // GRADER_REQUESTS_PER_MINUTE: the provider's request rate, shared by every process on the
      // database, interactive calls first (null: no limit).
      requestsPerMinute: values.GRADER_REQUESTS_PER_MINUTE ?? null,
      // GRADER_TOKENS_PER_MINUTE: the provider's token rate (input estimate plus the output limit of each
      // request), shared the same way; null: none.
      tokensPerMinute: values.GRADER_TOKENS_PER_MINUTE ?? null,
    },
    grading: {
      maxAnswerChars: values.GRADER_MAX_ANSWER_CHARS,
      minAgreement: values.GRADER_MIN_AGREEMENT,
      prices: { ...defaultPrices, ...values.GRADER_PRICES },
      budget: {
        maxCalls: values.GRADER_MAX_CALLS_PER_GRADE,
        maxInputTokens: values.GRADER_MAX_INPUT_TOKENS_PER_GRADE,
      },
    },
  };
}

/**
 * Which engine runs batch jobs. `embedded`: the database is the queue (SQLite's default, nothing to
 * install). `bullmq`: BullMQ dispatches items to any number of worker processes, on Redis when
 * REDIS_URL is set, else on BullMQ's PostgreSQL backend in the application's database.
 */
export type QueueEngineConfig =
  | { engine: "embedded" }
  | { engine: "bullmq"; backend: "postgres"; name: string }
  | {
      engine: "bullmq";
      backend: "redis";
      name: string;
      /** The URL as given, password included: only for the client, never for logs. */
      url: string;
      /** `host:port/db`, for logs. */
      description: string;
    };

/**
 * GRADER_QUEUE=auto (the default) picks the engine from the database: SQLite → embedded,
 * PostgreSQL → BullMQ (on Redis when REDIS_URL is set). Returns the problem as a sentence when the
 * choice cannot work: workers on other machines cannot reach a SQLite file.
 */
function queueEngine(values: Environment): QueueEngineConfig | string {
  const sqlite = values.DATABASE_URL.kind === "sqlite";
  const redisUrl = values.REDIS_URL;
  if (values.GRADER_QUEUE === "embedded") {
    return redisUrl === undefined
      ? { engine: "embedded" }
      : "REDIS_URL: is set but GRADER_QUEUE=embedded does not use Redis; unset one of them";
  }
  if (sqlite) {
    if (redisUrl !== undefined) {
      return "REDIS_URL: the distributed queue needs DATABASE_URL=postgres://… (workers on other machines cannot reach a SQLite file); unset REDIS_URL to use the embedded queue";
    }
    if (values.GRADER_QUEUE === "bullmq") {
      return "GRADER_QUEUE: bullmq needs DATABASE_URL=postgres://… (workers on other machines cannot reach a SQLite file)";
    }
    return { engine: "embedded" };
  }
  if (redisUrl === undefined)
    return { engine: "bullmq", backend: "postgres", name: values.GRADER_QUEUE_NAME };
  return {
    engine: "bullmq",
    backend: "redis",
    name: values.GRADER_QUEUE_NAME,
    url: redisUrl,
    description: describeRedisUrl(redisUrl),
  };
}

/** `host:port/db` of a Redis URL: never its user name or password. */
function describeRedisUrl(url: string): string {
  const parsed = new URL(url);
  const database = parsed.pathname.replace(/^\//, "") || "0";
  return `${parsed.protocol === "rediss:" ? "tls " : ""}${parsed.hostname}:${parsed.port || "6379"}/${database}`;
}

/** The key and address of the chosen provider's API; unset for llamacpp, which runs in process. */
function providerConnection(values: Environment): {
  apiKey: string | undefined;
  baseURL: string | undefined;
} {
  switch (values.GRADER_MODEL.provider) {
    case "openai":
      return { apiKey: values.OPENAI_API_KEY, baseURL: values.OPENAI_BASE_URL };
    case "azure_openai":
      return { apiKey: values.AZURE_OPENAI_API_KEY, baseURL: values.AZURE_OPENAI_ENDPOINT };
    case "anthropic":
      return { apiKey: values.ANTHROPIC_API_KEY, baseURL: values.ANTHROPIC_BASE_URL };
    case "llamacpp":
      return { apiKey: undefined, baseURL: undefined };
  }
}

type DeepReadonly<T> = T extends (infer Item)[]
  ? readonly DeepReadonly<Item>[]
  : T extends object
    ? { readonly [Key in keyof T]: DeepReadonly<T[Key]> }
    : T;

export type Config = DeepReadonly<ReturnType<typeof toConfig>>;

/** Start-up configuration is wrong; the message lists every problem, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses the environment. Throws ConfigError listing every bad variable by name. Refuses to run
 * without API keys on a host other than loopback, so a test install never serves the network openly.
 */
export function loadConfig(environment: Readonly<Record<string, string | undefined>> = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  // Checked on the raw values so it is reported together with any other problem.
  const host = (environment.HOST?.trim() || "127.0.0.1").replace(/^\[(.*)\]$/, "$1");
  const hasApiKeys = (environment.GRADER_API_KEYS ?? "").split(",").some((key) => key.trim() !== "");
  if (!hasApiKeys && !isLoopbackHost(host)) {
    problems.push(
      `GRADER_API_KEYS: required when HOST is not a loopback address (HOST=${host}); without keys anyone who can reach the port could use the service`,
    );
  }
  if (parsed.success && parsed.data.GRADER_MODEL.provider === "anthropic") {
    // Anthropic's API refuses temperatures above 1 with a 400 on every call.
    for (const name of ["GRADER_TEMPERATURE", "GRADER_SAMPLE_TEMPERATURE"] as const) {
      if (parsed.data[name] > 1) problems.push(`${name}: must be at most 1 for the anthropic provider`);
    }
  }
  if (parsed.success) {
    const engine = queueEngine(parsed.data);
    if (typeof engine === "string") problems.push(engine);
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(toConfig(parsed.data));
}

/** Where the data lives: a SQLite file (the default) or a PostgreSQL database. */
export type DatabaseConfig =
  | { kind: "sqlite"; path: string }
  | {
      kind: "postgres";
      /** The connection URL as given, password included: only for the driver, never for logs. */
      url: string;
      /** `host:port/database`, for logs. */
      description: string;
      /** Connections each process keeps at most (DATABASE_POOL_SIZE). */
      poolSize: number;
    };

/**
 * `sqlite:./data/grader.db`, `sqlite:///var/lib/grader.db`, `file:grader.db` or `sqlite::memory:`;
 * unset means ./data/grader.db. Relative paths are resolved against the working directory.
 * `postgres://user:password@host:5432/database` (or `postgresql://`) selects PostgreSQL; the pool size
 * is filled in later from DATABASE_POOL_SIZE. Returns the problem as a sentence when the URL is not usable
 * (never quoting the URL, which may hold a password).
 */
function parseDatabaseUrl(url: string | undefined): DatabaseConfig | string {
  if (url === undefined) return { kind: "sqlite", path: resolve("data/grader.db") };
  if (/^postgres(ql)?:/i.test(url)) return parsePostgresUrl(url);
  const match = /^(sqlite|file):(.*)$/.exec(url);
  if (!match) {
    return "must be a SQLite URL such as sqlite:./data/grader.db or sqlite::memory:, or a PostgreSQL URL such as postgres://user:password@host:5432/grader";
  }
  let path = match[2]!;
  if (path === ":memory:") return { kind: "sqlite", path };
  if (path.startsWith("//")) path = path.slice(2);
  if (path === "") return "the SQLite file path is empty";
  return { kind: "sqlite", path: isAbsolute(path) ? path : resolve(path) };
}

function parsePostgresUrl(url: string): DatabaseConfig | string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a valid PostgreSQL URL (postgres://user:password@host:5432/database)";
  }
  // `postgres:///grader?host=/var/run/postgresql` connects over a Unix socket.
  const host = parsed.host || parsed.searchParams.get("host") || "localhost";
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "(the user's database)";
  return { kind: "postgres", url, description: `${host}/${database}`, poolSize: 0 };
}

export function isLoopbackHost(host: string): boolean {
  const normalised = host.toLowerCase().replace(/^\[|\]$/g, "");
  return (
    normalised === "localhost" ||
    normalised === "::1" ||
    /^127(?:\.\d{1,3}){3}$/.test(normalised) ||
    /^::ffff:127(?:\.\d{1,3}){3}$/.test(normalised)
  );
}

function splitOnce(value: string, separator: string): [string, string] {
  const index = value.indexOf(separator);
  return index < 0 ? [value, ""] : [value.slice(0, index), value.slice(index + 1)];
}

function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value as DeepReadonly<T>;
}
