import { describe, expect, it } from "vitest";
import { formulaLead, runsAsFormula, spreadsheetSafe } from "../../../src/lib/spreadsheet-cells.js";

describe("spreadsheetSafe", () => {
  it("guards a formula behind spaces, controls or invisible characters, or in a fullwidth or small form", () => {
    for (const cell of [
      "=1+1",
      " =1+1",
      '\u00a0=HYPERLINK("http://evil")',
      "＝1+1",
      "﹢1",
      "\u200b+cmd",
      "\ufeff-1",
      "\u3000＠SUM(A1)",
      "\u2028=1+1",
      "\t1",
      "\n=1+1",
      "\r2",
    ]) {
      expect(runsAsFormula(cell), JSON.stringify(cell)).toBe(true);
      expect(spreadsheetSafe(cell)).toBe(`'${cell}`);
    }
  });

  it("leaves text that a spreadsheet reads as text as it is", () => {
    for (const cell of ["", "s-1", "José", "1+1", "a=b", " x", "日本", "\u200c", "'=1"]) {
      expect(runsAsFormula(cell), JSON.stringify(cell)).toBe(false);
      expect(spreadsheetSafe(cell)).toBe(cell);
    }
  });

  it("names what a spreadsheet reads first, the invisible characters before it included", () => {
    expect(formulaLead("\u200b=1")).toBe("\u200b=");
    expect(formulaLead("=1")).toBe("=");
    expect(formulaLead("\t=1")).toBe("\t");
  });
});
