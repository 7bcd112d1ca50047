/**
 * IP address literals as hosts are written in URLs and answered by DNS, and the special-purpose ranges
 * an outbound request must never reach (IANA IPv4/IPv6 special-purpose registries, plus the cloud
 * metadata endpoints). Pure functions, no I/O: `ssrf-guard.ts` applies them to URLs and to the address
 * a socket is about to connect to.
 */

export type IpAddress =
  | { readonly family: 4; readonly value: number }
  | { readonly family: 6; readonly value: bigint; readonly text: string };

/** Why an address is refused; `undefined` from `classifyIp` means it is a public unicast address. */
export type BlockedAddressReason =
  | "unspecified"
  | "loopback"
  | "private"
  | "cgnat"
  | "link-local"
  | "metadata"
  | "multicast"
  | "broadcast"
  | "documentation"
  | "benchmark"
  | "protocol-assignment"
  | "unique-local"
  | "site-local"
  | "reserved";

export interface AddressClassification {
  readonly reason: BlockedAddressReason;
  /** For IPv4 written inside IPv6 (mapped, NAT64, 6to4, IPv4-compatible): the embedded IPv4 address. */
  readonly embeddedIpv4?: string;
}

const UINT32_MAX = 0xffff_ffff;

/**
 * Parses an IPv4 host the way WHATWG URL parsers and `inet_aton` read it: one to four dot-separated
 * parts, each decimal, octal (leading `0`) or hex (`0x`), the last part filling the remaining bytes
 * (`127.1`, `2130706433`, `0x7f.1`, `0177.0.0.1`); one trailing dot is allowed. Returns `undefined`
 * for anything else (including out-of-range parts).
 */
export function parseIpv4(text: string): number | undefined {
  const parts = text.endsWith(".") ? text.slice(0, -1).split(".") : text.split(".");
  if (parts.length < 1 || parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    const parsed = parseIpv4Part(part);
    if (parsed === undefined) return undefined;
    numbers.push(parsed);
  }
  const last = numbers.pop()!;
  if (numbers.some((part) => part > 255)) return undefined;
  const lastMax = 256 ** (4 - numbers.length) - 1;
  if (last > lastMax) return undefined;
  let value = 0;
  numbers.forEach((part, index) => {
    value += part * 256 ** (3 - index);
  });
  return value + last;
}

function parseIpv4Part(part: string): number | undefined {
  let digits = part;
  let radix = 10;
  if (/^0x/i.test(digits)) {
    digits = digits.slice(2);
    radix = 16;
    // "0x" alone is zero for WHATWG URL parsers.
    if (digits === "") return 0;
  } else if (digits.length > 1 && digits.startsWith("0")) {
    digits = digits.slice(1);
    radix = 8;
  }
  const pattern = radix === 16 ? /^[0-9a-f]+$/i : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!pattern.test(digits)) return undefined;
  const value = parseInt(digits, radix);
  return Number.isSafeInteger(value) && value <= UINT32_MAX ? value : undefined;
}

/**
 * True when a host name would be read as IPv4 by a URL parser: its last label is all digits or a
 * `0x` hex number. Such a host that `parseIpv4` refuses is invalid, not a DNS name.
 */
export function looksLikeIpv4(host: string): boolean {
  const labels = host.endsWith(".") ? host.slice(0, -1).split(".") : host.split(".");
  const last = labels[labels.length - 1] ?? "";
  return /^[0-9]+$/.test(last) || /^0x[0-9a-f]*$/i.test(last);
}

