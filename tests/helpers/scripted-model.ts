import type { FinishReason, GradingModel, ModelAttempt, ModelCall } from "../../src/grading/ports.js";

/**
 * An in-process GradingModel for core and HTTP tests: it answers from a script and records every call
 * (vercel/ai's mock-language-model idea). Integration tests use the real client against
 * fake-openai-server.ts instead.
 */
export type ScriptStep =
  | string
  | { reply: string | null; finishReason?: FinishReason; inputTokens?: number; outputTokens?: number }
  | { throws: Error }
  | ((call: ModelCall) => string | { reply: string | null; finishReason?: FinishReason } | Promise<string>);

export interface ScriptedModel extends GradingModel {
  calls: ModelCall[];
  enqueue(...steps: ScriptStep[]): void;
  /** Used when the queue is empty. */
  fallback: ScriptStep | undefined;
}

export function createScriptedModel(
  options: { id?: string; promptVersion?: string; fallback?: ScriptStep } = {},
): ScriptedModel {
  const queue: ScriptStep[] = [];
  const calls: ModelCall[] = [];
  const model: ScriptedModel = {
    id: options.id ?? "openai:scripted-model",
    parameters: { maxOutputTokens: 1000 },
    promptVersion: options.promptVersion ?? "test-prompts",
    calls,
    fallback: options.fallback,
    enqueue: (...steps) => queue.push(...steps),
    // About four characters per token, like the real adapters' estimate.
    estimateInputTokens: (call) =>
      Math.ceil(Object.values(call.variables).reduce((sum, value) => sum + value.length, 0) / 4),
    checkReady: () => Promise.resolve(),
    close: () => Promise.resolve(),
    async complete(call): Promise<ModelAttempt> {
      calls.push(call);
      const step = queue.shift() ?? model.fallback;
      if (step === undefined) throw new Error(`scripted model: no reply scripted for call ${calls.length}`);
      const outcome = typeof step === "function" ? await step(call) : step;
      if (typeof outcome === "object" && "throws" in outcome) throw outcome.throws;
      const scripted: {
        reply: string | null;
        finishReason?: FinishReason;
        inputTokens?: number;
        outputTokens?: number;
      } = typeof outcome === "string" ? { reply: outcome } : outcome;
      return {
        reply: scripted.reply,
        finishReason: scripted.finishReason ?? "stop",
        usage: { inputTokens: scripted.inputTokens ?? 100, outputTokens: scripted.outputTokens ?? 20 },
        latencyMs: 5,
      };
    },
  };
  return model;
}

/**
 * A valid all-criteria reply giving `points` per criterion, quoting `quote` (which must occur in the
 * answer for the evidence check to pass) for every criterion above 0.
 */
export function allCriteriaReply(
  points: Record<string, number>,
  options: {
    quote?: string;
    feedback?: string;
    explanation?: string;
    evidence?: Record<string, string[]>;
  } = {},
): string {
  const criteria = Object.fromEntries(
    Object.entries(points).map(([id, value]) => [
      id,
      {
        rationale: `Rationale for ${id}.`,
        evidence: options.evidence?.[id] ?? (value > 0 && options.quote ? [options.quote] : []),
        points: value,
      },
    ]),
  );
  return JSON.stringify({
    criteria,
    explanation: options.explanation ?? "Explanation for the teacher.",
    feedback: options.feedback ?? "Feedback for the student.",
  });
}

/** A valid per-criterion reply. */
export function oneCriterionReply(
  points: number,
  options: { quote?: string; feedback?: string } = {},
): string {
  return JSON.stringify({
    rationale: "Rationale.",
    evidence: points > 0 && options.quote ? [options.quote] : [],
    points,
    feedback: options.feedback ?? "Criterion feedback.",
  });
}
