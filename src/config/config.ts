import { isAbsolute, resolve } from "node:path";
import { z } from "zod";

/**
 * The only place that reads the environment. `loadConfig` parses every variable once, reports every
 * problem at once, and returns a deeply frozen Config that the rest of the program receives.
 * README.md's configuration table lists the same variables; keep them in step.
 */

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Built-in USD prices per million tokens; GRADER_PRICES adds to or overrides them. Check your provider's page. */
const defaultPrices: Record<string, { inputPerMillionTokens: number; outputPerMillionTokens: number }> = {
  "openai:gpt-4o-mini": { inputPerMillionTokens: 0.15, outputPerMillionTokens: 0.6 },
  "openai:gpt-4o": { inputPerMillionTokens: 2.5, outputPerMillionTokens: 10 },
  "openai:gpt-4.1-nano": { inputPerMillionTokens: 0.1, outputPerMillionTokens: 0.4 },
  "openai:gpt-4.1-mini": { inputPerMillionTokens: 0.4, outputPerMillionTokens: 1.6 },
  "openai:gpt-4.1": { inputPerMillionTokens: 2, outputPerMillionTokens: 8 },
};

const supportedProviders = ["openai"] as const;

const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const integer = (min: number, max: number, fallback: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    blankToUndefined,
    z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback),
  );
};
const decimal = (min: number, max: number, fallback: number) => {
  const error = `must be a number from ${min} to ${max}`;
  return z.preprocess(
    blankToUndefined,
    z.coerce.number({ error }).min(min, { error }).max(max, { error }).default(fallback),
  );
};

const priceTableSchema = z.record(
  z.string().regex(/^[a-z0-9-]+:.+$/, "keys must be provider:model"),
  z.strictObject({
    inputPerMillionTokens: z.number().min(0),
    outputPerMillionTokens: z.number().min(0),
  }),
);

const environmentSchema = z.object({
  PORT: integer(0, 65_535, 3000),
  HOST: z.preprocess(blankToUndefined, z.string().trim().default("127.0.0.1")),
  DATABASE_URL: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL such as http://localhost:11434/v1" })
      .optional(),
  ),
  GRADER_MODEL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .default("openai:gpt-4o-mini")
      .superRefine((value, context) => {
        const [provider, model] = splitOnce(value, ":");
        if (!model) {
          context.addIssue({
            code: "custom",
            message: `must be provider:model, such as openai:gpt-4o-mini (got "${value}")`,
          });
        } else if (!(supportedProviders as readonly string[]).includes(provider)) {
          context.addIssue({
            code: "custom",
            message: `provider "${provider}" is not supported; use one of: ${supportedProviders.join(", ")} (any OpenAI-compatible server works through "openai" and OPENAI_BASE_URL)`,
          });
        }
      }),
  ),
  GRADER_API_KEYS: z.preprocess(
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
      .refine(
        (keys) => keys.every((key) => key.length >= 16),
        "every key must be at least 16 characters long",
      ),
  ),
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
  GRADER_MAX_ANSWER_CHARS: integer(1, 200_000, 20_000),
  GRADER_PRICES: z.preprocess(
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
  ),
});

export interface Config {
  server: { host: string; port: number };
  database: { kind: "sqlite"; path: string };
  auth: { apiKeys: readonly string[] };
  logLevel: (typeof logLevels)[number];
  model: {
    /** `provider:model`. */
    id: string;
    provider: (typeof supportedProviders)[number];
    name: string;
    apiKey: string | undefined;
    baseURL: string | undefined;
    temperature: number;
    sampleTemperature: number;
    defaultSamples: number;
    timeoutMs: number;
    maxRetries: number;
    maxRetryWaitMs: number;
    maxOutputTokens: number;
    maxConcurrentCalls: number;
  };
  grading: {
    maxAnswerChars: number;
    minAgreement: number;
    prices: Readonly<Record<string, { inputPerMillionTokens: number; outputPerMillionTokens: number }>>;
  };
}

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
  const database = parseDatabaseUrl(environment.DATABASE_URL?.trim() || undefined, problems);
  // Checked on the raw values so it is reported together with any other problem.
  const host = environment.HOST?.trim() || "127.0.0.1";
  const hasApiKeys = (environment.GRADER_API_KEYS ?? "").split(",").some((key) => key.trim() !== "");
  if (!hasApiKeys && !isLoopbackHost(host)) {
    problems.push(
      `GRADER_API_KEYS: required when HOST is not a loopback address (HOST=${host}); without keys anyone who can reach the port could use the service`,
    );
  }
  if (!parsed.success || !database || problems.length > 0) throw new ConfigError(problems);

  const values = parsed.data;

  const [provider, name] = splitOnce(values.GRADER_MODEL, ":") as [Config["model"]["provider"], string];
  return deepFreeze<Config>({
    server: { host: values.HOST, port: values.PORT },
    database,
    auth: { apiKeys: values.GRADER_API_KEYS },
    logLevel: values.LOG_LEVEL,
    model: {
      id: values.GRADER_MODEL,
      provider,
      name,
      apiKey: values.OPENAI_API_KEY,
      baseURL: values.OPENAI_BASE_URL,
      temperature: values.GRADER_TEMPERATURE,
      sampleTemperature: values.GRADER_SAMPLE_TEMPERATURE,
      defaultSamples: values.GRADER_SAMPLES,
      timeoutMs: values.GRADER_TIMEOUT_MS,
      maxRetries: values.GRADER_MAX_RETRIES,
      maxRetryWaitMs: values.GRADER_MAX_RETRY_WAIT_MS,
      maxOutputTokens: values.GRADER_MAX_OUTPUT_TOKENS,
      maxConcurrentCalls: values.GRADER_MAX_CONCURRENT_CALLS,
    },
    grading: {
      maxAnswerChars: values.GRADER_MAX_ANSWER_CHARS,
      minAgreement: values.GRADER_MIN_AGREEMENT,
      prices: { ...defaultPrices, ...values.GRADER_PRICES },
    },
  });
}

/**
 * `sqlite:./data/grader.db`, `sqlite:///var/lib/grader.db`, `file:grader.db` or `sqlite::memory:`;
 * unset means ./data/grader.db. Relative paths are resolved against the working directory.
 */
function parseDatabaseUrl(url: string | undefined, problems: string[]): Config["database"] | undefined {
  if (url === undefined) return { kind: "sqlite", path: resolve("data/grader.db") };
  const match = /^(sqlite|file):(.*)$/.exec(url);
  if (!match) {
    const scheme = /^([a-z0-9+.-]+):/i.exec(url)?.[1];
    problems.push(
      scheme && /^postgres/i.test(scheme)
        ? "DATABASE_URL: PostgreSQL is not supported yet; use a SQLite URL such as sqlite:./data/grader.db"
        : "DATABASE_URL: must be a SQLite URL such as sqlite:./data/grader.db or sqlite::memory:",
    );
    return undefined;
  }
  let path = match[2]!;
  if (path === ":memory:") return { kind: "sqlite", path };
  if (path.startsWith("//")) path = path.slice(2);
  if (path === "") {
    problems.push("DATABASE_URL: the SQLite file path is empty");
    return undefined;
  }
  return { kind: "sqlite", path: isAbsolute(path) ? path : resolve(path) };
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

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
