import { AppError, formatPath } from "./errors.js";

/**
 * Text a client sends must reach storage exactly as sent. Bytes that are not UTF-8 would be decoded to
 * U+FFFD and an unpaired UTF-16 surrogate (`"\ud800"` in JSON) would be stored as U+FFFD too: in both
 * cases what the service keeps is not what was submitted. Both are refused with 400, naming where.
 */

const strictDecoder = new TextDecoder("utf-8", { fatal: true });

/** Decodes UTF-8 strictly (a leading byte order mark is dropped). Throws `invalid_request` naming the byte. */
export function decodeUtf8Strictly(bytes: Uint8Array, where: string): string {
  try {
    return strictDecoder.decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const message = `is not valid UTF-8 text (near byte ${offset}): send UTF-8`;
    throw new AppError("invalid_request", {
      message: `${where}: ${message}`,
      details: [{ path: where, message }],
    });
  }
}

/**
 * The first string in a parsed JSON value that holds an unpaired surrogate, with its path
 * (`body.criteria[1].title`), or undefined. Object keys are checked too.
 */
export function findUnpairedSurrogate(
  value: unknown,
  root: string,
): { path: string; offset: number; inPropertyName?: true } | undefined {
  // Each node links to its parent instead of carrying a copy of its path: copying made the walk quadratic
  // in the nesting depth (an 80 KB body of nested arrays held the event loop for ten seconds). The path is
  // built only for the string that is found.
  interface Node {
    value: unknown;
    key: PropertyKey | undefined;
    parent: Node | undefined;
  }
  const pathOf = (node: Node | undefined): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let current = node; current?.key !== undefined; current = current.parent) path.push(current.key);
    return path.reverse();
  };
  const stack: Node[] = [{ value, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const current = node.value;
    if (typeof current === "string") {
      if (!current.isWellFormed())
        return { path: joinPath(root, pathOf(node)), offset: unpairedOffset(current) };
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        stack.push({ value: current[index], key: index, parent: node });
      }
    } else if (current !== null && typeof current === "object") {
      const entries = Object.entries(current);
      for (const [key] of entries) {
        if (!key.isWellFormed()) {
          return { path: joinPath(root, pathOf(node)), offset: unpairedOffset(key), inPropertyName: true };
        }
      }
      for (let index = entries.length - 1; index >= 0; index--) {
        stack.push({ value: entries[index]![1], key: entries[index]![0], parent: node });
      }
    }
  }
  return undefined;
}

/**
 * The path (`body.deep[0][0]`) of the first value nested deeper than `maxDepth` objects and arrays, or undefined. No request
 * body needs more than a few levels; a body of thousands costs every later walk over it.
 */
export function findDeepNesting(value: unknown, maxDepth: number, root: string): string | undefined {
  const stack: { value: unknown; depth: number; path: PropertyKey[] | undefined }[] = [
    { value, depth: 0, path: [] },
  ];
  while (stack.length > 0) {
    const { value: current, depth, path } = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth >= maxDepth) return joinPath(root, path ?? []);
    // Paths are kept for the first levels only (what the message shows); deeper ones are cut there.
    const childPath = (key: PropertyKey) => (path && path.length < 8 ? [...path, key] : path);
    if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, depth: depth + 1, path: childPath(index) }));
    } else {
      for (const [key, child] of Object.entries(current)) {
        stack.push({ value: child, depth: depth + 1, path: childPath(key) });
      }
    }
  }
  return undefined;
}

/** Throws `code` (default `invalid_request`) when `value` holds an unpaired surrogate. */
export function refuseUnpairedSurrogates(
  value: unknown,
  root: string,
  code: "invalid_request" | "invalid_rubric" = "invalid_request",
): void {
  const found = findUnpairedSurrogate(value, root);
  if (!found) return;
  const where = found.inPropertyName ? "has a property name that contains" : "contains";
  const message = `${where} an unpaired UTF-16 surrogate at offset ${found.offset}, which cannot be stored as sent: send valid Unicode text`;
  throw new AppError(code, {
    message: `${found.path}: ${message}`,
    details: [{ path: found.path, message }],
  });
}

function joinPath(root: string, path: PropertyKey[]): string {
  const rest = formatPath(path);
  if (root === "") return rest || "(document)";
  if (rest === "") return root;
  return rest.startsWith("[") ? `${root}${rest}` : `${root}.${rest}`;
}

/** The UTF-16 offset of the first unpaired surrogate in `text`, or -1 when it is well formed. */
export function unpairedOffset(text: string): number {
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index++;
        continue;
      }
      return index;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return index;
  }
  return -1;
}

