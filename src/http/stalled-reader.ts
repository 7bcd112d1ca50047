import type { FastifyReply } from "fastify";

/**
 * How long a streamed download (a CSV export) may wait for a client that reads nothing before its
 * connection is dropped. Mutable for tests only.
 */
export const stalledReaderTimings = { stalledMs: 60_000 };

/**
 * Drops the connection of a streamed reply whose client stops reading: the socket's buffer stays full
 * (no `drain`) for `stalledReaderTimings.stalledMs`. Without it, a client that asked for a 100,000-row
 * export and never read held its connection, the export's page of rows and its buffers until the
 * server stopped, and many such clients held as many of them. A client that reads slowly but reads is
 * never dropped.
 */
export function dropStalledReader(reply: FastifyReply): void {
  const response = reply.raw;
  const { stalledMs } = stalledReaderTimings;
  let progressAt = Date.now();
  const onDrain = () => {
    progressAt = Date.now();
  };
  const check = setInterval(
    () => {
      if (!response.writableNeedDrain) progressAt = Date.now();
      else if (Date.now() - progressAt >= stalledMs) {
        reply.log.info({ stalledMs }, "dropped a download whose client stopped reading");
        response.destroy();
      }
    },
    Math.max(10, Math.floor(stalledMs / 4)),
  );
  check.unref();
  response.on("drain", onDrain);
  response.once("close", () => {
    clearInterval(check);
    response.off("drain", onDrain);
  });
}
