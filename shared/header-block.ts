/**
 * The `KEY: value` block that opens a task file and forms its result footer.
 * Keys are case-insensitive, a line that starts with whitespace continues the previous
 * value, and entries keep their order and spelling so nothing a user wrote is lost.
 */
export interface HeaderEntry {
  /** The key as written (case kept); compare with `normalizeKey`. */
  key: string;
  value: string;
  /** 1-based line number of the entry's first line in the file. */
  line: number;
}

export interface HeaderProblem {
  line: number;
  key?: string;
  message: string;
}

// `s`: a value may hold U+2028, U+2029 or a lone CR, which `.` alone would refuse (lines are
// already split on \n).
const KEY_LINE = /^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]?(.*)$/s;

export const normalizeKey = (key: string): string => key.trim().toUpperCase().replace(/-/g, "_");

/**
 * Reads header lines starting at `lines[0]` (which is line `firstLine` of the file) until the
 * first blank line. Returns the entries, the index of the first line after the header, and
 * any line that is neither a `KEY: value` nor a continuation.
 */
export function readHeaderBlock(
  lines: readonly string[],
  firstLine = 1,
): { entries: HeaderEntry[]; end: number; problems: HeaderProblem[] } {
  const entries: HeaderEntry[] = [];
  const problems: HeaderProblem[] = [];
  let index = 0;
  for (; index < lines.length; index++) {
    const text = lines[index] ?? "";
    const lineNumber = firstLine + index;
    if (text.trim() === "") break;
    if (/^[ \t]/.test(text)) {
      const previous = entries.at(-1);
      if (previous) previous.value += `\n${text.trim()}`;
      else problems.push({ line: lineNumber, message: "a continuation line has no key above it" });
      continue;
    }
    const match = KEY_LINE.exec(text);
    if (!match) {
      problems.push({
        line: lineNumber,
        message: `expected "KEY: value" but found ${JSON.stringify(text.slice(0, 60))}; put free text after a blank line`,
      });
      continue;
    }
    entries.push({ key: match[1] ?? "", value: (match[2] ?? "").trim(), line: lineNumber });
  }
  return { entries, end: index, problems };
}

/** Writes entries back as header lines; multi-line values become indented continuation lines. */
export function writeHeaderBlock(entries: readonly Pick<HeaderEntry, "key" | "value">[]): string {
  return entries
    .map(({ key, value }) => {
      // A blank line would end the block, so empty lines inside a value are dropped.
      const valueLines = value.split("\n").map((part) => part.trim());
      const [first = "", ...rest] = valueLines;
      return [`${key}: ${first}`, ...rest.filter(Boolean).map((part) => `  ${part}`)].join("\n");
    })
    .join("\n");
}
