/**
 * Temporary crew roots for tests: `init`-ed like a user's, with a config, and helpers to
 * drop tasks in the seed's format and to read what the engine left behind.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, parseConfig } from "../../shared/config.js";
import { initCrewRoot } from "../../core/crew-root.js";

export const SEED_TASK = `TASK: Update all ClawMart listings with new pricing
PRIORITY: high
FROM: agent-b
CONTEXT: Stripe payment links updated, need to inject into listings 2, 5, and 9
EXPECTED_OUTPUT: outputs/listing_update_result.md
DEADLINE: before next cron run
`;

export interface CrewFixture {
  root: string;
  drop(agentInbox: string, fileName: string, text: string): Promise<string>;
  read(relativePath: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function makeCrew(config: unknown = {}): Promise<CrewFixture> {
  const root = await mkdtemp(join(tmpdir(), "switchyard-crew-"));
  await initCrewRoot(root);
  await writeFile(join(root, "switchyard.json"), JSON.stringify(config, null, 2));
  return {
    root,
    async drop(agentInbox, fileName, text) {
      const path = join(root, "coordination", agentInbox, fileName);
      await writeFile(path, text);
      return path;
    },
    read: (relativePath) => readFile(join(root, relativePath), "utf8"),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** The crew's switchyard.json, validated as the app would; a bad test config fails loudly. */
export async function crewConfig(crew: CrewFixture): Promise<Config> {
  const parsed = parseConfig(await crew.read("switchyard.json"));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}
