import { AsyncCaller } from "@langchain/core/utils/async_caller";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../../src/config/config.js";
import {
  anthropicDialect,
  azureOpenAIDialect,
  DirectCaller,
  openAIDialect,
} from "../../../src/providers/hosted-dialects.js";
import { startFakeOpenAI, type FakeOpenAIServer } from "../../helpers/fake-openai-server.js";

/**
 * The hosted chat models call their SDK through DirectCaller instead of LangChain's AsyncCaller (a p-queue
 * around a p-retry, for retries and a limit the grading model already has). It must fail a call as that
 * wrapper does with no retries: the callable once, its error as it is, a thrown non-Error made an Error, an
 * aborted signal rejecting at once.
 */
describe("DirectCaller", () => {
  it("calls once and gives the callable's result or its error unchanged, never retrying", async () => {
    const caller = new DirectCaller();
    let calls = 0;
    expect(await caller.call((a: number, b: number) => Promise.resolve((calls++, a + b)), 2, 3)).toBe(5);
    const failure = Object.assign(new Error("429 Too Many Requests"), { status: 429 });
    await expect(
      caller.callWithOptions({ maxRetries: 6 }, () => {
        calls++;
        return Promise.reject(failure);
      }),
    ).rejects.toBe(failure);
    expect(calls).toBe(2);
  });

  it("makes a thrown value that is not an Error into one, as LangChain's wrapper does", async () => {
    const caller = new DirectCaller();
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what an SDK might throw
    const thrown = caller.call(() => Promise.reject("socket hang up"));
    await expect(thrown).rejects.toBeInstanceOf(Error);
    await expect(thrown).rejects.toThrow("socket hang up");
  });

  it("rejects with the signal's reason when it aborts, also while the callable never settles", async () => {
    const caller = new DirectCaller();
    const controller = new AbortController();
    const pending = caller.callWithOptions({ signal: controller.signal }, () => new Promise<never>(() => {}));
    const reason = new Error("client gone");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await expect(
      caller.callWithOptions({ signal: controller.signal }, () => Promise.resolve("not called")),
    ).rejects.toBe(reason);
    const stringReason = new AbortController();
    stringReason.abort("stopped");
    await expect(
      caller.callWithOptions({ signal: stringReason.signal }, () => Promise.resolve(1)),
    ).rejects.toThrow("stopped");
  });

  it("is what every hosted provider's chat model calls its SDK through", async () => {
    const config = loadConfig({
      LOG_LEVEL: "silent",
      OPENAI_API_KEY: "k",
      AZURE_OPENAI_API_KEY: "k",
      AZURE_OPENAI_ENDPOINT: "https://school.openai.azure.com",
      ANTHROPIC_API_KEY: "k",
    });
    for (const dialect of [
      openAIDialect({ ...config.model, name: "gpt-4o-mini" }),
      azureOpenAIDialect({ ...config.model, name: "grading-deployment" }),
      anthropicDialect({ ...config.model, name: "claude-sonnet-4-5" }),
    ]) {
      const model = await dialect.chatModel(0);
      expect(model.caller, dialect.structuredOutput).toBeInstanceOf(DirectCaller);
      await dialect.close();
    }
  });

  describe("on a real call", () => {
    let fake: FakeOpenAIServer;
    beforeAll(async () => {
      fake = await startFakeOpenAI();
    });
    afterAll(() => fake.close());

    it.each([
      [
        "OpenAI",
        (fake: FakeOpenAIServer) =>
          openAIDialect(
            loadConfig({ LOG_LEVEL: "silent", OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL })
              .model,
          ),
      ],
      [
        "Azure OpenAI",
        (fake: FakeOpenAIServer) =>
          azureOpenAIDialect(
            loadConfig({
              LOG_LEVEL: "silent",
              GRADER_MODEL: "azure_openai:gpt-4o-mini",
              AZURE_OPENAI_API_KEY: fake.apiKey,
              AZURE_OPENAI_ENDPOINT: fake.azureEndpoint,
            }).model,
          ),
      ],
    ])(
      "is what %s's call goes through: LangChain's own wrapper is never asked",
      async (_name, dialectFor) => {
        // ChatOpenAI and AzureChatOpenAI hand the call to an inner model (chat completions) with a caller of its own.
        const wrapped = [
          vi.spyOn(AsyncCaller.prototype, "call"),
          vi.spyOn(AsyncCaller.prototype, "callWithOptions"),
        ];
        const direct = vi.spyOn(DirectCaller.prototype, "callWithOptions");
        fake.reset();
        const dialect = dialectFor(fake);
        try {
          const model = await dialect.chatModel(0);
          await model.invoke("Name the inputs of photosynthesis.");
          expect(fake.requests.filter((request) => request.path.endsWith("/chat/completions"))).toHaveLength(
            1,
          );
          expect(direct).toHaveBeenCalledTimes(1);
          for (const spy of wrapped) expect(spy).not.toHaveBeenCalled();
        } finally {
          await dialect.close();
          vi.restoreAllMocks();
        }
      },
    );
  });
});
