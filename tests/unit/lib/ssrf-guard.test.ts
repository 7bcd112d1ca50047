import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import {
  checkAddress,
  checkOutboundUrl,
  createGuardedLookup,
  guardedFetch,
  SsrfBlockedError,
  type HostResolver,
} from "../../../src/lib/ssrf-guard.js";

const refusalOf = (url: string, options = {}) => {
  const check = checkOutboundUrl(url, options);
  return check.ok ? "allowed" : check.reason;
};

describe("checkOutboundUrl, strict (the default)", () => {
  it.each([
    // allowed: public https
    ["https://canvas.example.edu/api/v1/courses/1", "allowed"],
    ["https://lms.school.example:8443/moodle/webservice/rest/server.php", "allowed"],
    ["https://93.184.216.34/", "allowed"],
    ["https://[2606:4700:4700::1111]/", "allowed"],
    ["https://[::ffff:8.8.8.8]/", "allowed"],
    // scheme, credentials, parse errors
    ["http://canvas.example.edu/", "scheme"],
    ["ftp://files.example.edu/", "scheme"],
    ["file:///etc/passwd", "scheme"],
    ["gopher://canvas.example.edu/", "scheme"],
    ["javascript:alert(1)", "scheme"],
    ["https://user:secret@canvas.example.edu/", "credentials"],
    ["https://user@canvas.example.edu/", "credentials"],
    ["not a url", "invalid-url"],
    ["https://256.1.1.1/", "invalid-url"],
    ["https://1.2.3.4.5/", "invalid-url"],
    // loopback in every spelling
    ["https://127.0.0.1/", "loopback"],
    ["http://127.0.0.1/", "loopback"],
    ["https://2130706433/", "loopback"],
    ["http://2130706433/", "loopback"],
    ["https://0177.0.0.1/", "loopback"],
    ["https://0x7f.1/", "loopback"],
    ["https://0x7f000001/", "loopback"],
    ["https://017700000001/", "loopback"],
    ["https://127.1/", "loopback"],
    ["https://127.0.0.1./", "loopback"],
    ["https://[::1]/", "loopback"],
    ["https://[::ffff:127.0.0.1]/", "loopback"],
    ["https://[0:0:0:0:0:ffff:7f00:1]/", "loopback"],
    ["https://[64:ff9b::127.0.0.1]/", "loopback"],
    ["https://[2002:7f00:1::]/", "loopback"],
    // names that reach this machine or metadata whatever DNS says
    ["https://localhost/", "blocked-host-name"],
    ["https://LOCALHOST./", "blocked-host-name"],
    ["https://api.localhost/", "blocked-host-name"],
    ["https://metadata.google.internal/computeMetadata/v1/", "blocked-host-name"],
    ["https://METADATA.GOOGLE.INTERNAL./", "blocked-host-name"],
    ["https://metadata.goog/", "blocked-host-name"],
    ["https://instance-data.ec2.internal/", "blocked-host-name"],
    // private, CGNAT, link-local, metadata
    ["https://10.0.0.1/", "private"],
    ["https://167772161/", "private"],
    ["https://172.16.5.4/", "private"],
    ["https://192.168.1.1/", "private"],
    ["https://0xc0.0xa8.1.1/", "private"],
    ["https://100.64.0.1/", "cgnat"],
    ["https://169.254.1.1/", "link-local"],
    ["https://169.254.169.254/latest/meta-data/", "metadata"],
    ["https://2852039166/", "metadata"],
    ["https://0xa9fea9fe/", "metadata"],
    ["https://0251.0376.0251.0376/", "metadata"],
    ["https://169.254.43518/", "metadata"],
    ["https://[fd00:ec2::254]/", "metadata"],
    ["https://[::ffff:169.254.169.254]/", "metadata"],
    ["https://[::ffff:a9fe:a9fe]/", "metadata"],
    ["https://[64:ff9b::a9fe:a9fe]/", "metadata"],
    ["https://[64:ff9b::10.0.0.1]/", "private"],
    ["https://[::ffff:192.168.0.1]/", "private"],
    // unspecified, multicast, broadcast, documentation, benchmark, reserved
    ["https://0.0.0.0/", "unspecified"],
    ["https://0/", "unspecified"],
    ["https://[::]/", "unspecified"],
    ["https://224.0.0.251/", "multicast"],
    ["https://[ff02::1]/", "multicast"],
    ["https://255.255.255.255/", "broadcast"],
    ["https://4294967295/", "broadcast"],
    ["https://192.0.2.10/", "documentation"],
    ["https://[2001:db8::1]/", "documentation"],
    ["https://198.18.0.1/", "benchmark"],
    ["https://240.0.0.1/", "reserved"],
    // IPv6 local ranges
    ["https://[fe80::1]/", "link-local"],
    ["https://[fc00::1]/", "unique-local"],
    ["https://[fd12:3456::1]/", "unique-local"],
    ["https://[fec0::1]/", "site-local"],
  ])("%s → %s", (url, expected) => {
    expect(refusalOf(url)).toBe(expected);
  });
});

