// CSV per RFC 4180, safe to open in a spreadsheet: a cell that starts like a formula is made
// text, so a model's or a customer's "=HYPERLINK(…)" can never run in an auditor's Excel.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  // OWASP's advice: prefix a single quote. Numbers we write ourselves (a negative latency cannot
  // occur) are left alone, so columns stay numeric.
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
