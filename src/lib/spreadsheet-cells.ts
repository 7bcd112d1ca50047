/**
 * Characters a spreadsheet may skip before it reads a cell: spaces of every kind (LibreOffice and Google
 * Sheets trim them on import), controls and invisible characters.
 */
const leadingSkipped = /^[\s\p{Z}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]+/u;

/**
 * Whether a spreadsheet could run the cell as a formula ("CSV injection", OWASP): it starts with a tab or a
 * line break, or its first character after spaces and invisible characters is = + - @ or a fullwidth or
 * small form of one (＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫: CJK Excel reads them as the ASCII ones).
 */
export function runsAsFormula(cell: string): boolean {
  if (/^[\t\r\n]/.test(cell)) return true;
  const first = cell.replace(leadingSkipped, "").codePointAt(0);
  return first !== undefined && /^[=+\-@]/.test(String.fromCodePoint(first).normalize("NFKC"));
}

/** The cell as a spreadsheet reads it as text: with a leading apostrophe when it could run as a formula. */
export const spreadsheetSafe = (cell: string): string => (runsAsFormula(cell) ? `'${cell}` : cell);

/** The start of a cell up to the character a spreadsheet reads first, for a message: `"\u200b="`, `"="`, `"\t"`. */
export function formulaLead(cell: string): string {
  if (/^[\t\r\n]/.test(cell)) return cell[0]!;
  return /^[\s\p{Z}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*./su.exec(cell)?.[0] ?? "";
}
