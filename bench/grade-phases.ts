/**
 * Where one grade's time goes at concurrency 1, the service against the bare chain (the two sides of
 * bench/service-overhead.ts, against the same instant fake): grades alternate one by one between the sides,
 * so that both see the same machine load (this machine's speed drifts by a factor of two within a minute),
 * and each grade is cut into phases at the provider request's transport events (undici's diagnostics
 * channels, which Node's own fetch publishes too):
 *
 *   before the request   from the call until the request is created (the service: HTTP layer, checks, storage
 *                        reads, screen started, prompt; the bare chain: prompt and schema conversion)
 *   provider round trip  from the request's headers sent until the response headers arrive
 *   reading the reply    until the response body has ended
 *   after the reply      until the grade is returned (the service: parse, checks, storage write, HTTP reply)
 *
 * Medians in microseconds, and the ratio of the medians of the whole grade (bare / service: the service
 * overhead ratio at concurrency 1, goal ≥ 1.00).
 *
 *   npx tsx bench/grade-phases.ts [--grades 2000] [--warm-up 600]
 */
import { channel } from "node:diagnostics_channel";
import { bareChain, serviceSide, startInstantFake } from "./support/overhead-sides.js";
import { numberOption as option } from "./support/arguments.js";

const grades = option("grades", 2000);
const warmUp = option("warm-up", 600);

type Mark = "created" | "sent" | "headers" | "ended";
let marks: Partial<Record<Mark, number>> = {};
const record = (mark: Mark) => () => {
  marks[mark] ??= performance.now();
};
channel("undici:request:create").subscribe(record("created"));
channel("undici:client:sendHeaders").subscribe(record("sent"));
channel("undici:request:headers").subscribe(record("headers"));
channel("undici:request:trailers").subscribe(record("ended"));

const phases = [
  "before the request",
  "provider round trip",
  "reading the reply",
  "after the reply",
  "whole grade",
];

/** Runs one grade and returns its phases in microseconds, or null when a transport event was missing. */
async function phasesOf(grade: () => Promise<void>): Promise<number[] | null> {
  marks = {};
  const started = performance.now();
  await grade();
  const done = performance.now();
  const { created, sent, headers, ended } = marks;
  if (created === undefined || sent === undefined || headers === undefined || ended === undefined)
    return null;
  return [created - started, headers - sent, ended - headers, done - ended, done - started].map(
    (milliseconds) => milliseconds * 1000,
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const fake = await startInstantFake();
  const bare = bareChain(fake.baseURL);
  const service = await serviceSide(fake.baseURL);
  // The same warm-up as service-overhead.ts: both sides at 1 and 16 in flight (the service's analysis
  // threads start under concurrency, so a lone grade then meets the state it meets in that benchmark).
  let index = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let done = 0; done < warmUp; done += 16) {
      await Promise.all(Array.from({ length: 16 }, () => bare(index++)));
      await Promise.all(Array.from({ length: 16 }, () => service.grade(index++)));
    }
  }
  const samples = { bare: [] as number[][], service: [] as number[][] };
  for (let count = 0; count < grades; count++) {
    const bareGrade = await phasesOf(() => bare(index++));
    const serviceGrade = await phasesOf(() => service.grade(index++));
    if (bareGrade) samples.bare.push(bareGrade);
    if (serviceGrade) samples.service.push(serviceGrade);
  }
  const column = (side: number[][], phase: number) => median(side.map((values) => values[phase]!));
  console.log(`grade phases at concurrency 1: ${grades} grades each side, alternating; medians in µs`);
  console.log(
    `${"".padEnd(22)}${"bare chain".padStart(12)}${"service".padStart(12)}${"difference".padStart(12)}`,
  );
  phases.forEach((name, phase) => {
    const bareValue = column(samples.bare, phase);
    const serviceValue = column(samples.service, phase);
    console.log(
      `${name.padEnd(22)}${bareValue.toFixed(0).padStart(12)}${serviceValue.toFixed(0).padStart(12)}${(serviceValue - bareValue).toFixed(0).padStart(12)}`,
    );
  });
  const whole = phases.length - 1;
  console.log(
    `ratio (bare / service, whole grade): ${(column(samples.bare, whole) / column(samples.service, whole)).toFixed(2)} (goal ≥ 1.00)`,
  );
  await service.close();
  fake.stop();
}

await main();
