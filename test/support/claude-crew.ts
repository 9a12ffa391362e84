/**
 * A crew root whose workers are the real Claude Code CLI, answered by a Messages API
 * stand-in, with its switchyard.json written like a user's (so the CLI, the engine and the
 * service all read the same config). Interactive usage is imported from the sandbox's own
 * `projects/` folder, never from the machine's real ~/.claude.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Config, parseConfig } from "../../shared/config.js";
import { parseTaskFile } from "../../shared/task-file.js";
import { Engine } from "../../core/engine/engine.js";
import { type ClaudeSandbox, claudeWorkerConfig, makeClaudeSandbox } from "../../bench/support/claude-cli.js";
import { type CrewFixture, makeCrew } from "./crew-fixture.js";
import {
  type ParsedRequest,
  type Standin,
  type StandinReply,
  type StandinScript,
  startMessagesStandin,
} from "../../bench/support/messages-api-standin.js";

export interface ClaudeCrew {
  crew: CrewFixture;
  standin: Standin;
  sandbox: ClaudeSandbox;
  config: Config;
  /** A new engine on this crew (stopped by cleanup). */
  engine(): Engine;
  cleanup(): Promise<void>;
}

export async function claudeCrew(
  script: (root: string) => StandinScript,
  extra: Record<string, unknown> = {},
  /** Answers the CLI's tool-less calls (the always-on agent's one-shot triage among them). */
  sideScript?: (request: ParsedRequest) => StandinReply | Promise<StandinReply>,
): Promise<ClaudeCrew> {
  const crew = await makeCrew();
  const standin = await startMessagesStandin({
    script: script(crew.root),
    ...(sideScript ? { sideScript } : {}),
  });
  const sandbox = await makeClaudeSandbox();
  const { worker, costs, ...rest } = extra as { worker?: object; costs?: object };
  const claude = claudeWorkerConfig(standin.url, sandbox);
  const json = {
    ...rest,
    worker: { ...claude.worker, ...worker },
    costs: { ...claude.costs, ...costs },
  };
  await writeFile(join(crew.root, "switchyard.json"), JSON.stringify(json, null, 2));
  const parsed = parseConfig(JSON.stringify(json));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const engines: Engine[] = [];
  return {
    crew,
    standin,
    sandbox,
    config: parsed.config,
    engine() {
      const engine = new Engine({ root: crew.root, config: parsed.config, watch: false });
      engines.push(engine);
      return engine;
    },
    async cleanup() {
      for (const engine of engines) await engine.stop();
      await standin.close();
      await sandbox.cleanup();
      await crew.cleanup();
    },
  };
}

export async function runToIdle(engine: Engine): Promise<void> {
  await engine.start();
  await engine.whenIdle();
}

export async function readTaskFile(crew: CrewFixture, path: string) {
  const parsed = parseTaskFile(await crew.read(path));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}
