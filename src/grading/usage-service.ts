import type { Clock } from "../lib/clock.js";
import { codePointCount } from "../lib/code-points.js";
import type { Scope } from "./access.js";
import {
  roundUsd,
  utcDay,
  type BudgetStatus,
  type DailyBudget,
  type TenantSettingsStore,
  type UsageDay,
  type UsageLedger,
} from "./daily-budget.js";
import { AppError, maxListedProblems, type Problem } from "./errors.js";
import { answerFigures, batchFigures, type AnswerFigures, type BatchFigures } from "./estimate.js";
import { checkAnswerText, isBlankAnswer, resolveOptions, type GradingSettings } from "./grade-answer.js";
import { planModelRun, type ModelPlan } from "./model-run.js";
import type { AnswerAnalyser, GradingModel, StoredRubric } from "./ports.js";
import type { gradingStrategies, Rubric } from "./rubric.js";

type GradingStrategy = (typeof gradingStrategies)[number];

/**
 * What grading costs and may cost: estimates before grading, each tenant's spend per day, and the
 * school's own daily budget. Estimates plan every answer exactly as grading does (`planModelRun` with the
 * same options, prompts and the model's own token estimate), so an estimate and the grading it describes
 * cannot disagree on calls or input tokens.
 */

export interface UsageServiceDependencies {
  /** The rubric a scope may read (the grading service's `getRubric`): throws `rubric_not_found`. */
  getRubric(scope: Scope, id: string, version?: string): Promise<StoredRubric>;
  /** null when no provider is configured: estimates then answer `provider_not_configured`. */
  model: GradingModel | null;
  analyser: AnswerAnalyser;
  settings: GradingSettings;
  /** GRADER_MAX_OUTPUT_TOKENS: the output limit of one call. */
  maxOutputTokens: number;
  randomToken: () => string;
  budget: DailyBudget;
  ledger: UsageLedger;
  tenantSettings: TenantSettingsStore;
  clock: Clock;
  /** GRADER_DAILY_BUDGET_USD, the ceiling of every school's own budget; null: none. */
  defaultDailyBudgetUsd: number | null;
}

export interface EstimateCommand {
  rubricId: string;
  rubricVersion?: string;
  /** How many answers will be graded; default: as many as `sampleAnswers`. */
  answers?: number;
  /** Answers like those to be graded; each is planned as it would be graded. */
  sampleAnswers?: readonly string[];
  /** Without sample answers: their average length in characters (default 1,000). */
  averageAnswerChars?: number;
  /** Instead of the rubric's strategy. */
  strategy?: GradingStrategy;
  /** Instead of the rubric's (or the default) number of samples. */
  samples?: number;
}

/** An answer of this many characters is assumed when neither sample answers nor an average length is given. */
export const defaultAverageAnswerChars = 1_000;

export interface GradingEstimate {
  model: string;
  rubricId: string;
  rubricVersion: string;
  strategy: GradingStrategy;
  samples: number;
  modelInjectionScreen: boolean;
  answers: number;
  /** Where the answers' length came from. */
  answerBasis: "sampleAnswers" | "averageAnswerChars" | "default";
  /** Characters (code points) of the average answer the figures are for, as the model would see it. */
  averageAnswerChars: number;
  /** Sample answers that are blank: graded by rule, with no model call. */
  blankSampleAnswers: number;
  calls: BatchFigures["calls"];
  inputTokens: BatchFigures["inputTokens"];
  outputTokens: BatchFigures["outputTokens"] & { basis: string };
  cost: BatchFigures["cost"];
  perAnswer: BatchFigures;
  withinPerGradeBudget: boolean;
  perGradeBudget: {
    maxCalls: number;
    maxInputTokens: number;
    /** The first `maxListedProblems`, as every refused request lists them. */
    problems: Problem[];
    /** Problems beyond those listed. */
    unlistedProblems: number;
  };
  dailyBudget: BudgetStatus & {
    /** Whether the expected cost fits in what remains today; null without a cap or a price. */
    expectedCostFitsToday: boolean | null;
  };
}

export interface UsageReport {
  from: string;
  to: string;
  currency: "USD";
  /**
   * Days with grades or paid calls (of grades that failed or were not stored), oldest first; days without
   * any are left out.
   */
  days: (Omit<UsageDay, "model"> & { models: UsageDay[] })[];
  total: Omit<UsageDay, "day" | "model">;
  today: BudgetStatus;
}

