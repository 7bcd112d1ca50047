import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, isLoopbackHost, loadConfig } from "../../../src/config/config.js";
import { describeRuntime } from "../../../src/runtime.js";

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig({});
    expect(config.server).toEqual({
      host: "127.0.0.1",
      port: 3000,
      shutdownTimeoutMs: 25_000,
      requestTimeoutMs: 300_000,
      trustedProxies: [],
    });
    expect(config.database).toEqual({ kind: "sqlite", path: resolve("data/grader.db") });
    expect(config.model).toMatchObject({
      id: "openai:gpt-4o-mini",
      provider: "openai",
      name: "gpt-4o-mini",
      apiKey: undefined,
    });
    expect(config.auth.apiKeys).toEqual([]);
    expect(config.logLevel).toBe("info");
    expect(config.grading.prices["openai:gpt-4o-mini"]).toBeDefined();
  });

  it("reads every variable and returns a deeply frozen object", () => {
    const config = loadConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      GRADER_SHUTDOWN_TIMEOUT_SECONDS: "5",
      GRADER_REQUEST_TIMEOUT_SECONDS: "60",
      GRADER_TRUSTED_PROXIES: "10.0.0.2",
      DATABASE_URL: "sqlite:///var/lib/grader/grader.db",
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: "http://localhost:11434/v1",
      GRADER_MODEL: "openai:llama3.1:8b",
      GRADER_API_KEYS: " key-one-0123456789abcdef , key-two-0123456789abcdef ",
      LOG_LEVEL: "debug",
      GRADER_PRICES: '{"openai:llama3.1:8b":{"inputPerMillionTokens":0,"outputPerMillionTokens":0}}',
    });
    expect(config.server).toEqual({
      host: "0.0.0.0",
      port: 8080,
      shutdownTimeoutMs: 5_000,
      requestTimeoutMs: 60_000,
      trustedProxies: ["10.0.0.2"],
    });
    expect(config.database).toMatchObject({ path: "/var/lib/grader/grader.db" });
    expect(config.model).toMatchObject({
      name: "llama3.1:8b",
      baseURL: "http://localhost:11434/v1",
      apiKey: "sk-test",
    });
    expect(config.auth.apiKeys).toEqual(["key-one-0123456789abcdef", "key-two-0123456789abcdef"]);
    expect(config.grading.prices["openai:llama3.1:8b"]).toEqual({
      inputPerMillionTokens: 0,
      outputPerMillionTokens: 0,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.model)).toBe(true);
    expect(Object.isFrozen(config.auth.apiKeys)).toBe(true);
    expect(() => {
      (config.server as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it("lists every bad variable at once, by name", () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: "http",
        OPENAI_BASE_URL: "not a url",
        GRADER_MODEL: "gpt-4o-mini",
        LOG_LEVEL: "loud",
        GRADER_API_KEYS: "short",
        DATABASE_URL: "mysql://db/grader",
        HOST: "0.0.0.0",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    for (const name of [
      "PORT",
      "OPENAI_BASE_URL",
      "GRADER_MODEL",
      "LOG_LEVEL",
      "GRADER_API_KEYS",
      "DATABASE_URL",
    ]) {
      expect(problems).toContain(`${name}:`);
    }
    expect((error as ConfigError).problems).toHaveLength(6);
  });

  it("refuses to serve a non-loopback host without API keys", () => {
    expect(() => loadConfig({ HOST: "0.0.0.0" })).toThrow(
      /GRADER_API_KEYS: required when HOST is not a loopback address/,
    );
    expect(() => loadConfig({ HOST: "::" })).toThrow(ConfigError);
    // Reported together with other problems, not only once they are fixed.
    expect(() => loadConfig({ HOST: "0.0.0.0", PORT: "http" })).toThrow(
      /PORT: must be a whole number from 0 to 65535[\s\S]*GRADER_API_KEYS: required/,
    );
    expect(loadConfig({ HOST: "localhost" }).server.host).toBe("localhost");
    // Whole numbers are written in decimal digits: Number() would read these as 16 and 3000.
    for (const port of ["0x10", "3e3", "3000.0", "1_000"]) {
      expect(() => loadConfig({ PORT: port }), port).toThrow(/PORT: must be a whole number from 0 to 65535/);
    }
    expect(loadConfig({ PORT: " 8080 " }).server.port).toBe(8080);
    // Decimals and amounts too: plain decimal notation, not hex, exponents, commas or Infinity.
    for (const [name, value] of [
      ["GRADER_TEMPERATURE", "0x1"],
      ["GRADER_TEMPERATURE", "1e0"],
      ["GRADER_MIN_AGREEMENT", "0x0"],
      ["GRADER_DAILY_BUDGET_USD", "0x10"],
      ["GRADER_DAILY_BUDGET_USD", "1e3"],
      ["GRADER_DAILY_BUDGET_USD", "5,50"],
      ["GRADER_DAILY_BUDGET_USD", "Infinity"],
    ] as const) {
      expect(() => loadConfig({ [name]: value }), `${name}=${value}`).toThrow(new RegExp(`${name}: must be`));
    }
    expect(loadConfig({ GRADER_TEMPERATURE: ".5" }).model.temperature).toBe(0.5);
    expect(loadConfig({ GRADER_DAILY_BUDGET_USD: " 12.50 " }).usage.dailyBudgetUsd).toBe(12.5);
    expect(() =>
      loadConfig({
        GRADER_PRICES: '{"openai:gpt-4o-mini":{"inputPerMillionTokens":1e308,"outputPerMillionTokens":0.6}}',
      }),
    ).toThrow(/GRADER_PRICES.*inputPerMillionTokens: must be at most 10000/);
    expect(loadConfig({ HOST: "0.0.0.0", GRADER_API_KEYS: "a-long-enough-key-123" }).server.host).toBe(
      "0.0.0.0",
    );
  });

  it("names unsupported providers and database URLs plainly", () => {
    expect(() => loadConfig({ GRADER_MODEL: "gemini:flash" })).toThrow(/provider "gemini" is not supported/);
    // A space after the colon is a typo, not part of the model's name (which must match its price).
    expect(loadConfig({ GRADER_MODEL: "openai: gpt-4o-mini" }).model).toMatchObject({
      id: "openai:gpt-4o-mini",
      name: "gpt-4o-mini",
    });
    expect(() => loadConfig({ GRADER_MODEL: "openai: " })).toThrow(/GRADER_MODEL: must be provider:model/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://localhost/grader" })).toThrow(
      /must be a SQLite URL .* or a PostgreSQL URL/,
    );
  });

  it("accepts PostgreSQL URLs, with a pool size, and describes them without the password", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://grader:s3cret-pw@db.internal:5433/grading" });
    expect(config.database).toEqual({
      kind: "postgres",
      url: "postgres://grader:s3cret-pw@db.internal:5433/grading",
      description: "db.internal:5433/grading",
      // Default: the items a process grades at once (GRADER_MAX_IN_FLIGHT, 16) plus 4.
      poolSize: 20,
    });
    const postgres = "postgres://db/grading";
    const poolOf = (env: Record<string, string>) =>
      (loadConfig({ DATABASE_URL: postgres, ...env }).database as { poolSize: number }).poolSize;
    expect(poolOf({ GRADER_WORKER_CONCURRENCY: "2" })).toBe(10);
    expect(poolOf({ GRADER_WORKER_CONCURRENCY: "40" })).toBe(44);
    expect(poolOf({ GRADER_MAX_IN_FLIGHT: "500" })).toBe(100);
    const described = JSON.stringify(describeRuntime(config));
    expect(described).toContain("postgres db.internal:5433/grading");
    expect(described).not.toContain("s3cret-pw");
    const socket = loadConfig({
      DATABASE_URL: "postgresql:///grading?host=/var/run/postgresql",
      DATABASE_POOL_SIZE: "4",
    }).database;
    expect(socket).toMatchObject({
      kind: "postgres",
      description: "/var/run/postgresql/grading",
      poolSize: 4,
    });
    expect(() => loadConfig({ DATABASE_POOL_SIZE: "0" })).toThrow(
      /DATABASE_POOL_SIZE: must be a whole number/,
    );
    expect(() => loadConfig({ DATABASE_URL: "postgres://user:pw@[bad/x" })).toThrow(
      /not a valid PostgreSQL URL/,
    );
  });

  it("accepts the SQLite URL forms", () => {
    expect(loadConfig({ DATABASE_URL: "sqlite::memory:" }).database).toMatchObject({ path: ":memory:" });
    expect(loadConfig({ DATABASE_URL: "sqlite:./x/grader.db" }).database).toMatchObject({
      path: resolve("x/grader.db"),
    });
    expect(loadConfig({ DATABASE_URL: "file:grader.db" }).database).toMatchObject({
      path: resolve("grader.db"),
    });
  });

  it("reads each provider's own key and address, and says whether grading can work", () => {
    expect(loadConfig({}).model.configured).toBe(false);
    expect(loadConfig({ OPENAI_BASE_URL: "http://localhost:11434/v1" }).model.configured).toBe(true);
    const anthropic = loadConfig({
      GRADER_MODEL: "anthropic:claude-haiku-4-5",
      ANTHROPIC_API_KEY: "sk-ant-test",
      OPENAI_API_KEY: "sk-openai-not-used",
    });
    expect(anthropic.model).toMatchObject({
      provider: "anthropic",
      name: "claude-haiku-4-5",
      apiKey: "sk-ant-test",
      configured: true,
    });
    const azure = loadConfig({
      GRADER_MODEL: "azure_openai:grading-deployment",
      AZURE_OPENAI_API_KEY: "azure-key",
    });
    // An Azure deployment needs its endpoint as well as a key.
    expect(azure.model.configured).toBe(false);
    expect(
      loadConfig({
        GRADER_MODEL: "azure_openai:grading-deployment",
        AZURE_OPENAI_API_KEY: "azure-key",
        AZURE_OPENAI_ENDPOINT: "https://school.openai.azure.com",
      }).model,
    ).toMatchObject({
      configured: true,
      baseURL: "https://school.openai.azure.com",
      azureApiVersion: "2024-10-21",
    });
  });

  it("checks that a llamacpp model file exists, and resolves its path", () => {
    expect(() => loadConfig({ GRADER_MODEL: "llamacpp:./no/such/model.gguf" })).toThrow(
      /GRADER_MODEL: the model file .*no\/such\/model\.gguf does not exist/,
    );
    const config = loadConfig({ GRADER_MODEL: "llamacpp:package.json", LLAMACPP_THREADS: "1" });
    expect(config.model).toMatchObject({
      provider: "llamacpp",
      name: resolve("package.json"),
      configured: true,
      llamacpp: { threads: 1, contextSize: 4096 },
    });
  });

  it("accepts an IPv6 host written with brackets and refuses a host that cannot be listened on", () => {
    // Regression: HOST=[::1] passed the check and then failed to listen.
    expect(loadConfig({ HOST: "[::1]" }).server.host).toBe("::1");
    expect(() => loadConfig({ HOST: "http://example.org" })).toThrow(/HOST: must be an IP address/);
    expect(() => loadConfig({ HOST: "[::1" })).toThrow(/HOST: must be an IP address/);
  });

  it("reads the trusted reverse proxies as addresses and CIDR ranges, and refuses anything else by name", () => {
    expect(loadConfig({}).server.trustedProxies).toEqual([]);
    expect(
      loadConfig({ GRADER_TRUSTED_PROXIES: " 127.0.0.1, 10.0.0.0/8,::1,fd00::/8 " }).server.trustedProxies,
    ).toEqual(["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"]);
    for (const value of ["true", "proxy.internal", "10.0.0.0/33", "10.0.0.1/8/2", "::1/129"]) {
      expect(() => loadConfig({ GRADER_TRUSTED_PROXIES: value }), value).toThrow(
        /GRADER_TRUSTED_PROXIES: must be IP addresses or CIDR ranges/,
      );
    }
  });

  it("reads the per-grade budget and the process-wide limit on model calls", () => {
    const config = loadConfig({
      GRADER_MAX_CALLS_PER_GRADE: "12",
      GRADER_MAX_INPUT_TOKENS_PER_GRADE: "50000",
      GRADER_MAX_IN_FLIGHT: "8",
    });
    expect(config.grading.budget).toEqual({ maxCalls: 12, maxInputTokens: 50_000 });
    expect(config.model.maxInFlight).toBe(8);
    expect(loadConfig({}).grading.budget).toEqual({ maxCalls: 30, maxInputTokens: 150_000 });
  });

  it("reads the lease of idempotency claims and single-flight grading: 30 s unless set, at least 2 s", () => {
    expect(loadConfig({}).leases).toEqual({ durationMs: 30_000 });
    expect(loadConfig({ GRADER_LEASE_SECONDS: "5" }).leases).toEqual({ durationMs: 5_000 });
    expect(() => loadConfig({ GRADER_LEASE_SECONDS: "1" })).toThrow(
      /GRADER_LEASE_SECONDS: must be a whole number/,
    );
  });

  it("reads the process-wide limit on job event streams: 200 unless set, at least 1", () => {
    expect(loadConfig({}).jobs.maxEventStreams).toBe(200);
    expect(loadConfig({ GRADER_MAX_EVENT_STREAMS: "50" }).jobs.maxEventStreams).toBe(50);
    for (const value of ["0", "-1", "1.5", "many"]) {
      expect(() => loadConfig({ GRADER_MAX_EVENT_STREAMS: value }), value).toThrow(
        /GRADER_MAX_EVENT_STREAMS/,
      );
    }
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ PORT: "", OPENAI_API_KEY: " ", GRADER_API_KEYS: "" }).server.port).toBe(3000);
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["localhost", true],
    ["::1", true],
    ["[::1]", true],
    ["0.0.0.0", false],
    ["::", false],
    ["10.0.0.5", false],
    ["grader.school.example", false],
  ])("%s → %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
