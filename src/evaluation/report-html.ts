import type { MetricEstimate } from "./bootstrap.js";
import type { ReliabilityCurve } from "./calibration.js";
import { agreementMetricNames, type AgreementMetricName } from "./metrics.js";
import type { ConfigurationReport, EvaluationReport } from "./report.js";

/**
 * The evaluation report as one self-contained HTML page: inline CSS, plots drawn here as inline SVG, no
 * script and nothing fetched, so it opens from a file or an e-mail without a network. Every text from
 * the data (answers, rationales, ids) is escaped.
 */

export const metricTitles: Record<AgreementMetricName, string> = {
  quadraticKappa: "Quadratic weighted κ (QWK)",
  linearKappa: "Linear weighted κ",
  cohenKappa: "Cohen's κ",
  pearson: "Pearson r",
  spearman: "Spearman ρ",
  exactAgreement: "Exact agreement",
  adjacentAgreement: "Adjacent agreement (within one level)",
  macroF1: "Macro-F1 over score levels",
  meanAbsoluteError: "Mean absolute error (points)",
  rootMeanSquaredError: "Root mean squared error (points)",
};

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const format = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined
    ? "—"
    : Number.isInteger(value)
      ? String(value)
      : value.toFixed(digits);
const interval = (estimate: Pick<MetricEstimate, "low" | "high">) =>
  estimate.low === null || estimate.high === null
    ? "—"
    : `${format(estimate.low)} – ${format(estimate.high)}`;

/** A heatmap of counts: rows are the teacher's scores, columns the model's. */
export function confusionHeatmapSvg(confusion: ConfigurationReport["confusion"]): string {
  const size = confusion.labels.length;
  const cell = Math.max(22, Math.min(48, Math.floor(420 / Math.max(1, size))));
  const left = 70;
  const top = 50;
  const width = left + cell * size + 20;
  const height = top + cell * size + 20;
  const max = Math.max(1, ...confusion.counts.flat());
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="plot" width="${width}" height="${height}" role="img" aria-label="Confusion matrix">`,
    `<text x="${left + (cell * size) / 2}" y="14" text-anchor="middle">model's score →</text>`,
    `<text x="12" y="${top + (cell * size) / 2}" text-anchor="middle" transform="rotate(-90 12 ${top + (cell * size) / 2})">teacher's score →</text>`,
  ];
  confusion.labels.forEach((label, index) => {
    parts.push(
      `<text x="${left + index * cell + cell / 2}" y="${top - 8}" text-anchor="middle">${escapeHtml(format(label, 2))}</text>`,
      `<text x="${left - 6}" y="${top + index * cell + cell / 2 + 4}" text-anchor="end">${escapeHtml(format(label, 2))}</text>`,
    );
  });
  confusion.counts.forEach((row, rowIndex) =>
    row.forEach((count, columnIndex) => {
      const shade = count === 0 ? 0 : 0.12 + 0.88 * (count / max);
      const x = left + columnIndex * cell;
      const y = top + rowIndex * cell;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="rgba(31,95,170,${shade.toFixed(3)})" stroke="${rowIndex === columnIndex ? "#222" : "#ddd"}"><title>teacher ${format(confusion.labels[rowIndex], 2)}, model ${format(confusion.labels[columnIndex], 2)}: ${count}</title></rect>`,
      );
      if (count > 0) {
        parts.push(
          `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" fill="${shade > 0.55 ? "#fff" : "#111"}">${count}</text>`,
        );
      }
    }),
  );
  parts.push("</svg>");
  return parts.join("");
}

