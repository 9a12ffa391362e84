/**
 * The heartbeat's look at SHARED_MIND.md: a stat per beat, and a read and diff only when the
 * file changed, against the version last seen (kept in `.switchyard/shared-mind.seen.md`, so
 * changes made while the app was down count too). News goes to the feed; a deleted learning
 * line is put back (under the shared-mind lock) and the operator is told, unless it was moved
 * to SHARED_MIND.archive.md. Past `sharedMind.keepLearnings`, the oldest learnings move there.
 */
import { stat } from "node:fs/promises";
import {
  appendLearningLines,
  type Learning,
  lostLearnings,
  readSharedMind,
} from "../../shared/shared-mind.js";
import { crewPaths } from "../crew-root.js";
import { writeAtomic } from "../fs/atomic-write.js";
import type { Notifier } from "../notify/notifier.js";
import { archivedLearnings, archiveOldLearnings } from "../state/learnings-archive.js";
import { editSharedMind, readSharedMindText } from "../state/shared-mind-store.js";
import { diffSharedMind, hasChanges, type SharedMindChanges } from "./shared-mind-diff.js";
import { readIfExists } from "../fs/read-if-exists.js";

export interface SharedMindFound {
  /** Whether the file changed since the last beat (and so was read). */
  changed: boolean;
  newLearnings: number;
  newStateLines: number;
  newNeededNext: number;
  restored: number;
}

const NOTHING: SharedMindFound = {
  changed: false,
  newLearnings: 0,
  newStateLines: 0,
  newNeededNext: 0,
  restored: 0,
};
const LIST_LINES = 10;
/** The name the app writes under when it restores a learning. */
const APP_AGENT = "switchyard";

const listed = (lines: string[]): string =>
  lines.length > LIST_LINES
    ? [...lines.slice(0, LIST_LINES), `…and ${lines.length - LIST_LINES} more`].join("\n")
    : lines.join("\n");
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

export class SharedMindWatch {
  private seen: string | undefined;
  private signature: string | undefined;

  constructor(
    private readonly root: string,
    private readonly notifier: Pick<Notifier, "notify">,
    private readonly staleAfterMinutes: () => number,
    /** How many learnings SHARED_MIND.md keeps before the oldest move to the archive (null: all). */
    private readonly keepLearnings: () => number | null = () => null,
  ) {}

  async check(): Promise<SharedMindFound> {
    const paths = crewPaths(this.root);
    const info = await stat(paths.sharedMind).catch(() => undefined);
    const signature = info ? `${info.ino}:${info.size}:${info.mtimeMs}` : "missing";
    if (signature === this.signature) return NOTHING;
    // A missing file lost every learning: diffing against "" restores them into a fresh one.
    const current = info ? ((await readIfExists(paths.sharedMind)) ?? "") : "";
    const seen = this.seen ?? (await readIfExists(paths.sharedMindSeen));
    if (seen === undefined) {
      await this.remember(current, signature); // first sight: this is the baseline
      return { ...NOTHING, changed: true };
    }
    const changes = diffSharedMind(seen, current);
    // A learning moved to the archive was not deleted: it is not put back.
    const archived =
      changes.lostLearnings.length > 0 ? await archivedLearnings(this.root) : new Set<string>();
    changes.lostLearnings = changes.lostLearnings.filter((line) => !archived.has(line.trim()));
    let latest = current;
    if (changes.lostLearnings.length > 0)
      // Recomputed inside the locked edit: the file may have changed again since we read it.
      latest = await editSharedMind(
        this.root,
        APP_AGENT,
        (text) =>
          appendLearningLines(
            text,
            lostLearnings(seen, text).filter((line) => !archived.has(line.trim())),
          ),
        this.staleAfterMinutes(),
      );
    if (hasChanges(changes)) await this.report(changes);
    // After our own write the next beat reads once more and finds nothing new (or what others added since).
    await this.remember(latest, latest === current ? signature : undefined);
    await this.archiveIfLong(latest);
    if (!hasChanges(changes)) return { ...NOTHING, changed: true };
    return {
      changed: true,
      newLearnings: changes.newLearnings.length,
      newStateLines: changes.newStateLines.length,
      newNeededNext: changes.newNeededNext.length,
      restored: changes.lostLearnings.length,
    };
  }

  /**
   * Moves the oldest learnings to the archive once the file holds well over the limit (a
   * margin, so one new learning does not rewrite the file on every beat). The next beat reads
   * the file again and finds nothing lost.
   */
  private async archiveIfLong(text: string): Promise<void> {
    const keep = this.keepLearnings();
    if (keep === null) return;
    if (readSharedMind(text).learnings.length <= keep + Math.max(50, Math.floor(keep / 10))) return;
    await archiveOldLearnings(this.root, keep, this.staleAfterMinutes());
    await this.remember(await readSharedMindText(this.root), undefined);
  }

  private async remember(text: string, signature: string | undefined): Promise<void> {
    if (text !== this.seen) await writeAtomic(crewPaths(this.root).sharedMindSeen, text, { durable: false });
    this.seen = text;
    this.signature = signature;
  }

  private async report(changes: SharedMindChanges): Promise<void> {
    const by = changes.updatedBy ? ` (last written by ${changes.updatedBy})` : "";
    const base = { kind: "shared-mind", where: "SHARED_MIND.md" } as const;
    const { newLearnings, newStateLines, newNeededNext, lostLearnings: lost } = changes;
    if (lost.length > 0)
      await this.notifier.notify({
        ...base,
        priority: "normal",
        title: `Restored ${plural(lost.length, "deleted learning")} in SHARED_MIND.md`,
        body: `Learnings are append-only, so the app put back${by}:\n${listed(lost)}`,
      });
    if (newLearnings.length > 0) {
      // A learning line names who learned it; only the seed's bare lines fall back to the stamp.
      const credit = (learning: Learning) => learning.agent ?? changes.updatedBy;
      const agents = [...new Set(newLearnings.map(credit).filter(Boolean))];
      const from = agents.length ? ` from ${agents.join(", ")}` : "";
      await this.notifier.notify({
        ...base,
        priority: "low",
        title:
          newLearnings.length === 1
            ? `New learning${from}: ${newLearnings[0]?.text.slice(0, 120)}`
            : `${plural(newLearnings.length, "new learning")}${from} in SHARED_MIND.md`,
        body: listed(
          newLearnings.map((learning) =>
            learning.agent || !credit(learning) ? learning.line : `${learning.line} (${credit(learning)})`,
          ),
        ),
      });
    }
    if (newStateLines.length > 0) {
      const [first] = newStateLines;
      const one = newStateLines.length === 1 && first;
      await this.notifier.notify({
        ...base,
        priority: "low",
        title: one
          ? `State${first.agent ? ` of ${first.agent}` : ""}: ${first.line.slice(0, 120)}`
          : `${plural(newStateLines.length, "new state line")} in SHARED_MIND.md`,
        body: `${listed(newStateLines.map((state) => (state.agent ? `${state.agent}: ${state.line}` : state.line)))}${by}`,
      });
    }
    if (newNeededNext.length > 0)
      await this.notifier.notify({
        ...base,
        priority: "normal",
        title:
          newNeededNext.length === 1
            ? `Needed next: ${newNeededNext[0]?.replace(/^[-*]\s*/, "").slice(0, 120)}`
            : `${plural(newNeededNext.length, "new item")} needed next`,
        body: `${listed(newNeededNext)}${by}`,
      });
  }
}
