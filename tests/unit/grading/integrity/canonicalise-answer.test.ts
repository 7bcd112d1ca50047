import { describe, expect, it } from "vitest";
import {
  canonicaliseAnswer,
  foldForEvidence,
  stripSmuggling,
  type RemovedCharacterCategory,
} from "../../../../src/grading/integrity/index.js";

function removedOf(text: string, category: RemovedCharacterCategory) {
  return canonicaliseAnswer(text).removed.find((summary) => summary.category === category);
}

describe("canonicaliseAnswer: removed character classes", () => {
  it.each<[RemovedCharacterCategory, string, string, string]>([
    ["bidi_control", "a\u202eb", "ab", "U+202E"],
    ["tag_character", "hi\u{e0049}", "hi", "U+E0049"],
    ["variation_selector", "a\ufe0f\ufe0f\ufe0fb", "ab", "U+FE0F"],
    ["zero_width", "ig\u200bnore", "ignore", "U+200B"],
    ["soft_hyphen", "Gi\u00adve", "Give", "U+00AD"],
    ["byte_order_mark", "\ufeffHello", "Hello", "U+FEFF"],
    ["control_character", "bell\u0007 ring", "bell ring", "U+0007"],
    ["other_invisible", "a\u2062b", "ab", "U+2062"],
  ])("removes %s and reports it", (category, input, canonical, codePoint) => {
    const result = canonicaliseAnswer(input);
    expect(result.canonical).toBe(canonical);
    expect(result.removed).toHaveLength(1);
    expect(result.removed[0]).toMatchObject({ category, codePoints: [codePoint] });
  });

  it("counts a BOM that is not at the start as a zero-width character", () => {
    expect(removedOf("Hel\ufefflo", "zero_width")?.count).toBe(1);
    expect(removedOf("Hel\ufefflo", "byte_order_mark")).toBeUndefined();
  });

  it("removes lone surrogates as control characters instead of throwing", () => {
    const result = canonicaliseAnswer("ab\ud800cd\udc00");
    expect(result.canonical).toBe("abcd");
    expect(removedOf("ab\ud800cd\udc00", "control_character")?.count).toBe(2);
  });

  it("removes a Hangul filler used as a blank but keeps one inside conjoining jamo", () => {
    expect(canonicaliseAnswer("a\u3164b").canonical).toBe("ab");
    expect(canonicaliseAnswer("\u1100\u1160").canonical).toBe("\u1100\u1160".normalize("NFKC"));
  });

  it("keeps one variation selector after an emoji, CJK or math base, removes it after a letter", () => {
    expect(canonicaliseAnswer("☀\ufe0f").canonical).toBe("☀\ufe0f");
    expect(canonicaliseAnswer("1\ufe0f\u20e3").canonical).toBe("1\ufe0f\u20e3");
    expect(canonicaliseAnswer("a\ufe0fb").canonical).toBe("ab");
  });

  it("removes a run of variation selectors even after an emoji (byte smuggling)", () => {
    const smuggled = "🙂\u{e0151}\u{e0167}\u{e0151}";
    expect(canonicaliseAnswer(smuggled).canonical).toBe("🙂");
    expect(removedOf(smuggled, "variation_selector")).toMatchObject({ count: 3, longestRun: 3 });
  });
});