export interface TenantSettingsView {
  /** The school's own daily budget in USD, null when it has none. */
  dailyBudgetUsd: number | null;
  /** GRADER_DAILY_BUDGET_USD: the operator's ceiling on every school's budget; null when there is none. */
  defaultDailyBudgetUsd: number | null;
  /** The budget in force: the lower of the two; null: no cap. */
  effectiveDailyBudgetUsd: number | null;
  updatedAt: string | null;
}

/** How far back one usage request may reach (a year, leap day included). */
const maxUsageRangeDays = 366;
const defaultUsageRangeDays = 30;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

export type UsageService = ReturnType<typeof createUsageService>;

export function createUsageService(dependencies: UsageServiceDependencies) {
  const { budget, ledger, tenantSettings, clock, settings, maxOutputTokens } = dependencies;

  /**
   * The figures of one answer (as the model sees it), and the budget problems of its plan: grading's,
   * with the answer named by `fields.answer`, the field of the estimate's body it came from, and too many
   * calls by `fields.calls`, the field that made them (see `callsField`).
   */
  function planFigures(
    model: GradingModel,
    rubric: Rubric,
    text: string,
    fields: { answer: string; calls: string },
    options: ReturnType<typeof resolveOptions>,
  ): { figures: AnswerFigures; problems: Problem[] } {
    if (isBlankAnswer(text)) return { figures: answerFigures([], 0, maxOutputTokens), problems: [] };
    let plan: ModelPlan;
    let problems: Problem[] = [];
    try {
      plan = planModelRun(dependencies, model, rubric, text, options, settings.budget, fields);
    } catch (error) {
      if (!AppError.isInstance(error) || error.code !== "grade_budget_exceeded") throw error;
      problems = error.details as Problem[];
      plan = planModelRun(dependencies, model, rubric, text, options, unlimitedBudget, fields);
    }
    const calls = plan.calls.map((call) => ({
      task: call.request.task,
      inputTokens: model.estimateInputTokens(call.request),
    }));
    return { figures: answerFigures(calls, rubric.criteria.length, maxOutputTokens), problems };
  }

  /**
   * The texts the model would see for the sample answers, or a stand-in answer of the given length, each
   * with the field it came from (`body.sampleAnswers[2]`; `body.averageAnswerChars`, also for the default
   * length, which that field changes).
   */
  async function answerTexts(command: EstimateCommand): Promise<{
    texts: { text: string; field: string }[];
    basis: GradingEstimate["answerBasis"];
  }> {
    if (command.sampleAnswers && command.sampleAnswers.length > 0) {
      const texts: { text: string; field: string }[] = [];
      for (const [index, answer] of command.sampleAnswers.entries()) {
        const field = `body.sampleAnswers[${index}]`;
        checkAnswerText(answer, settings.maxAnswerChars, field);
        texts.push({ text: (await dependencies.analyser.analyse(answer)).text, field });
      }
      return { texts, basis: "sampleAnswers" };
    }
    const chars = command.averageAnswerChars ?? defaultAverageAnswerChars;
    return {
      texts: [{ text: standInAnswer(chars), field: "body.averageAnswerChars" }],
      basis: command.averageAnswerChars !== undefined ? "averageAnswerChars" : "default",
    };
  }

  return {
    /**
     * The expected model calls, tokens and cost of grading `answers` answers with the rubric (its
     * current version, or `rubricVersion`), strategy and samples, under the configured model; nothing
     * is graded or stored. Identical answers served from the cache would cost less: an estimate assumes
     * every answer is new. Throws `rubric_not_found`, `provider_not_configured`, `invalid_request` (no
     * answer count, or a sample answer that could not be graded), `answer_too_long`.
     */
    async estimate(scope: Scope, command: EstimateCommand): Promise<GradingEstimate> {
      const stored = await dependencies.getRubric(scope, command.rubricId, command.rubricVersion);
      const model = dependencies.model;
      if (!model) throw new AppError("provider_not_configured");
      const answers = command.answers ?? command.sampleAnswers?.length;
      if (answers === undefined || answers === 0) {
        const message = "give the number of answers (`answers`) or sample answers (`sampleAnswers`)";
        throw new AppError("invalid_request", {
          message: `body.answers: ${message}`,
          details: [{ path: "body.answers", message }],
        });
      }
      if (command.sampleAnswers !== undefined && command.averageAnswerChars !== undefined) {
        const message = "give either sample answers or their average length, not both";
        throw new AppError("invalid_request", {
          message: `body.averageAnswerChars: ${message}`,
          details: [{ path: "body.averageAnswerChars", message }],
        });
      }
      const rubric = withStrategy(stored.rubric, command.strategy);
      const options = resolveOptions(
        rubric,
        {
          rubric,
          answer: "",
          studentId: null,
          ...(command.samples !== undefined ? { samples: command.samples } : {}),
        },
        settings,
      );
      const { texts: answered, basis } = await answerTexts(command);
      const texts = answered.map(({ text }) => text);
      const calls = callsField(command);
      const planned = answered.map(({ text, field }) =>
        planFigures(model, rubric, text, { answer: field, calls }, options),
      );
      const allProblems = uniqueProblems(planned.flatMap((one) => one.problems));
      // The first 100, and how many more: up to 100 sample answers, each with its own problem.
      const problems = allProblems.slice(0, maxListedProblems);
      const price = settings.prices[model.id];
      const { total, perAnswer } = batchFigures(
        planned.map((one) => one.figures),
        answers,
        price,
      );
      const today = await budget.status(scope.tenantId);
      return {
        model: model.id,
        rubricId: rubric.id,
        rubricVersion: rubric.version,
        strategy: options.strategy,
        samples: options.samples,
        modelInjectionScreen: options.modelInjectionScreen,
        answers,
        answerBasis: basis,
        averageAnswerChars: Math.round(
          texts.reduce((sum, text) => sum + codePointCount(text), 0) / texts.length,
        ),
        blankSampleAnswers: basis === "sampleAnswers" ? texts.filter(isBlankAnswer).length : 0,
        calls: total.calls,
        inputTokens: total.inputTokens,
        outputTokens: {
          ...total.outputTokens,
          basis: `expected: a typical reply per call for a rubric of ${rubric.criteria.length} criteria (about 50 tokens per criterion graded, plus feedback); max: GRADER_MAX_OUTPUT_TOKENS (${maxOutputTokens}) for every call and its repair`,
        },
        cost: total.cost,
        perAnswer,
        withinPerGradeBudget: problems.length === 0,
        perGradeBudget: {
          ...settings.budget,
          problems,
          unlistedProblems: allProblems.length - problems.length,
        },
        dailyBudget: {
          ...today,
          expectedCostFitsToday:
            today.remainingUsd === null || total.cost.expected === null
              ? null
              : total.cost.expected <= today.remainingUsd,
        },
      };
    },

    /**
     * The tenant's spend per UTC day from `from` to `to` (inclusive; default the last 30 days), with
     * today's budget. Throws `invalid_request` for a bad or reversed range, or one over 366 days.
     */
    async usage(scope: Scope, range: { from?: string; to?: string }): Promise<UsageReport> {
      const today = utcDay(clock.now());
      const to = range.to ?? today;
      // A bad `to` is named alone: the default `from` then counts back from today.
      const from = range.from ?? shiftDay(isDay(to) ? to : today, -(defaultUsageRangeDays - 1));
      checkRange(from, to);
      // The calls of a grade whose process died are in its lapsed hold until an admission settles it: settled
      // here too, or a school that stopped grading would never see them.
      await ledger.settleLapsedHolds(scope.tenantId, clock.now().toISOString());
      const [rows, status] = await Promise.all([
        ledger.days(scope.tenantId, from, to),
        budget.status(scope.tenantId),
      ]);
      const days = new Map<string, UsageReport["days"][number]>();
      for (const row of rows) {
        let day = days.get(row.day);
        if (!day) {
          day = { day: row.day, ...emptyTotals(), models: [] };
          days.set(row.day, day);
        }
        addTotals(day, row);
        day.models.push({ ...row, costUsd: roundUsd(row.costUsd) });
      }
      const total = emptyTotals();
      for (const day of days.values()) {
        addTotals(total, day);
        day.costUsd = roundUsd(day.costUsd);
      }
      total.costUsd = roundUsd(total.costUsd);
      return { from, to, currency: "USD", days: [...days.values()], total, today: status };
    },

    async getSettings(scope: Scope): Promise<TenantSettingsView> {
      const own = await tenantSettings.find(scope.tenantId);
      return view(own?.dailyBudgetUsd ?? null, own?.updatedAt ?? null);
    },

    /**
     * Sets the school's own daily budget (null removes it). It may be at most the operator's
     * GRADER_DAILY_BUDGET_USD: a school can spend less than the operator allows, never more. Takes
     * effect on the next grade, in every process. Throws `invalid_request` above the ceiling.
     */
    async updateSettings(
      scope: Scope,
      change: { dailyBudgetUsd: number | null },
    ): Promise<TenantSettingsView> {
      const ceiling = dependencies.defaultDailyBudgetUsd;
      if (change.dailyBudgetUsd !== null && ceiling !== null && change.dailyBudgetUsd > ceiling) {
        const message = `must be at most ${ceiling} (GRADER_DAILY_BUDGET_USD, the operator's ceiling for every school)`;
        throw new AppError("invalid_request", {
          message: `body.dailyBudgetUsd: ${message}`,
          details: [{ path: "body.dailyBudgetUsd", message }],
        });
      }
      const at = clock.now().toISOString();
      await tenantSettings.save(scope.tenantId, { dailyBudgetUsd: change.dailyBudgetUsd }, at);
      return view(change.dailyBudgetUsd, at);
    },
  };

  function view(own: number | null, updatedAt: string | null): TenantSettingsView {
    return {
      dailyBudgetUsd: own,
      defaultDailyBudgetUsd: dependencies.defaultDailyBudgetUsd,
      effectiveDailyBudgetUsd: budget.effectiveBudget(own),
      updatedAt,
    };
  }
}

