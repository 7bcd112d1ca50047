import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";
const RANDOM_BITS = 80n;

let lastTime = -1;
let lastRandom = 0n;

/**
 * A prefixed, time-ordered, URL-safe id such as `grd_01jd8x...`: 48 bits of milliseconds then 80 random
 * bits, in Crockford base32 (the ULID layout). Monotonic within the process: ids made in the same
 * millisecond (or while the clock steps back) increment the random part, so ids sort in creation order,
 * which list endpoints rely on for "newest first" and cursors.
 */
export function newId(prefix: string, now: number = Date.now()): string {
  if (now <= lastTime) {
    lastRandom = (lastRandom + 1n) & ((1n << RANDOM_BITS) - 1n);
  } else {
    lastTime = now;
    lastRandom = BigInt(`0x${randomHex(10)}`) >> 1n; // leave room to increment
  }
  return `${prefix}_${encode(BigInt(lastTime), 10)}${encode(lastRandom, 16)}`;
}

function encode(value: bigint, length: number): string {
  let text = "";
  let remaining = value;
  for (let index = 0; index < length; index++) {
    text = CROCKFORD[Number(remaining & 31n)]! + text;
    remaining >>= 5n;
  }
  return text;
}

/**
 * Random bytes are drawn from the system generator in blocks and handed out once each: one system call
 * per block instead of one per id or token (several per grade). Every byte is still cryptographically
 * random and used only once.
 */
const randomBlockSize = 4096;
let randomBlock = Buffer.alloc(0);
let randomOffset = 0;

/** Hex string of `byteCount` cryptographically random bytes (unguessable tokens, boundaries, canaries). */
export function randomHex(byteCount: number): string {
  if (byteCount > randomBlockSize) return randomBytes(byteCount).toString("hex");
  if (randomOffset + byteCount > randomBlock.length) {
    randomBlock = randomBytes(randomBlockSize);
    randomOffset = 0;
  }
  const hex = randomBlock.toString("hex", randomOffset, randomOffset + byteCount);
  // Consumed bytes are overwritten, so nothing handed out stays readable in the block.
  randomBlock.fill(0, randomOffset, randomOffset + byteCount);
  randomOffset += byteCount;
  return hex;
}

/**
 * The smallest id `newId(prefix, time)` can make at `time`: ids made at or after `time` sort at or after
 * it, so a time range becomes an id range (for "created between" filters).
 */
export function firstIdAt(prefix: string, time: number): string {
  return `${prefix}_${encode(BigInt(Math.max(0, Math.floor(time))), 10)}${"0".repeat(16)}`;
}
