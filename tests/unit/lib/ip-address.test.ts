import { describe, expect, it } from "vitest";
import {
  classifyIp,
  formatIpv4,
  formatIpv6,
  looksLikeIpv4,
  parseIp,
  parseIpv4,
  parseIpv6,
} from "../../../src/lib/ip-address.js";

describe("parseIpv4 reads every spelling a URL parser or inet_aton accepts", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["2130706433", "127.0.0.1"],
    ["0177.0.0.1", "127.0.0.1"],
    ["0x7f.1", "127.0.0.1"],
    ["0x7F.0.0.1", "127.0.0.1"],
    ["0x7f000001", "127.0.0.1"],
    ["017700000001", "127.0.0.1"],
    ["127.1", "127.0.0.1"],
    ["127.0.1", "127.0.0.1"],
    ["127.0.0.1.", "127.0.0.1"],
    ["10.0x10.0377.1", "10.16.255.1"],
    ["169.254.43518", "169.254.169.254"],
    ["0", "0.0.0.0"],
    ["0x", "0.0.0.0"],
    ["4294967295", "255.255.255.255"],
  ])("%s is %s", (text, expected) => {
    const value = parseIpv4(text);
    expect(value).toBeDefined();
    expect(formatIpv4(value!)).toBe(expected);
  });

  it.each([
    "1.2.3.4.5",
    "256.0.0.1",
    "1.2.3.256",
    "127.0.65536",
    "4294967296",
    "08.0.0.1",
    "0xg.1",
    "",
    "a.b.c.d",
  ])("%j is not an IPv4 address", (text) => {
    expect(parseIpv4(text)).toBeUndefined();
  });

  it("tells invalid numeric hosts from DNS names", () => {
    expect(looksLikeIpv4("1.2.3.4.5")).toBe(true);
    expect(looksLikeIpv4("lms.example.0x1f")).toBe(true);
    expect(looksLikeIpv4("lms.example.com")).toBe(false);
    expect(looksLikeIpv4("1password.com")).toBe(false);
  });
});

describe("parseIpv6", () => {
  it.each([
    ["::1", "0:0:0:0:0:0:0:1"],
    ["::", "0:0:0:0:0:0:0:0"],
    ["[::1]", "0:0:0:0:0:0:0:1"],
    ["::ffff:127.0.0.1", "0:0:0:0:0:ffff:7f00:1"],
    ["::FFFF:7f00:1", "0:0:0:0:0:ffff:7f00:1"],
    ["64:ff9b::10.0.0.1", "64:ff9b:0:0:0:0:a00:1"],
    ["fe80::1%eth0", "fe80:0:0:0:0:0:0:1"],
    ["1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"],
    ["1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"],
    ["2001:db8::", "2001:db8:0:0:0:0:0:0"],
  ])("%s is %s", (text, expected) => {
    const parsed = parseIp(text);
    expect(parsed?.family).toBe(6);
    expect(parsed?.family === 6 ? parsed.text : undefined).toBe(expected);
  });

  it.each([
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    ":::",
    "12345::",
    "::ffff:1.2.3",
    "::ffff:01.2.3.4",
    "g::1",
  ])("%j is not an IPv6 address", (text) => {
    expect(parseIpv6(text)).toBeUndefined();
  });

  it("formats the full form", () => {
    expect(formatIpv6(parseIpv6("fd00:ec2::254")!)).toBe("fd00:ec2:0:0:0:0:0:254");
  });
});

describe("classifyIp", () => {
  const reasonOf = (text: string) => {
    const parsed = parseIp(text);
    if (parsed === undefined) throw new Error(`not an address: ${text}`);
    return classifyIp(parsed)?.reason ?? "public";
  };

  it.each([
    // IPv4
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.255", "cgnat"],
    ["100.100.100.200", "metadata"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["169.254.169.254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["169.254.0.1", "link-local"],
    ["168.63.129.16", "metadata"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.0.0.8", "protocol-assignment"],
    ["192.0.2.1", "documentation"],
    ["192.88.99.1", "reserved"],
    ["192.168.0.1", "private"],
    ["198.18.0.1", "benchmark"],
    ["198.19.255.255", "benchmark"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["8.8.8.8", "public"],
    ["93.184.216.34", "public"],
    ["100.63.255.255", "public"],
    ["100.128.0.0", "public"],
    ["172.15.255.255", "public"],
    ["172.32.0.0", "public"],
    ["192.169.0.1", "public"],
    ["198.20.0.1", "public"],
    // IPv6
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fe80::1", "link-local"],
    ["febf:ffff::1", "link-local"],
    ["fec0::1", "site-local"],
    ["fc00::1", "unique-local"],
    ["fd12:3456:789a::1", "unique-local"],
    ["fd00:ec2::254", "metadata"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["3fff::1", "documentation"],
    ["2001::1", "protocol-assignment"],
    ["2001:2::1", "protocol-assignment"],
    ["100::1", "reserved"],
    ["64:ff9b:1::1", "private"],
    ["4000::1", "reserved"],
    ["2606:4700:4700::1111", "public"],
    ["2a00:1450:4001:80b::200e", "public"],
    // IPv4 inside IPv6 is judged by the IPv4 address
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:169.254.169.254", "metadata"],
    ["::ffff:8.8.8.8", "public"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["64:ff9b::192.168.1.1", "private"],
    ["64:ff9b::8.8.8.8", "public"],
    ["2002:7f00:1::", "loopback"],
    ["2002:a00:1::1", "private"],
    ["2002:808:808::1", "public"],
    ["::127.0.0.1", "loopback"],
    ["::8.8.8.8", "reserved"],
  ])("%s is %s", (text, expected) => {
    expect(reasonOf(text)).toBe(expected);
  });

  it("names the IPv4 address found inside an IPv6 one", () => {
    expect(classifyIp(parseIp("::ffff:10.0.0.1")!)).toEqual({ reason: "private", embeddedIpv4: "10.0.0.1" });
  });
});
