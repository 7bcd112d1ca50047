import type { Clock } from "../lib/clock.js";
import { formatIpv4, formatIpv6, parseIp } from "../lib/ip-address.js";

export interface FailedKeyAttemptLimits {
  /** Wrong keys one address may present in a window; the next request is refused until the window ends. */
  maxFailures: number;
  windowMs: number;
  /** Addresses remembered at most; past it the oldest window is forgotten (bounded memory under a spray). */
  maxAddresses: number;
}

/** 20 wrong keys a minute from one address: a person mistyping never meets it, a guesser gets 28,800 a day. */
export const defaultFailedKeyAttemptLimits: FailedKeyAttemptLimits = {
  maxFailures: 20,
  windowMs: 60_000,
  maxAddresses: 10_000,
};

export type FailedKeyAttempts = ReturnType<typeof createFailedKeyAttempts>;

/**
 * Wrong API keys per client address, in this process's memory: a fixed window opens at an address's first
 * wrong key, and once it holds `maxFailures` every request from that address is refused, before its key is
 * looked at (a right key must not be told apart from a wrong one), until the window ends. Other addresses
 * are not affected. IPv6 addresses count by their /64 (one subscriber's network), IPv4-mapped ones as IPv4.
 * Nothing is recorded for a request that authenticates.
 */
export function createFailedKeyAttempts(
  clock: Clock,
  limits: FailedKeyAttemptLimits = defaultFailedKeyAttemptLimits,
) {
  // Insertion order is window order: a window that restarts is inserted again, so the first is the oldest.
  const windows = new Map<string, { startedMs: number; failures: number }>();
  /** Key checks running now per address (and scope), and the checks waiting for one of them to end. */
  const checking = new Map<string, { running: number; waiting: (() => void)[] }>();

  /** The wrong keys in the address's window, 0 once it ended. */
  function failuresNow(key: string): number {
    const window = windows.get(key);
    if (window === undefined || clock.now().getTime() - window.startedMs >= limits.windowMs) return 0;
    return window.failures;
  }

  const attempts = {
    /**
     * Seconds until `address` may present a key again, or 0 when it may now. Costs a request that comes
     * from an address without wrong keys one Map lookup. With `scope` (an integration's id), the count is
     * the address's wrong tokens for that one target.
     */
    refusedForSeconds(address: string, scope?: string): number {
      if (windows.size === 0) return 0;
      const key = windowKey(address, scope);
      const window = windows.get(key);
      if (window === undefined || window.failures < limits.maxFailures) return 0;
      const leftMs = window.startedMs + limits.windowMs - clock.now().getTime();
      if (leftMs <= 0) {
        windows.delete(key);
        return 0;
      }
      return Math.ceil(leftMs / 1000);
    },

    /** Counts a wrong key from `address` (for `scope`); returns the failures in its window so far. */
    recordFailure(address: string, scope?: string): number {
      const key = windowKey(address, scope);
      const nowMs = clock.now().getTime();
      const window = windows.get(key);
      if (window !== undefined && nowMs - window.startedMs < limits.windowMs) {
        window.failures++;
        return window.failures;
      }
      windows.delete(key);
      while (windows.size >= limits.maxAddresses) {
        const oldest = windows.keys().next().value;
        if (oldest === undefined) break;
        windows.delete(oldest);
      }
      windows.set(key, { startedMs: nowMs, failures: 1 });
      return 1;
    },

    /**
     * Waits until a key presented by `address` may be checked, and says so (`refusedForSeconds` 0) with
     * `end` to call once the check is done, saying whether the key was wrong; or says for how long the
     * address is refused (then `end` does nothing). The wrong keys of the window and the checks running
     * now stay within `maxFailures`: a check that could take the address past it waits until one ends.
     * Counted only after each check, 100 wrong keys sent at once were all checked (and a right one among
     * them admitted) where 20 may be; a right key is never refused for the checks beside it, only held
     * up for as long as they take.
     */
    async beginCheck(
      address: string,
      scope?: string,
    ): Promise<{ refusedForSeconds: number; end: (wrong: boolean) => void }> {
      const key = windowKey(address, scope);
      for (;;) {
        const refusedForSeconds = attempts.refusedForSeconds(address, scope);
        if (refusedForSeconds > 0) return { refusedForSeconds, end: () => {} };
        let entry = checking.get(key);
        if (entry === undefined) {
          entry = { running: 0, waiting: [] };
          checking.set(key, entry);
        }
        if (failuresNow(key) + entry.running < limits.maxFailures) {
          entry.running++;
          const started = entry;
          let ended = false;
          const end = (wrong: boolean) => {
            if (ended) return;
            ended = true;
            if (wrong) attempts.recordFailure(address, scope);
            started.running--;
            // Every waiting check looks again: one may go now, or the address is refused for them all.
            const waiting = started.waiting.splice(0);
            if (started.running === 0 && checking.get(key) === started) checking.delete(key);
            for (const wake of waiting) wake();
          };
          return { refusedForSeconds: 0, end };
        }
        const full = entry;
        await new Promise<void>((resolve) => full.waiting.push(resolve));
      }
    },

    /** Addresses remembered now (for tests of the memory bound). */
    get size(): number {
      return windows.size;
    },
  };
  return attempts;
}

/** An address's window, or its window for one scope (a space cannot be in an address nor an integration id). */
function windowKey(address: string, scope: string | undefined): string {
  return scope === undefined ? addressKey(address) : `${addressKey(address)} ${scope}`;
}

/**
 * The unit a limit applies to: an IPv4 address, or an IPv6 address's /64 (a host is handed a whole /64 and
 * may pick any address in it). Anything unparsable counts as itself.
 */
export function addressKey(address: string): string {
  if (!address.includes(":")) return address;
  const parsed = parseIp(address);
  if (parsed === undefined || parsed.family !== 6) return address;
  if (parsed.value >> 32n === 0xffffn) return formatIpv4(Number(parsed.value & 0xffff_ffffn));
  return `${formatIpv6((parsed.value >> 64n) << 64n)}/64`;
}
