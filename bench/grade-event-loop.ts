/**
 * The longest stretch a whole grade holds the event loop, for the 10 ms budget of issue "Core v2": every
 * step of `POST /v1/grade` (parsing, analysis, planning, the cache and lease queries, aggregation and the
 * evidence check, storing grade and audit, the response) for answers of 20,000 characters, with an
 * instant in-process model so that only the service's own work is on the loop.
 *
 *   npx tsx bench/grade-event-loop.ts
 *
 * A setImmediate ticker records every gap between turns of the loop while 40 grades run one after
 * another and 8 at a time; the longest gaps are printed with their ratio to the limit. A gap also
 * includes garbage collection and the scheduler's pauses on a busy machine: run twice.
 */
import { buildTestApp, scienceRubric } from "../tests/helpers/test-app.js";
import { adversarialAnswers, ordinaryAnswer } from "../tests/helpers/long-answers.js";
import { allCriteriaReply, createScriptedModel } from "../tests/helpers/scripted-model.js";

const LIMIT_MS = 10;
const LENGTH = 20_000;

const model = createScriptedModel({
  fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "light" }),
});
const test = await buildTestApp({
  dependencies: { model },
  env: { GRADER_MAX_INPUT_TOKENS_PER_GRADE: "10000000" },
});
await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });

const answers = [ordinaryAnswer(LENGTH), ...Object.values(adversarialAnswers(LENGTH))];
const answerAt = (index: number) => `${answers[index % answers.length]!.slice(0, LENGTH - 8)} #${index}`;
const grade = async (index: number) => {
  const response = await test.app.inject({
    method: "POST",
    url: "/v1/grade",
    payload: { rubricId: scienceRubric.id, answer: answerAt(index) },
  });
  if (response.statusCode !== 200) throw new Error(`grade failed: ${response.statusCode} ${response.body}`);
};

// Warm up: JIT, the analysis workers, prepared statements.
for (let index = 0; index < 6; index++) await grade(1_000 + index);

for (const inFlight of [1, 8]) {
  const gaps: number[] = [];
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < 40) await grade(inFlight * 100 + next++);
    }),
  );
  running = false;
  gaps.sort((a, b) => b - a);
  console.log(
    `grades of ${LENGTH} characters, ${inFlight} at a time: longest event-loop gaps ${gaps
      .slice(0, 3)
      .map((gap) => `${gap.toFixed(1)} ms`)
      .join(", ")} (longest ${(gaps[0]! / LIMIT_MS).toFixed(2)}× the ${LIMIT_MS} ms limit)`,
  );
}
await test.close();
