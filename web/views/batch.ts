import { downloadResponse } from "../lib/api.js";
import { field, h, replace } from "../lib/dom.js";
import { readEventStream } from "../lib/sse.js";
import { busy, describeError, StatusLine } from "../lib/status.js";
import type { Job, JobCounts, JobList } from "../lib/types.js";
import { rubricSelect } from "./shared.js";
import type { View, ViewContext } from "./view.js";

/**
 * Batch: upload a CSV (`answer`, `student_id`, `submission_id`) as a job, watch it live from the
 * job's event stream, and download the results as CSV.
 */
export const batchView: View = {
  path: "batch",
  title: "Batch",
  render(container, context) {
    const controller = new AbortController();
    const status = new StatusLine();
    const form = h("div", { className: "card" });
    const progressCard = h("section", { className: "card", "aria-labelledby": "job-title", hidden: true });
    const recent = h("section", { className: "card", "aria-labelledby": "recent-jobs-title" });
    container.append(h("h1", {}, "Grade a class (batch)"), form, progressCard, recent);
    void recentJobs(context, recent).catch((error: unknown) => status.error(error));
    void (async () => {
      const picker = await rubricSelect(context.api);
      const file = h("input", { type: "file", name: "answers-file", accept: ".csv,text/csv" });
      const submit = h("button", { type: "button", className: "primary" }, "Upload and grade");
      submit.addEventListener(
        "click",
        () =>
          void busy(submit, status, async () => {
            const chosen = file.files?.[0];
            if (!chosen) throw new Error("Choose a CSV file of answers.");
            const body = new FormData();
            body.append("file", chosen);
            const job = await context.api.json<Job>("/v1/jobs", {
              body,
              query: { rubricId: picker.select.value },
            });
            status.info(`Job ${job.id} accepted: ${job.total} answers.`);
            void followJob(context, job, progressCard, controller.signal).then(() =>
              recentJobs(context, recent),
            );
          }),
      );
      replace(
        form,
        picker.element,
        field(
          "Answers (CSV)",
          file,
          "A header row with answer, and optionally student_id and submission_id.",
        ),
        submit,
        status.element,
      );
    })().catch((error: unknown) => {
      status.error(error);
      form.append(status.element);
    });
    return () => controller.abort();
  },
};

/** Results of a job as the CSV file the browser saves (one row per answer, a column per criterion). */
async function downloadResults(context: ViewContext, jobId: string): Promise<string> {
  const response = await context.api.request(`/v1/jobs/${encodeURIComponent(jobId)}/results`, {
    accept: "text/csv",
  });
  return downloadResponse(response, `${jobId}.csv`);
}

/** The latest jobs, each with its results to download as they are now (after review, too). */
async function recentJobs(context: ViewContext, card: HTMLElement): Promise<void> {
  const { jobs } = await context.api.json<JobList>("/v1/jobs", { query: { limit: 10 } });
  const status = new StatusLine();
  replace(
    card,
    h("h2", { id: "recent-jobs-title" }, "Recent jobs"),
    jobs.length
      ? h(
          "div",
          { className: "table-scroll" },
          h(
            "table",
            {},
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ["Job", "Rubric", "Status", "Progress", ""].map((name) => h("th", { scope: "col" }, name)),
              ),
            ),
            h(
              "tbody",
              {},
              jobs.map((job) => {
                const download = h(
                  "button",
                  { type: "button", "aria-label": `Download CSV of ${job.id}` },
                  "Download CSV",
                );
                download.addEventListener(
                  "click",
                  () =>
                    void busy(download, status, async () =>
                      status.info(`Downloaded ${await downloadResults(context, job.id)}.`),
                    ),
                );
                return h(
                  "tr",
                  {},
                  h("td", {}, h("code", {}, job.id)),
                  h("td", {}, job.rubricId),
                  h("td", {}, job.status),
                  h("td", {}, countsText(job.counts)),
                  h("td", {}, download),
                );
              }),
            ),
          ),
        )
      : h("p", {}, "No jobs yet."),
    status.element,
  );
}

function countsText(counts: JobCounts): string {
  return `${counts.total - counts.pending} of ${counts.total} done: ${counts.graded} graded, ${counts.needsReview} to review, ${counts.failed} failed`;
}

/** Follows a job's SSE stream, reconnecting with Last-Event-ID when the connection drops. */
async function followJob(
  context: ViewContext,
  job: Job,
  card: HTMLElement,
  signal: AbortSignal,
): Promise<void> {
  const progress = h("progress", { max: job.total, value: 0, "aria-labelledby": "job-progress-label" });
  const label = h(
    "p",
    { id: "job-progress-label", className: "job-counts", role: "status", "aria-live": "polite" },
    countsText(job.counts),
  );
  const state = h("p", { className: "job-state" }, `Status: ${job.status}`);
  const download = h("button", { type: "button", disabled: true }, "Download results (CSV)");
  const status = new StatusLine();
  download.addEventListener(
    "click",
    () =>
      void busy(download, status, async () => {
        status.info(`Downloaded ${await downloadResults(context, job.id)}.`);
      }),
  );
  replace(
    card,
    h("h2", { id: "job-title" }, `Job ${job.id}`),
    progress,
    label,
    state,
    download,
    status.element,
  );
  card.hidden = false;

  let lastEventId: string | undefined;
  let finished = false;
  const update = (current: Job) => {
    progress.value = current.counts.total - current.counts.pending;
    replace(label, countsText(current.counts));
    replace(state, `Status: ${current.status}`);
  };
  for (let attempt = 0; !finished && !signal.aborted && attempt < 20; attempt += 1) {
    try {
      const response = await context.api.request(`/v1/jobs/${encodeURIComponent(job.id)}/events`, {
        accept: "text/event-stream",
        signal,
        ...(lastEventId ? { headers: { "last-event-id": lastEventId } } : {}),
      });
      lastEventId =
        (await readEventStream(response, (event) => {
          if (event.event === "job") update(JSON.parse(event.data) as Job);
          if (event.event === "end") finished = true;
        })) ?? lastEventId;
    } catch (error) {
      if (signal.aborted) return;
      status.error(`The progress stream broke (${describeError(error)}); reconnecting…`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  if (finished) {
    const final = await context.api.json<Job>(`/v1/jobs/${encodeURIComponent(job.id)}`);
    update(final);
    download.disabled = false;
    card.dataset.state = "finished";
    status.info("The job has finished: download the results, or review the answers that need it.");
  }
}
