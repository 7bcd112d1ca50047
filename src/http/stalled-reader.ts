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

/** A reply sent whole that is larger than this is watched by `dropUnreadReply`. */
export const watchedReplyBytes = 64 * 1024;

/**
 * Drops the connection of a reply sent whole (a JSON page, up to megabytes) whose client reads none of
 * it for `stalledReaderTimings.stalledMs`: what the socket could not take stays in the process's
 * memory until the reply is read, and nothing else closed such a connection (Node's timeouts end once
 * the request has arrived). A page of 1,000 job results is about 7 MB: twenty clients asking for it and
 * never reading held 140 MB until they went. `dropStalledReader` cannot tell, as a reply sent whole has
 * ended its writing and never needs a drain; here progress is the socket's buffer getting shorter.
 */
export function dropUnreadReply(reply: FastifyReply): void {
  const response = reply.raw;
  const { stalledMs } = stalledReaderTimings;
  let progressAt = Date.now();
  let buffered = Number.POSITIVE_INFINITY;
  const check = setInterval(
    () => {
      const socket = response.socket;
      if (!socket || response.writableFinished) {
        clearInterval(check);
        return;
      }
      if (socket.writableLength < buffered) {
        buffered = socket.writableLength;
        progressAt = Date.now();
      } else if (Date.now() - progressAt >= stalledMs) {
        clearInterval(check);
        reply.log.info({ stalledMs }, "dropped a reply whose client stopped reading");
        response.destroy();
      }
    },
    Math.max(10, Math.floor(stalledMs / 4)),
  );
  check.unref();
  response.once("close", () => clearInterval(check));
}