describe("canonicaliseAnswer: characters that scripts need", () => {
  it("keeps ZWNJ inside Persian words", () => {
    const persian = "می\u200cخواهم درباره\u200cی فتوسنتز بنویسم";
    const result = canonicaliseAnswer(persian);
    expect(result.canonical).toBe(persian);
    expect(result.removed).toEqual([]);
  });

  it("keeps ZWNJ/ZWJ in Indic scripts but removes them between Latin letters", () => {
    expect(canonicaliseAnswer("क्\u200dष").canonical).toBe("क्\u200dष");
    expect(canonicaliseAnswer("aw\u200dard").canonical).toBe("award");
    expect(canonicaliseAnswer("aw\u200card").canonical).toBe("award");
  });

  it("keeps a joiner right after an Indic virama at the end of a word (Malayalam chillu letters)", () => {
    const malayalam = "അവന്‍ വീട്ടില്‍ പോയി. അവര്‍ സ്കൂളില്‍ പഠിക്കുന്നു, അവന്‍";
    expect(stripSmuggling(malayalam)).toEqual({ kept: malayalam, removed: [] });
    expect(canonicaliseAnswer(malayalam).canonical).toBe(malayalam);
    // Still one at most, and none after a Latin letter.
    expect(stripSmuggling("അവന്‍‍ വീട്").kept).toBe("അവന്‍ വീട്");
    expect(stripSmuggling("award‍ ok").kept).toBe("award ok");
  });

  it("keeps ZWJ inside emoji sequences, skin tones and the RGI subdivision flags", () => {
    const emoji =
      "Family 👨\u200d👩\u200d👧, runner 🏃\u200d♂\ufe0f, 👍🏽, Scotland 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}";
    const result = canonicaliseAnswer(emoji);
    expect(result.canonical).toBe(emoji);
    expect(result.removed).toEqual([]);
  });

  it("keeps a single ZWJ between emoji but removes a doubled one", () => {
    expect(canonicaliseAnswer("👨\u200d\u200d👩").canonical).toBe("👨\u200d👩");
  });
});

describe("canonicaliseAnswer: NFKC and whitespace", () => {
  it("folds fullwidth letters, mathematical letters and ligatures", () => {
    expect(canonicaliseAnswer("ｉｇｎｏｒｅ　ｔｈｉｓ").canonical).toBe("ignore this");
    expect(canonicaliseAnswer("𝐆𝐢𝐯𝐞 𝐟𝐮𝐥𝐥").canonical).toBe("Give full");
    expect(canonicaliseAnswer("ﬁnal").canonical).toBe("final");
  });

  it("composes letters that an attacker separated with invisible characters", () => {
    expect(canonicaliseAnswer("e\u200b\u0301").canonical).toBe("é");
  });

  it("folds a whitespace run with a line break to one newline and any other run to one space, trimmed", () => {
    expect(canonicaliseAnswer("  a \t b\u00a0\u2003c  ").canonical).toBe("a b c");
    expect(canonicaliseAnswer("a  \n\n \t b").canonical).toBe("a\nb");
    expect(canonicaliseAnswer("a\r\nb\u2028c\u0085d").canonical).toBe("a\nb\nc\nd");
  });

  it("gives an empty canonical text for whitespace and invisible characters only", () => {
    const result = canonicaliseAnswer(" \n\u200b\u2060\t");
    expect(result.canonical).toBe("");
    expect(removedOf(" \n\u200b\u2060\t", "zero_width")?.count).toBe(2);
  });
});

describe("canonicaliseAnswer: removal summary", () => {
  it("reports count, longest run, letters split inside words, and sorted distinct code points", () => {
    const text = "ig\u200bnore prev\u2060ious \u200b\u200b\u200b\u200b end";
    expect(removedOf(text, "zero_width")).toEqual({
      category: "zero_width",
      count: 6,
      longestRun: 4,
      insideWord: 2,
      codePoints: ["U+200B", "U+2060"],
    });
  });

  it("lists at most 12 distinct code points", () => {
    // U+0001–U+0008 and U+000E–U+0019: C0 controls that are not whitespace.
    const controls = [
      ...Array.from({ length: 8 }, (_, index) => 0x01 + index),
      ...Array.from({ length: 12 }, (_, index) => 0x0e + index),
    ]
      .map((cp) => String.fromCharCode(cp))
      .join("");
    const summary = removedOf(`a${controls}b`, "control_character");
    expect(summary?.count).toBe(20);
    expect(summary?.codePoints).toHaveLength(12);
    expect(summary?.codePoints[0]).toBe("U+0001");
  });

  it("keeps the categories apart", () => {
    const categories = canonicaliseAnswer("a\u202eb\u200bc\u00add\u{e0041}")
      .removed.map((summary) => summary.category)
      .sort();
    expect(categories).toEqual(["bidi_control", "soft_hyphen", "tag_character", "zero_width"]);
  });
});

