/** One line of at most `length` characters (whitespace collapsed), for lists and tables. */
export function excerpt(text: string | null, length = 120): string | null {
  if (text === null) return null;
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
