// A word-level diff between the AI's text and the reviewer's: what the reviewer changed, in a
// form both a table cell and a file can carry.

export type DiffPart = { op: "same" | "added" | "removed"; text: string };

const MAX_TOKENS = 2000;

function tokenize(text: string): string[] {
  // Words and the whitespace after them stay together, so joining the tokens gives the text back.
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Longest-common-subsequence diff over words; texts past 2000 words are compared as a whole. */
export function diffWords(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ op: "same", text: before }] : [];
  const a = tokenize(before);
  const b = tokenize(after);
  if (a.length * b.length > MAX_TOKENS * MAX_TOKENS || a.length > MAX_TOKENS || b.length > MAX_TOKENS) {
    return [...(before ? [{ op: "removed" as const, text: before }] : []), ...(after ? [{ op: "added" as const, text: after }] : [])];
  }
  // lengths[i][j] = LCS of a[i:] and b[j:]
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  const push = (op: DiffPart["op"], text: string) => {
    const last = parts[parts.length - 1];
    if (last?.op === op) last.text += text;
    else parts.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push("same", a[i]!);
      i++;
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) push("removed", a[i++]!);
    else push("added", b[j++]!);
  }
  while (i < a.length) push("removed", a[i++]!);
  while (j < b.length) push("added", b[j++]!);
  return parts;
}

/** git's word-diff notation: [-removed-]{+added+}. */
export function formatDiff(parts: DiffPart[]): string {
  return parts.map((p) => (p.op === "same" ? p.text : p.op === "removed" ? `[-${p.text}-]` : `{+${p.text}+}`)).join("");
}
