/**
 * Progress of a long run: a bar redrawn in place on a terminal, plain lines (every 10% and at the end)
 * when the output is a file or a CI log.
 */
export interface Progress {
  tick(done: number): void;
  finish(done: number): void;
}

export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  label: string,
  total: number,
): Progress {
  const started = Date.now();
  let lastDecile = -1;
  const eta = (done: number) => {
    if (done === 0) return "";
    const seconds = ((Date.now() - started) / 1000 / done) * (total - done);
    return ` eta ${seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`}`;
  };
  const line = (done: number) => `${label}: ${done}/${total} graded`;
  return {
    tick(done) {
      if (stream.isTTY) {
        const width = 30;
        const filled = total === 0 ? width : Math.round((done / total) * width);
        stream.write(
          `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}${eta(done)}   `,
        );
        return;
      }
      const decile = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${line(done)}\n`);
      }
    },
    finish(done) {
      if (stream.isTTY) stream.write("\n");
      else if (lastDecile < 10) stream.write(`${line(done)}\n`);
    },
  };
}