/** Bars of how many answers the model scored at each difference from the teacher (model − teacher). */
export function differenceHistogramSvg(differences: ConfigurationReport["differences"]): string {
  const width = 480;
  const height = 220;
  const left = 40;
  const bottom = 40;
  const plotHeight = height - bottom - 20;
  const max = Math.max(1, ...differences.map((entry) => entry.count));
  const bar = differences.length === 0 ? 0 : Math.min(60, (width - left - 20) / differences.length);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="plot" width="${width}" height="${height}" role="img" aria-label="Score differences">`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - 10}" y2="${height - bottom}" stroke="#444"/>`,
    `<text x="${left}" y="14">answers</text>`,
    `<text x="${(width + left) / 2}" y="${height - 6}" text-anchor="middle">model − teacher (points)</text>`,
  ];
  differences.forEach((entry, index) => {
    const barHeight = (entry.count / max) * plotHeight;
    const x = left + index * bar + 2;
    const y = height - bottom - barHeight;
    const colour = entry.difference === 0 ? "#2e7d32" : entry.difference > 0 ? "#c62828" : "#1565c0";
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, bar - 4).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${colour}"><title>${format(entry.difference, 2)}: ${entry.count}</title></rect>`,
      `<text x="${(x + bar / 2 - 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle">${entry.count}</text>`,
      `<text x="${(x + bar / 2 - 2).toFixed(1)}" y="${height - bottom + 14}" text-anchor="middle">${escapeHtml(format(entry.difference, 2))}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("");
}

/** Mean confidence against agreement per bin, with the diagonal of a perfectly calibrated grader. */
export function reliabilitySvg(curve: ReliabilityCurve): string {
  const size = 240;
  const left = 40;
  const top = 10;
  const x = (value: number) => left + value * size;
  const y = (value: number) => top + (1 - value) * size;
  const maxCount = Math.max(1, ...curve.bins.map((bin) => bin.count));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="plot" width="${left + size + 20}" height="${top + size + 40}" role="img" aria-label="Reliability curve">`,
    `<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#444"/>`,
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#999" stroke-dasharray="4 3"/>`,
    `<text x="${left + size / 2}" y="${top + size + 30}" text-anchor="middle">confidence</text>`,
    `<text x="12" y="${top + size / 2}" text-anchor="middle" transform="rotate(-90 12 ${top + size / 2})">agreement</text>`,
    `<text x="${x(0)}" y="${top + size + 14}" text-anchor="middle">0</text><text x="${x(1)}" y="${top + size + 14}" text-anchor="middle">1</text>`,
  ];
  const points = curve.bins.filter((bin) => bin.count > 0);
  if (points.length > 1) {
    const path = points
      .map((bin) => `${x(bin.meanConfidence!).toFixed(1)},${y(bin.agreement!).toFixed(1)}`)
      .join(" ");
    parts.push(`<polyline points="${path}" fill="none" stroke="#1f5faa" stroke-width="2"/>`);
  }
  for (const bin of points) {
    const radius = 3 + 7 * Math.sqrt(bin.count / maxCount);
    parts.push(
      `<circle cx="${x(bin.meanConfidence!).toFixed(1)}" cy="${y(bin.agreement!).toFixed(1)}" r="${radius.toFixed(1)}" fill="#1f5faa" fill-opacity="0.7"><title>${bin.count} answers, confidence ${format(bin.meanConfidence)}, agreement ${format(bin.agreement)}</title></circle>`,
    );
  }
  if (points.length === 0) {
    parts.push(
      `<text x="${left + size / 2}" y="${top + size / 2}" text-anchor="middle">no confidences (one sample per grade)</text>`,
    );
  }
  parts.push("</svg>");
  return parts.join("");
}

