export interface Heartbeat {
  /** Stops the beats; a beat already running finishes on its own. Safe to call twice. */
  stop(): void;
}

/**
 * Calls `beat` every `intervalMs` until stopped, to renew a lease while work runs. The timer never
 * keeps the process alive, and beats never overlap: a beat still running when the next is due makes
 * that one skip. A beat's failure is handed to `onError` (default: ignored) and the beats go on:
 * renewing a lease is worth retrying at the next beat, and the lease outlives a few missed ones.
 */
export function startHeartbeat(
  intervalMs: number,
  beat: () => Promise<unknown>,
  onError: (error: unknown) => void = () => {},
): Heartbeat {
  let beating = false;
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    void beat()
      .catch(onError)
      .finally(() => {
        beating = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
