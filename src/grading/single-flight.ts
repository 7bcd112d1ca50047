import type { Clock } from "../lib/clock.js";
import { startHeartbeat } from "../lib/heartbeat.js";
import type { LeaseSettings } from "./lease-settings.js";
import type { LeaseStore } from "./ports.js";

/**
 * The lease a leader holds while it produces. `produce` may give it up in the same transaction that
 * stores its result (one commit instead of two) and then sets `released`; otherwise the flight
 * releases it once `produce` is done.
 */
export interface FlightLease {
  readonly name: string;
  readonly holder: string;
  released: boolean;
}

export interface SingleFlightSteps<T> {
  /** The result another request already made (and this request's own copy of it), or undefined. */
  reuse: () => Promise<T | undefined>;
  /** Makes the result; afterwards `reuse` finds it, unless it must not be reused (then it is made again). */
  produce: (lease: FlightLease) => Promise<T>;
  /**
   * Whether a leader's failure is one that a request waiting for it here would meet as well (the
   * provider's outage or timeout on the same call): it is then thrown to that request too, instead of
   * the request leading again and waiting the whole failure out once more. `failuresSeen` counts the
   * leaders this request has seen fail so far, this one included (so a failure can be shared only once a
   * request that took over failed too). Default: never.
   */
  sharesFailure?: (error: unknown, failuresSeen: number) => boolean;
  /**
   * This request's own: when it aborts (its client left), the request stops waiting for another's
   * result at once and throws the signal's reason, giving up whatever it holds (its pending-grade slot)
   * without touching the leader, which goes on for its own client and the other waiting requests.
   * (A leader's `produce` is stopped by the signal it was given itself.)
   */
  signal?: AbortSignal;
}

export interface SingleFlight {
  /**
   * Makes the result for `key` once for all the requests that want it at the same time: the first
   * becomes the leader and runs `produce`; the others wait and then `reuse` the leader's result.
   * Requests in this process wait for the leader's promise; requests in other processes on the same
   * database find a lease row held by the leader, and poll `reuse` until its result is there or its
   * lease ends. The leader renews its lease while it works, so the lease lapses within
   * `durationMs` after its process dies and a waiting request takes over.
   *
   * When the leader fails, or its result is not reusable, one waiting request becomes the next
   * leader; a failure that `sharesFailure` accepts is thrown instead to the requests of this process
   * that were waiting for that leader. Throws what `reuse` or `produce` throws for this request, a
   * shared failure, or the lease store's error.
   */
  run<T>(key: string, steps: SingleFlightSteps<T>): Promise<T>;
}

/**
 * Single flight for one service instance: its registry of leaders is its own (never module-global),
 * so two instances on one database coordinate through the lease store, exactly as two processes do.
 */
export function createSingleFlight(dependencies: {
  leases: LeaseStore;
  clock: Clock;
  /** Names this instance's lease holders; unique per process. */
  ownerId: string;
  /** A new unique id for each leadership, so a lease can never be confused with an earlier one. */
  newId: () => string;
  /** Prefix of the lease names, so several kinds of work can share the lease store. */
  namespace: string;
  settings: LeaseSettings;
}): SingleFlight {
  const { leases, clock, settings } = dependencies;
  /**
   * Settles (never rejects) when this instance's leader for a key is done: with its failure, if it
   * failed, or undefined.
   */
  const leaders = new Map<string, Promise<{ failure: unknown } | undefined>>();

  const expiryFromNow = () => new Date(clock.now().getTime() + settings.durationMs);

  /** Leads across processes: waits for another process's leader, or takes the lease and produces. */
  async function leadWithLease<T>(leaseName: string, steps: SingleFlightSteps<T>): Promise<T> {
    const holder = `${dependencies.ownerId}/${dependencies.newId()}`;
    for (;;) {
      if (await leases.acquire(leaseName, { holder, now: clock.now(), expiresAt: expiryFromNow() })) {
        const heartbeat = startHeartbeat(settings.renewEveryMs, () =>
          leases.renew(leaseName, holder, expiryFromNow()),
        );
        const lease: FlightLease = { name: leaseName, holder, released: false };
        try {
          // Under the lease: a result stored before it (by an earlier holder, here or in another process).
          return (await steps.reuse()) ?? (await steps.produce(lease));
        } finally {
          heartbeat.stop();
          // A lease that cannot be released lapses on its own; the result (or error) matters more.
          if (!lease.released) await leases.release(leaseName, holder).catch(() => {});
        }
      }
      await clock.sleep(settings.pollEveryMs, steps.signal);
      steps.signal?.throwIfAborted();
      const reused = await steps.reuse();
      if (reused !== undefined) return reused;
    }
  }

  return {
    async run<T>(key: string, steps: SingleFlightSteps<T>): Promise<T> {
      // Nobody here is making it: lead, which looks for a result only once the lease is held. Looking
      // before taking it as well cost every new answer (the common case) a second lookup, since the
      // look under the lease must be made anyway (the previous holder may have stored its result
      // between the two); a result that is there costs a lease taken and given back instead.
      let failuresSeen = 0;
      for (;;) {
        const leader = leaders.get(key);
        if (leader) {
          const outcome = await unlessAborted(leader, steps.signal);
          // Leading again would wait the same timeout out once more for each waiting request in turn:
          // 12 identical answers against a provider that timed out took 12 timeouts for the last one.
          if (outcome && steps.sharesFailure?.(outcome.failure, ++failuresSeen)) throw outcome.failure;
          const reused = await steps.reuse();
          if (reused !== undefined) return reused;
          continue;
        }
        // No await between the look and the registration: exactly one request here leads.
        let settle: (outcome: { failure: unknown } | undefined) => void = () => {};
        leaders.set(key, new Promise((resolve) => (settle = resolve)));
        let outcome: { failure: unknown } | undefined;
        try {
          return await leadWithLease(`${dependencies.namespace}:${key}`, steps);
        } catch (error) {
          outcome = { failure: error };
          throw error;
        } finally {
          leaders.delete(key);
          settle(outcome);
        }
      }
    },
  };
}

/**
 * `promise`'s value, or the signal's reason thrown as soon as it aborts. `promise` itself is not
 * stopped: a leader's work goes on for the requests still waiting for it.
 */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