/**
 * The offset of the first character of `bytes` that is not UTF-8: a byte that cannot start one (0xFF, a
 * stray continuation byte), or the lead byte of a sequence that is broken off (a Latin-1 "é" followed by
 * ASCII) or ends the bytes. `bytes.length` when they are UTF-8.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  // A streaming decode takes a prefix that ends inside a character, so "this prefix can still begin
  // UTF-8 text" holds up to the bad byte and never after it: a binary search finds that byte. (A whole
  // decode of each prefix would fail on every prefix cutting a character in two, which misled it.)
  const canBegin = (length: number) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (canBegin(middle)) low = middle;
    else high = middle - 1;
  }
  if (low < bytes.length) return brokenSequenceStart(bytes, low);
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return bytes.length;
  } catch {
    return incompleteTailStart(bytes);
  }
}

/**
 * Where the character that `bytes[at]` cannot continue starts: the lead byte of an unfinished sequence
 * just before it, else `at` itself. The bytes before `at` must be UTF-8 so far.
 */
function brokenSequenceStart(bytes: Uint8Array, at: number): number {
  for (let index = at - 1; index >= Math.max(0, at - 3); index--) {
    const byte = bytes[index]!;
    if (isContinuationByte(byte)) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return index + length > at ? index : at;
  }
  return at;
}

/** Where the character cut off at the end of `bytes` starts (its lead byte is among the last three). */
function incompleteTailStart(bytes: Uint8Array): number {
  for (let index = bytes.length - 1; index >= Math.max(0, bytes.length - 3); index--) {
    if (bytes[index]! >= 0xc0) return index;
  }
  return bytes.length;
}

/** Thrown by `StrictUtf8StreamDecoder`: where in the whole stream the bytes stop being UTF-8. */
export class InvalidUtf8Error extends Error {
  constructor(
    /** Offset of the bad byte from the first byte written (a cut character: where it starts). */
    readonly offset: number,
    /** True when the stream ended in the middle of a character. */
    readonly truncated: boolean,
  ) {
    super(`not valid UTF-8 at byte ${offset}`);
    this.name = "InvalidUtf8Error";
  }
}

const noBytes = new Uint8Array(0);

/**
 * Decodes UTF-8 that arrives in chunks (an upload read as it comes), strictly: a leading byte order mark
 * is dropped, and bytes that are not UTF-8 throw `InvalidUtf8Error` with their offset in the whole stream,
 * not in the chunk, so a client is told which byte of its file to look at.
 */
export class StrictUtf8StreamDecoder {
  readonly #decoder = new TextDecoder("utf-8", { fatal: true });
  /** Bytes written before the current chunk. */
  #bytesBefore = 0;
  /** The last (up to) three bytes written: a character cut between two chunks starts among them. */
  #recent: Uint8Array = noBytes;

  /** The text of `bytes`, less a character cut at their end (it comes with the next chunk). */
  write(bytes: Uint8Array): string {
    let text: string;
    try {
      text = this.#decoder.decode(bytes, { stream: true });
    } catch {
      // The stream was UTF-8 up to this chunk, so decoding again from the last character boundary
      // before it finds the bad byte.
      let boundary = 0;
      while (boundary < this.#recent.length && isContinuationByte(this.#recent[boundary]!)) boundary++;
      const carried = this.#recent.subarray(boundary);
      const probe = new Uint8Array(carried.length + bytes.length);
      probe.set(carried);
      probe.set(bytes, carried.length);
      throw new InvalidUtf8Error(this.#bytesBefore - carried.length + firstInvalidUtf8Offset(probe), false);
    }
    this.#bytesBefore += bytes.length;
    this.#recent = lastBytes(this.#recent, bytes, 3);
    return text;
  }

  /** The rest of the text; throws when the stream ended in the middle of a character. */
  end(): string {
    try {
      return this.#decoder.decode();
    } catch {
      const start = incompleteTailStart(this.#recent);
      throw new InvalidUtf8Error(this.#bytesBefore - (this.#recent.length - start), true);
    }
  }
}

function isContinuationByte(byte: number): boolean {
  return byte >= 0x80 && byte <= 0xbf;
}

/** The last `count` bytes of `before` followed by `after`, copied (a chunk is not kept alive by them). */
function lastBytes(before: Uint8Array, after: Uint8Array, count: number): Uint8Array {
  if (after.length >= count) return after.slice(after.length - count);
  const joined = new Uint8Array(before.length + after.length);
  joined.set(before);
  joined.set(after, before.length);
  return joined.slice(Math.max(0, joined.length - count));
}
