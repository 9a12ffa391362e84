/**
 * Which lines of the crew's state a message is about: the words of the message, crudely
 * stemmed ("listings", "listed" and "listing" all read as "list"), matched against each line.
 * Crude on purpose: it only decides what goes first into a small context, never what is true.
 */

const STOPWORDS = new Set(
  (
    "the and for are was were what why how who whom which when where with from that this these those " +
    "did does doing done has have had its it's our your you can could would should will about into " +
    "any all not but just tell show give please there their them they been being than then also " +
    "today now much many some more most"
  ).split(" "),
);

const SUFFIXES = ["ings", "ing", "ed", "es", "s"];

function stem(word: string): string {
  for (const suffix of SUFFIXES)
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, -suffix.length);
  return word;
}

/** The words that carry meaning, stemmed; names such as `agent-b` stay whole. */
export function keywords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[a-z0-9][a-z0-9_-]*/g) ?? [];
  return new Set(words.filter((word) => word.length >= 3 && !STOPWORDS.has(word)).map(stem));
}

/** How many of the message's keywords a line contains. */
export function relevance(line: string, wanted: ReadonlySet<string>): number {
  if (wanted.size === 0) return 0;
  const have = keywords(line);
  let score = 0;
  for (const word of wanted) if (have.has(word)) score += 1;
  return score;
}
