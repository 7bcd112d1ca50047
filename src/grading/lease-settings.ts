/** Leases that coordinate work between requests and processes (single flight, idempotency claims). */
export interface LeaseSettings {
  /** A lease not renewed for this long lapses: the longest a dead process's work holds others up. */
  durationMs: number;
  /** How often a holder renews its lease while it works; a few missed renewals must not lose it. */
  renewEveryMs: number;
  /** How often a request waiting for another process's result asks the store again. */
  pollEveryMs: number;
}

export const defaultLeaseSettings: LeaseSettings = {
  durationMs: 30_000,
  renewEveryMs: 10_000,
  pollEveryMs: 200,
};
