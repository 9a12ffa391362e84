/**
 * HEARTBEAT.md as a checklist (README, "The always-on agent"): each list item may name, in
 * brackets, the findings that make it need judgement — `- [failed, stuck] Decide whether …`.
 * An item without a tag needs judgement when the beat found anything new; `[always]` asks on
 * every beat (still within the daily token cap). A task-list box (`[ ]`, `[x]`) is not a tag.
 */

/** What a beat's code checks can find, each the name of a tag. */
export const TRIGGERS = [
  "failed",
  "done",
  "stuck",
  "overdue",
  "stale-lock",
  "budget",
  "shared-mind",
  "waiting",
  "inbox",
  "always",
] as const;
export type Trigger = (typeof TRIGGERS)[number];

export interface ChecklistItem {
  /** 1-based line in HEARTBEAT.md. */
  line: number;
  text: string;
  /** Empty: any new finding. */
  triggers: Trigger[];
}

/** Something a beat found by code that was not there at the last beat. */
export interface Finding {
  trigger: Exclude<Trigger, "always">;
  /** In words, specific: agent, task, what happened. */
  line: string;
}

const isTrigger = (word: string): word is Trigger => (TRIGGERS as readonly string[]).includes(word);

export function parseChecklist(text: string): { items: ChecklistItem[]; problems: string[] } {
  const items: ChecklistItem[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const item = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(raw)?.[1]?.replace(/^\[[ xX]\]\s*/, "");
    if (!item?.trim()) return;
    const tagged = /^\[([A-Za-z, -]+)\](?!\()\s*(.*)$/.exec(item);
    const words = tagged?.[1]?.split(",").map((word) => word.trim().toLowerCase()) ?? [];
    const unknown = words.filter((word) => !isTrigger(word));
    if (unknown.length)
      problems.push(
        `HEARTBEAT.md line ${index + 1}: "${unknown.join(", ")}" is not a trigger (known: ${TRIGGERS.join(", ")})`,
      );
    items.push({
      line: index + 1,
      text: (tagged && !unknown.length ? (tagged[2] ?? "") : item).trim(),
      triggers: unknown.length ? [] : words.filter(isTrigger),
    });
  });
  // Prose without a list is one item: the checklist as a whole.
  if (items.length === 0 && text.trim()) items.push({ line: 1, text: text.trim(), triggers: [] });
  return { items, problems };
}

/** The items this beat's findings make need judgement. */
export function itemsNeedingJudgement(
  items: readonly ChecklistItem[],
  findings: readonly Finding[],
): ChecklistItem[] {
  const found = new Set(findings.map((finding) => finding.trigger));
  return items.filter((item) =>
    item.triggers.length === 0
      ? found.size > 0
      : item.triggers.some((trigger) => trigger === "always" || found.has(trigger as Finding["trigger"])),
  );
}
