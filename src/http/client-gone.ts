import type { FastifyReply } from "fastify";
import { AppError } from "../grading/errors.js";

/**
 * A signal that aborts when the client closes its connection before the reply has been sent: a request
 * that gave up. Call `stop()` once the work is done. Aborts with `invalid_request` (nobody reads it: the
 * connection is gone), so that the work it stops is logged as the client's doing, not as a server error.
 */
export function clientGoneSignal(reply: FastifyReply): { signal: AbortSignal; stop(): void } {
  const controller = new AbortController();
  const response = reply.raw;
  const onClose = () => {
    if (response.writableFinished) return;
    controller.abort(
      new AppError("invalid_request", {
        message: "The client closed the connection before the reply.",
      }),
    );
  };
  response.once("close", onClose);
  return { signal: controller.signal, stop: () => response.off("close", onClose) };
}
