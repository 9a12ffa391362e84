/**
 * What a beat found that was not there at the last one, as findings the HEARTBEAT.md items can
 * name: the beat's own results (stale locks, silent or overdue workers, budgets, SHARED_MIND
 * changes) plus tasks that finished or failed since, tasks that started waiting, and inboxes
 * that grew past `heartbeat.inboxDepth`. The first look at each is the baseline: a host that
 * starts finds nothing "new" in the history it inherits. Each look costs a stat when nothing
 * changed, never a read of the history.
 */
import { readdir, stat } from "node:fs/promises";
import { basename, relative } from "node:path";
import {
  isIgnoredFileName,
  isTaskFileName,
  parseTaskFile,
  taskIdFromFileName,
} from "../../shared/task-file.js";
import { crewPaths } from "../crew-root.js";
import { readIfExists } from "../fs/read-if-exists.js";
import type { Notifier } from "../notify/notifier.js";
import type { Finding } from "./checklist.js";
import type { BeatFound } from "./heartbeat.js";

/**
 * On a file system with whole-second times, a folder changed this recently may change again
 * within the same mtime: look again next beat. (Date.now(), not the crew's clock: it is
 * compared with the file system's own times.) Finer times never repeat in practice.
 */
const RACY_MS = 2_000;
const racy = (mtimeMs: number): boolean => mtimeMs % 1000 === 0 && Date.now() - mtimeMs <= RACY_MS;
/** Enough to say what happened; more finished at once is summed up. */
const MAX_PER_KIND = 10;

/** New files in completed/ and failed/ since the last look. */
class ArchiveWatch {
  private readonly seen = new Map<string, { mtimeMs: number; names: Set<string> }>();

  constructor(private readonly root: string) {}

  async check(): Promise<Finding[]> {
    const { completed, failed } = crewPaths(this.root);
    return [...(await this.look(completed, "done")), ...(await this.look(failed, "failed"))];
  }

  private async look(dir: string, trigger: "done" | "failed"): Promise<Finding[]> {
    const info = await stat(dir).catch(() => undefined);
    const known = this.seen.get(dir);
    if (!info || (known && known.mtimeMs === info.mtimeMs && !racy(info.mtimeMs))) return [];
    const names = new Set(
      (await readdir(dir)).filter((name) => isTaskFileName(name) && !isIgnoredFileName(name)),
    );
    this.seen.set(dir, { mtimeMs: info.mtimeMs, names });
    if (!known) return [];
    const added = [...names].filter((name) => !known.names.has(name));
    const findings = await Promise.all(
      added.slice(0, MAX_PER_KIND).map(async (name) => ({ trigger, line: await this.describe(dir, name) })),
    );
    if (added.length > MAX_PER_KIND)
      findings.push({
        trigger,
        line: `…and ${added.length - MAX_PER_KIND} more in ${relative(this.root, dir)}/`,
      });
    return findings;
  }

  private async describe(dir: string, name: string): Promise<string> {
    const path = `${dir}/${name}`;
    const parsed = parseTaskFile((await readIfExists(path)) ?? "");
    const id = taskIdFromFileName(name);
    const where = relative(this.root, path);
    if (!parsed.ok) return `${id}: not a valid task (${where})`;
    const { fields, footer } = parsed.value;
    const who = footer?.agent ? ` (${footer.agent})` : "";
    const what = `"${fields.task.split("\n")[0]?.slice(0, 120)}"`;
    if (footer?.status === "failed")
      return `${id}${who} ${what} failed: ${footer.reason ?? "no reason"} (${where})`;
    return `${id}${who} ${what} done${footer?.output ? `, output ${footer.output}` : ""} (${where})`;
  }
}

/** Tasks that started waiting (approval, a lock, a budget) or wait for a new reason. */
class WaitingWatch {
  private last: Map<string, string> | undefined;

  check(waiting: readonly { path: string; reason: string }[]): Finding[] {
    const now = new Map(waiting.map((entry) => [entry.path, entry.reason]));
    const before = this.last;
    this.last = now;
    if (!before) return [];
    return [...now]
      .filter(([path, reason]) => before.get(path) !== reason)
      .slice(0, MAX_PER_KIND)
      .map(([path, reason]) => ({
        trigger: "waiting" as const,
        line: `${taskIdFromFileName(basename(path))} waits: ${reason}`,
      }));
  }
}

/** Inboxes holding more than `heartbeat.inboxDepth` tasks: told once, until they drain. */
class InboxWatch {
  private readonly deep = new Set<string>();

  constructor(private readonly notifier: Pick<Notifier, "notify">) {}

  async check(depths: ReadonlyMap<string, number>, limit: number): Promise<Finding[]> {
    const findings: Finding[] = [];
    for (const agent of this.deep) if ((depths.get(agent) ?? 0) <= limit) this.deep.delete(agent);
    for (const [agent, depth] of depths) {
      if (depth <= limit || this.deep.has(agent)) continue;
      this.deep.add(agent);
      const line = `${agent}'s inbox holds ${depth} tasks (more than heartbeat.inboxDepth, ${limit})`;
      findings.push({ trigger: "inbox", line });
      await this.notifier.notify({
        kind: "worker",
        priority: "normal",
        title: `${agent}'s inbox holds ${depth} tasks`,
        body: `More than ${limit} wait for ${agent}: raise agents.${agent}.concurrency, move some to another agent's inbox, or raise heartbeat.inboxDepth if this is normal.`,
        where: `coordination/for_${agent.replace(/-/g, "_")}/`,
      });
    }
    return findings;
  }
}

/** The findings the beat's own checks already made, in the checklist's words. */
export function findingsOf(found: BeatFound): Finding[] {
  const findings: Finding[] = [
    ...found.staleLocks.map((lock) => ({
      trigger: "stale-lock" as const,
      line: `removed lock ${lock.resource}: ${lock.holder} held it ${lock.heldSeconds} s (${lock.reason})`,
    })),
    ...found.stuckWorkers.map((task) => ({
      trigger: "stuck" as const,
      line: `${task} has printed nothing for a while`,
    })),
    ...found.overdue.map((task) => ({ trigger: "overdue" as const, line: `${task} is past its DEADLINE` })),
    ...found.budgets.map((notice) => ({ trigger: "budget" as const, line: notice })),
  ];
  const mind = found.sharedMind;
  // `changed` only says the file was read again (a first look, a touch): news is in the counts.
  if (mind.newLearnings + mind.newStateLines + mind.newNeededNext + mind.restored > 0)
    findings.push({
      trigger: "shared-mind",
      line: `SHARED_MIND.md changed by someone else: ${mind.newLearnings} new learnings, ${mind.newStateLines} state lines, ${mind.newNeededNext} needed-next items, ${mind.restored} learnings restored`,
    });
  return findings;
}

export class NewFindings {
  private readonly archive: ArchiveWatch;
  private readonly waiting = new WaitingWatch();
  private readonly inboxes: InboxWatch;

  constructor(root: string, notifier: Pick<Notifier, "notify">) {
    this.archive = new ArchiveWatch(root);
    this.inboxes = new InboxWatch(notifier);
  }

  async collect(input: {
    waiting: readonly { path: string; reason: string }[];
    inboxDepths: ReadonlyMap<string, number>;
    inboxLimit: number;
  }): Promise<Finding[]> {
    return [
      ...(await this.archive.check()),
      ...this.waiting.check(input.waiting),
      ...(await this.inboxes.check(input.inboxDepths, input.inboxLimit)),
    ];
  }
}