describe("checkOutboundUrl with the explicit test relaxation", () => {
  const relaxed = { allowLoopbackHttp: true };

  it.each([
    ["http://127.0.0.1:8080/", "allowed"],
    ["https://127.0.0.1/", "allowed"],
    ["http://127.0.0.2/", "allowed"],
    ["http://[::1]:9000/", "allowed"],
    ["http://localhost:3000/", "allowed"],
    ["http://2130706433/", "allowed"],
    // only loopback is relaxed
    ["http://canvas.example.edu/", "scheme"],
    ["http://93.184.216.34/", "scheme"],
    ["https://10.0.0.1/", "private"],
    ["https://169.254.169.254/", "metadata"],
    ["https://metadata.google.internal/", "blocked-host-name"],
    ["https://api.localhost/", "blocked-host-name"],
  ])("%s → %s", (url, expected) => {
    expect(refusalOf(url, relaxed)).toBe(expected);
  });

  it("is off unless asked for", () => {
    expect(refusalOf("http://127.0.0.1:8080/", {})).toBe("loopback");
    expect(refusalOf("http://127.0.0.1:8080/", { allowLoopbackHttp: false })).toBe("loopback");
  });
});

describe("checkAddress (addresses as DNS answers them)", () => {
  it.each([
    ["127.0.0.1", false],
    ["::1", false],
    ["::ffff:10.0.0.1", false],
    ["fd00:ec2::254", false],
    ["169.254.169.254", false],
    ["93.184.216.34", true],
    ["2606:4700:4700::1111", true],
    ["not-an-address", false],
  ])("%s allowed: %s", (address, allowed) => {
    expect(checkAddress(address).ok).toBe(allowed);
  });
});

type LookupResult = {
  error: NodeJS.ErrnoException | null;
  address: string | LookupAddress[];
  family?: number;
};

function runLookup(
  lookup: ReturnType<typeof createGuardedLookup>,
  hostname: string,
  options: { all?: boolean; family?: number } = {},
): Promise<LookupResult> {
  return new Promise((resolve) => {
    lookup(hostname, options, (error, address, family) => resolve({ error, address, family }));
  });
}

/** A DNS stub: names map to fixed answers; anything else is NXDOMAIN. */
function dnsStub(answers: Record<string, LookupAddress[]>): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = (hostname: string) => {
    calls.push(hostname);
    const answer = answers[hostname];
    if (answer === undefined) {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      error.code = "ENOTFOUND";
      return Promise.reject(error);
    }
    return Promise.resolve(answer);
  };
  return Object.assign(resolve, { calls });
}

describe("createGuardedLookup (the check on the address connected to)", () => {
  const stub = dnsStub({
    "lms.example.edu": [{ address: "93.184.216.34", family: 4 }],
    "dual.example.edu": [
      { address: "2606:4700:4700::1111", family: 6 },
      { address: "93.184.216.34", family: 4 },
    ],
    "rebind.example.edu": [{ address: "127.0.0.1", family: 4 }],
    "mixed.example.edu": [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ],
    "mapped.example.edu": [{ address: "::ffff:169.254.169.254", family: 6 }],
    "empty.example.edu": [],
  });
  const lookup = createGuardedLookup({ resolve: stub });

  it("passes public answers through, in the single-address form", async () => {
    const result = await runLookup(lookup, "lms.example.edu");
    expect(result).toEqual({ error: null, address: "93.184.216.34", family: 4 });
  });

  it("passes public answers through, in the all-addresses form (Happy Eyeballs)", async () => {
    const result = await runLookup(lookup, "dual.example.edu", { all: true });
    expect(result.error).toBeNull();
    expect(result.address).toEqual([
      { address: "2606:4700:4700::1111", family: 6 },
      { address: "93.184.216.34", family: 4 },
    ]);
  });

  it.each([
    ["rebind.example.edu", "loopback", "127.0.0.1"],
    ["mixed.example.edu", "private", "10.0.0.7"],
    ["mapped.example.edu", "metadata", "::ffff:169.254.169.254"],
  ])("refuses %s (%s) in both forms", async (hostname, reason, address) => {
    for (const options of [{}, { all: true }]) {
      const result = await runLookup(lookup, hostname, options);
      expect(SsrfBlockedError.isInstance(result.error)).toBe(true);
      expect(result.error).toMatchObject({ reason, address, host: hostname, code: "ESSRFBLOCKED" });
    }
  });

  it("refuses metadata host names without asking DNS", async () => {
    const before = stub.calls.length;
    const result = await runLookup(lookup, "metadata.google.internal");
    expect(result.error).toMatchObject({ reason: "blocked-host-name" });
    expect(stub.calls.length).toBe(before);
  });

  it("judges literal addresses itself", async () => {
    const result = await runLookup(lookup, "0x7f.1");
    expect(result.error).toMatchObject({ reason: "loopback" });
  });

  it("reports DNS failures and empty answers as errors", async () => {
    expect((await runLookup(lookup, "nowhere.example.edu")).error?.code).toBe("ENOTFOUND");
    expect((await runLookup(lookup, "empty.example.edu")).error?.code).toBe("ENOTFOUND");
  });

  it("allows loopback answers only under the relaxation", async () => {
    const relaxed = createGuardedLookup({ resolve: stub, allowLoopbackHttp: true });
    expect(await runLookup(relaxed, "rebind.example.edu")).toEqual({
      error: null,
      address: "127.0.0.1",
      family: 4,
    });
    expect((await runLookup(relaxed, "mixed.example.edu")).error).toMatchObject({ reason: "private" });
  });
});

describe("guardedFetch refuses before any connection", () => {
  it.each([
    "http://2130706433/",
    "https://0177.0.0.1/",
    "https://169.254.169.254/latest/meta-data/iam/",
    "https://[::ffff:10.0.0.1]/",
    "http://canvas.example.edu/",
    "https://metadata.google.internal/",
  ])("%s", async (url) => {
    const stub = dnsStub({});
    await expect(guardedFetch(url, {}, { resolve: stub })).rejects.toSatisfy(SsrfBlockedError.isInstance);
    expect(stub.calls).toEqual([]);
  });
});