/** Parses an IPv6 literal (without brackets; a `%zone` suffix is ignored), with an embedded dotted IPv4 tail. */
export function parseIpv6(input: string): bigint | undefined {
  const text = input.split("%")[0] ?? "";
  if (text === "" || !/^[0-9a-f:.]+$/i.test(text)) return undefined;
  let head = text;
  let tailGroups: number[] = [];
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    const ipv4 = parseStrictDottedIpv4(text.slice(lastColon + 1));
    if (ipv4 === undefined) return undefined;
    tailGroups = [ipv4 >>> 16, ipv4 & 0xffff];
    head = text.slice(0, lastColon + 1);
    // "::1.2.3.4" leaves "::", "ffff:1.2.3.4" would leave "ffff:" (invalid below unless "::" is present).
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const doubleColons = head.split("::").length - 1;
  if (doubleColons > 1) return undefined;
  const parseGroups = (segment: string): number[] | undefined => {
    if (segment === "") return [];
    const groups: number[] = [];
    for (const group of segment.split(":")) {
      if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
      groups.push(parseInt(group, 16));
    }
    return groups;
  };
  let groups: number[];
  if (doubleColons === 1) {
    const [left, right] = head.split("::") as [string, string];
    const leftGroups = parseGroups(left);
    const rightGroups = parseGroups(right);
    if (leftGroups === undefined || rightGroups === undefined) return undefined;
    const missing = 8 - leftGroups.length - rightGroups.length - tailGroups.length;
    if (missing < 1) return undefined;
    groups = [...leftGroups, ...new Array<number>(missing).fill(0), ...rightGroups, ...tailGroups];
  } else {
    const all = parseGroups(head);
    if (all === undefined) return undefined;
    groups = [...all, ...tailGroups];
  }
  if (groups.length !== 8) return undefined;
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

/** Dotted-quad decimal only, as the IPv4 tail of an IPv6 literal must be written. */
function parseStrictDottedIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const byte = Number(part);
    if (byte > 255) return undefined;
    value = value * 256 + byte;
  }
  return value;
}

/**
 * Parses a host as an IP literal: IPv6 with or without brackets, or IPv4 in any form `parseIpv4` reads.
 * Returns `undefined` for a DNS name (or an invalid literal: check `looksLikeIpv4` to tell them apart).
 */