/**
 * The field of an estimate's body that makes its model calls: `samples` when it was sent (the calls are
 * samples, times criteria per-criterion); else `strategy` when it chose per-criterion (times the rubric's
 * samples); else the rubric's own grading options, named by the field that chose the rubric.
 */
function callsField(command: EstimateCommand): string {
  if (command.samples !== undefined) return "body.samples";
  if (command.strategy === "per-criterion") return "body.strategy";
  return command.rubricVersion !== undefined ? "body.rubricVersion" : "body.rubricId";
}

const unlimitedBudget = { maxCalls: Number.POSITIVE_INFINITY, maxInputTokens: Number.POSITIVE_INFINITY };

/** The rubric graded with another strategy: only the strategy changes (prepared prompts are per version). */
function withStrategy(rubric: Rubric, strategy: GradingStrategy | undefined): Rubric {
  if (strategy === undefined) return rubric;
  return {
    ...rubric,
    grading: { evidencePolicy: "review", modelInjectionScreen: false, ...rubric.grading, strategy },
  };
}

/**
 * An answer of `chars` characters of ordinary prose, standing in for answers not given. ASCII text:
 * for scripts with more tokens per character (CJK, Persian), send sample answers instead.
 */
function standInAnswer(chars: number): string {
  const prose = "The student explains the idea in their own words and gives an example. ";
  return prose
    .repeat(Math.ceil(chars / prose.length))
    .slice(0, chars)
    .trimEnd()
    .padEnd(chars, ".");
}

function uniqueProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Totals = Omit<UsageDay, "day" | "model">;

function emptyTotals(): Totals {
  return {
    grades: 0,
    cachedGrades: 0,
    modelCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    unpricedCalls: 0,
  };
}

function addTotals(into: Totals, row: Totals): void {
  into.grades += row.grades;
  into.cachedGrades += row.cachedGrades;
  into.modelCalls += row.modelCalls;
  into.inputTokens += row.inputTokens;
  into.outputTokens += row.outputTokens;
  into.costUsd += row.costUsd;
  into.unpricedCalls += row.unpricedCalls;
}

function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return utcDay(date);
}

/** A real calendar day as `YYYY-MM-DD` (not 2026-02-30). */
function isDay(day: string): boolean {
  return (
    dayPattern.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00.000Z`)) && shiftDay(day, 0) === day
  );
}

function checkRange(from: string, to: string): void {
  const problems: Problem[] = [];
  for (const [name, day] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (!isDay(day)) {
      problems.push({ path: `querystring.${name}`, message: "must be a date as YYYY-MM-DD (a UTC day)" });
    }
  }
  if (problems.length === 0) {
    const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
    if (span < 1) problems.push({ path: "querystring.from", message: "must not be after `to`" });
    else if (span > maxUsageRangeDays) {
      problems.push({
        path: "querystring.from",
        message: `the range may cover at most ${maxUsageRangeDays} days (it covers ${span})`,
      });
    }
  }
  if (problems.length > 0) {
    throw new AppError("invalid_request", {
      message: problems.map((problem) => `${problem.path}: ${problem.message}`).join("; "),
      details: problems,
    });
  }
}