const style = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#1b1b1b;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
.plots{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}.plot text{font-size:11px;fill:#222}
.note{color:#555;font-size:13px}blockquote{margin:4px 0;padding:4px 8px;background:#f7f7f7;border-left:3px solid #bbb;white-space:pre-wrap}
details{margin:4px 0}summary{cursor:pointer}
`;

function metricsTable(metrics: Record<AgreementMetricName, MetricEstimate>): string {
  const rows = agreementMetricNames
    .map(
      (name) =>
        `<tr><td>${metricTitles[name]}</td><td class="n">${format(metrics[name].value)}</td><td class="n">${interval(metrics[name])}</td></tr>`,
    )
    .join("");
  return `<table><tr><th>metric</th><th>value</th><th>95% interval</th></tr>${rows}</table>`;
}

function configurationSection(configuration: ConfigurationReport): string {
  const { summary } = configuration;
  const settings = Object.entries(configuration.settings)
    .map(([key, value]) => `${escapeHtml(key)}: ${escapeHtml(JSON.stringify(value))}`)
    .join(", ");
  const review = summary.review;
  const usage = summary.usage;
  const questions = configuration.questions
    .map((question) => {
      const examples = question.examples
        .map(
          (example) =>
            `<details><summary>${escapeHtml(example.split)} ${escapeHtml(example.answerId)}: teacher ${format(example.teacher, 2)}, model ${format(example.model, 2)}</summary>` +
            `<blockquote>${escapeHtml(example.answer)}</blockquote><div class="note">Model's rationale: ${escapeHtml(example.rationale)}</div></details>`,
        )
        .join("");
      const metric = (name: AgreementMetricName) =>
        `${format(question.metrics[name].value)}<br><span class="note">${interval(question.metrics[name])}</span>`;
      return (
        `<tr><td>${escapeHtml(question.dataset)}<br><b>${escapeHtml(question.questionId)}</b></td><td class="n">${question.count}${question.unscored ? ` (+${question.unscored} unscored)` : ""}</td>` +
        `<td class="n">${format(question.normalisedError)}</td><td class="n">${metric("quadraticKappa")}</td><td class="n">${metric("exactAgreement")}</td>` +
        `<td class="n">${metric("meanAbsoluteError")}</td><td>${examples || '<span class="note">no disagreements</span>'}</td></tr>`
      );
    })
    .join("");
  const errors =
    configuration.errors.length === 0
      ? ""
      : `<p class="note">${configuration.errors.length} answers could not be graded in the last run (a rerun tries them again): ${escapeHtml(
          [...new Set(configuration.errors.map((error) => error.code))].join(", "),
        )}.</p>`;
  return `
<h2>${escapeHtml(configuration.name)}</h2>
<p>Model <b>${escapeHtml(configuration.model)}</b>, prompt version ${escapeHtml(configuration.promptVersion)}; ${settings}.
${configuration.answers} answers graded, ${summary.overall.count} with a score${summary.overall.unscored ? `, ${summary.overall.unscored} without (unusable replies)` : ""}.</p>
${errors}
<h3>Agreement with the teachers</h3>
${metricsTable(summary.overall.metrics)}
<p class="note">Intervals: percentile bootstrap over answers. Scores are pooled over questions on their raw point scales.</p>
<h3>Review and cost</h3>
<table>
<tr><td>Sent to review</td><td class="n">${review.flagged} of ${review.answers} (${format(review.reviewRate)})</td></tr>
<tr><td>Large disagreements (&gt; 1 level, or &gt; ¼ of the points)</td><td class="n">${review.largeDisagreements}</td></tr>
<tr><td>… of which sent to review</td><td class="n">${review.largeDisagreementsFlagged} (${format(review.flaggedShareOfLargeDisagreements)})</td></tr>
<tr><td>Tokens per answer (input / output)</td><td class="n">${format(usage.inputTokensPerAnswer, 1)} / ${format(usage.outputTokensPerAnswer, 1)}</td></tr>
<tr><td>Cost per answer (USD)</td><td class="n">${usage.costUsdPerAnswer === null ? "— (no price configured)" : usage.costUsdPerAnswer.toFixed(6)}</td></tr>
<tr><td>Expected calibration error</td><td class="n">${format(summary.reliability.expectedCalibrationError)} (${summary.reliability.count} answers with a confidence)</td></tr>
</table>
<div class="plots">
<figure>${confusionHeatmapSvg(configuration.confusion)}<figcaption>Confusion matrix (diagonal outlined: agreement)</figcaption></figure>
<figure>${differenceHistogramSvg(configuration.differences)}<figcaption>Score differences</figcaption></figure>
<figure>${reliabilitySvg(summary.reliability)}<figcaption>Reliability: does confidence predict agreement?</figcaption></figure>
</div>
<h3>Per question, worst first</h3>
<p class="note">Sorted by mean absolute error as a share of the question's points.</p>
<table><tr><th>question</th><th>answers</th><th>error / points</th><th>QWK</th><th>exact</th><th>MAE</th><th>largest disagreements</th></tr>${questions}</table>`;
}

function comparisonSection(report: EvaluationReport): string {
  if (report.comparisons.length === 0) return "";
  const tables = report.comparisons
    .map((comparison) => {
      const rows = agreementMetricNames
        .map((name) => {
          const entry = comparison.metrics[name];
          return `<tr><td>${metricTitles[name]}</td><td class="n">${format(entry.a)}</td><td class="n">${format(entry.b)}</td><td class="n">${format(entry.difference)}</td><td class="n">${interval(entry)}</td></tr>`;
        })
        .join("");
      return `<h3>${escapeHtml(comparison.a)} − ${escapeHtml(comparison.b)} (${comparison.count} answers both scored)</h3>
<table><tr><th>metric</th><th>${escapeHtml(comparison.a)}</th><th>${escapeHtml(comparison.b)}</th><th>difference</th><th>95% paired interval</th></tr>${rows}</table>`;
    })
    .join("");
  return `<h2>Paired comparisons</h2><p class="note">Same answers, same bootstrap resamples for both: an interval that excludes 0 is a difference the data supports.</p>${tables}`;
}

export function renderReportHtml(report: EvaluationReport): string {
  const data = Object.entries(report.data)
    .map(
      ([key, value]) => `<tr><td>${escapeHtml(key)}</td><td>${escapeHtml(JSON.stringify(value))}</td></tr>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Grader evaluation</title><style>${style}</style></head>
<body>
<h1>Grader evaluation: agreement with teachers</h1>
<p class="note">Generated ${escapeHtml(report.generatedAt)}; seed ${report.seed}, ${report.resamples} bootstrap resamples. See docs/evaluation.md for how to read each figure.</p>
<table>${data}</table>
${report.configurations.map(configurationSection).join("")}
${comparisonSection(report)}
</body></html>
`;
}