export function parseIp(host: string): IpAddress | undefined {
  const unbracketed = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (unbracketed.includes(":")) {
    const value = parseIpv6(unbracketed);
    return value === undefined ? undefined : { family: 6, value, text: formatIpv6(value) };
  }
  const value = parseIpv4(unbracketed);
  return value === undefined ? undefined : { family: 4, value };
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/** Full, uncompressed lower-case form (`0:0:0:0:0:ffff:7f00:1`): unambiguous in messages and tests. */
export function formatIpv6(value: bigint): string {
  const groups: string[] = [];
  for (let index = 7; index >= 0; index--)
    groups.push(((value >> BigInt(index * 16)) & 0xffffn).toString(16));
  return groups.join(":");
}

export function formatIp(address: IpAddress): string {
  return address.family === 4 ? formatIpv4(address.value) : address.text;
}

interface Ipv4Range {
  readonly base: number;
  readonly prefix: number;
  readonly reason: BlockedAddressReason;
}

const ipv4 = (dotted: string, prefix: number, reason: BlockedAddressReason): Ipv4Range => ({
  base: parseIpv4(dotted)!,
  prefix,
  reason,
});

/** Most specific first: the first match names the reason. */
const BLOCKED_IPV4: readonly Ipv4Range[] = [
  // Cloud metadata: AWS/GCP/Azure/OpenStack IMDS, AWS ECS task metadata, Azure WireServer, Alibaba.
  ipv4("169.254.169.254", 32, "metadata"),
  ipv4("169.254.170.2", 32, "metadata"),
  ipv4("168.63.129.16", 32, "metadata"),
  ipv4("100.100.100.200", 32, "metadata"),
  ipv4("255.255.255.255", 32, "broadcast"),
  ipv4("0.0.0.0", 8, "unspecified"),
  ipv4("10.0.0.0", 8, "private"),
  ipv4("100.64.0.0", 10, "cgnat"),
  ipv4("127.0.0.0", 8, "loopback"),
  ipv4("169.254.0.0", 16, "link-local"),
  ipv4("172.16.0.0", 12, "private"),
  ipv4("192.0.0.0", 24, "protocol-assignment"),
  ipv4("192.0.2.0", 24, "documentation"),
  ipv4("192.31.196.0", 24, "protocol-assignment"), // AS112-v4
  ipv4("192.52.193.0", 24, "protocol-assignment"), // AMT
  ipv4("192.88.99.0", 24, "reserved"), // deprecated 6to4 relay anycast
  ipv4("192.168.0.0", 16, "private"),
  ipv4("192.175.48.0", 24, "protocol-assignment"), // direct delegation AS112
  ipv4("198.18.0.0", 15, "benchmark"),
  ipv4("198.51.100.0", 24, "documentation"),
  ipv4("203.0.113.0", 24, "documentation"),
  ipv4("224.0.0.0", 4, "multicast"),
  ipv4("240.0.0.0", 4, "reserved"),
];

function inIpv4Range(value: number, range: Ipv4Range): boolean {
  if (range.prefix === 0) return true;
  const shift = 32 - range.prefix;
  return value >>> shift === range.base >>> shift;
}

/** The reason an IPv4 address (as a 32-bit number) must not be reached, or `undefined` when it is public. */
export function classifyIpv4(value: number): AddressClassification | undefined {
  const range = BLOCKED_IPV4.find((candidate) => inIpv4Range(value, candidate));
  return range === undefined ? undefined : { reason: range.reason };
}

interface Ipv6Range {
  readonly base: bigint;
  readonly prefix: number;
  readonly reason: BlockedAddressReason;
}

const ipv6 = (text: string, prefix: number, reason: BlockedAddressReason): Ipv6Range => ({
  base: parseIpv6(text)!,
  prefix,
  reason,
});

const BLOCKED_IPV6: readonly Ipv6Range[] = [
  ipv6("fd00:ec2::254", 128, "metadata"), // AWS IMDS over IPv6
  ipv6("::", 128, "unspecified"),
  ipv6("::1", 128, "loopback"),
  ipv6("64:ff9b:1::", 48, "private"), // local-use NAT64 (RFC 8215)
  ipv6("100::", 64, "reserved"), // discard-only
  ipv6("2001::", 23, "protocol-assignment"), // includes Teredo 2001::/32 and benchmarking 2001:2::/48
  ipv6("2001:db8::", 32, "documentation"),
  ipv6("3fff::", 20, "documentation"),
  ipv6("5f00::", 16, "reserved"), // SRv6 SIDs
  ipv6("fc00::", 7, "unique-local"),
  ipv6("fe80::", 10, "link-local"),
  ipv6("fec0::", 10, "site-local"),
  ipv6("ff00::", 8, "multicast"),
];

function inIpv6Range(value: bigint, range: Ipv6Range): boolean {
  const shift = BigInt(128 - range.prefix);
  return value >> shift === range.base >> shift;
}

const IPV4_MAPPED = parseIpv6("::ffff:0:0")!;
const NAT64_WELL_KNOWN = parseIpv6("64:ff9b::")!;
const SIX_TO_FOUR = parseIpv6("2002::")!;
const GLOBAL_UNICAST = parseIpv6("2000::")!;

/**
 * The reason an IPv6 address must not be reached, or `undefined` when it is global unicast. IPv4
 * carried inside IPv6 (`::ffff:a.b.c.d` mapped, `64:ff9b::/96` NAT64, `2002::/16` 6to4, and the
 * deprecated `::a.b.c.d` compatible form) is judged by the IPv4 address it leads to.
 */
export function classifyIpv6(value: bigint): AddressClassification | undefined {
  const low32 = Number(value & 0xffff_ffffn);
  const embedded = (ipv4Value: number): AddressClassification | undefined => {
    const inner = classifyIpv4(ipv4Value);
    return inner === undefined ? undefined : { ...inner, embeddedIpv4: formatIpv4(ipv4Value) };
  };
  if (value >> 32n === IPV4_MAPPED >> 32n) return embedded(low32);
  if (value >> 32n === NAT64_WELL_KNOWN >> 32n) return embedded(low32);
  if (value >> 112n === SIX_TO_FOUR >> 112n) return embedded(Number((value >> 80n) & 0xffff_ffffn));
  const range = BLOCKED_IPV6.find((candidate) => inIpv6Range(value, candidate));
  if (range !== undefined) return { reason: range.reason };
  // IPv4-compatible (::a.b.c.d, deprecated): nothing legitimate lives in ::/96 besides :: and ::1.
  if (value >> 32n === 0n) return embedded(low32) ?? { reason: "reserved", embeddedIpv4: formatIpv4(low32) };
  // Everything outside 2000::/3 is unassigned or special.
  if (value >> 125n !== GLOBAL_UNICAST >> 125n) return { reason: "reserved" };
  return undefined;
}

export function classifyIp(address: IpAddress): AddressClassification | undefined {
  return address.family === 4 ? classifyIpv4(address.value) : classifyIpv6(address.value);
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback: what the explicit test relaxation allows. */
export function isLoopback(address: IpAddress): boolean {
  const classification = classifyIp(address);
  return classification?.reason === "loopback";
}