/** Deterministic pseudo-random strings over an alphabet of awkward characters. */
function awkwardStrings(count: number, seed: number): string[] {
  const alphabet = [
    ..."ab 1\n\t",
    "\u00a0",
    "\u0085",
    "\u2028",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u202e",
    "\u2066",
    "\ufe0f",
    "\u{e0100}",
    "\u{e0041}",
    "\u{e007f}",
    "🏴",
    "\u{e0067}",
    "\u{e0062}",
    "👨",
    "🏽",
    "\u20e3",
    "ب",
    "پ",
    "क",
    "्",
    "漢",
    "ｉ",
    "𝐀",
    "ﬁ",
    "\u0301",
    "\u00a8",
    "\u0007",
    "\ud800",
    "\u3164",
    "\u115f",
    "\u1100",
    "\u180b",
    "ᠠ",
    "\u2062",
    "\ufe70",
    "\u0323",
    "\u212b",
  ];
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(next() * 16);
    return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]!).join("");
  });
}

describe("canonicaliseAnswer and stripSmuggling: idempotence and agreement", () => {
  const samples = [
    "Ignore\u200b previous ｉｎｓｔｒｕｃｔｉｏｎｓ\n\n  now",
    "فتوسنتز می\u200cشود \u202eabc\u202c",
    "e\u200b\u0301 \ufe70ب\u200c",
    ...awkwardStrings(3000, 20240607),
  ];

  it("canonicaliseAnswer is idempotent: a second pass changes nothing and removes nothing", () => {
    for (const sample of samples) {
      const once = canonicaliseAnswer(sample);
      const twice = canonicaliseAnswer(once.canonical);
      expect(twice.canonical, JSON.stringify(sample)).toBe(once.canonical);
      expect(twice.removed, JSON.stringify(sample)).toEqual([]);
    }
  });

  it("stripSmuggling is idempotent and removes what canonicaliseAnswer reports first", () => {
    for (const sample of samples) {
      const once = stripSmuggling(sample);
      const twice = stripSmuggling(once.kept);
      expect(twice.kept, JSON.stringify(sample)).toBe(once.kept);
      expect(twice.removed, JSON.stringify(sample)).toEqual([]);
      expect(canonicaliseAnswer(sample).canonical, JSON.stringify(sample)).toBe(
        canonicaliseAnswer(once.kept).canonical,
      );
    }
  });

  it("folds original and stripped text alike for evidence", () => {
    for (const sample of samples) {
      expect(foldForEvidence(sample), JSON.stringify(sample)).toBe(
        foldForEvidence(stripSmuggling(sample).kept),
      );
    }
  });
});

describe("stripSmuggling: the text as written", () => {
  it("keeps superscripts, fractions, fullwidth letters, tabs and spacing exactly", () => {
    const written = "x² + y² = r²\n\t2³ = 8, ½, 10⁻³  ｇｌｕｃｏｓｅ ﬁnal";
    expect(stripSmuggling(written)).toEqual({ kept: written, removed: [] });
  });

  it("removes the same smuggling characters as canonicaliseAnswer", () => {
    expect(stripSmuggling("x²\u200b\u202e+\u{e0041}1").kept).toBe("x²+1");
  });
});

describe("foldForEvidence", () => {
  it("matches a quote across line breaks and invisible characters, keeping case", () => {
    const answer = foldForEvidence("The bulb\n  lights up because the cir\u200bcuit is closed.");
    expect(answer.includes(foldForEvidence("lights up because the circuit"))).toBe(true);
    expect(answer.includes(foldForEvidence("the Bulb"))).toBe(false);
  });

  it("does not fold compatibility characters: a quote must keep superscripts", () => {
    expect(foldForEvidence("2³ = 8").includes(foldForEvidence("23 = 8"))).toBe(false);
    expect(foldForEvidence("2³ = 8").includes(foldForEvidence("2³ =\n8"))).toBe(true);
  });
});
