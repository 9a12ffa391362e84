/**
 * What a worker inherits: the few variables a program needs to run (PATH, HOME, locale, the
 * Claude CLI's own settings), the SWITCHYARD_* task variables, and what switchyard.json names;
 * never the host's secrets, such as the Telegram bot token.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Engine } from "../../../core/engine/engine.js";
import { type CrewFixture, crewConfig, makeCrew } from "../../support/crew-fixture.js";

let crew: CrewFixture | undefined;
let engine: Engine | undefined;
const saved = { ...process.env };
afterEach(async () => {
  await engine?.stop();
  await crew?.cleanup();
  engine = crew = undefined;
  process.env = { ...saved };
});

describe("the worker's environment", () => {
  it("holds no host secret, only what a program needs, the task's variables and what the config names", async () => {
    Object.assign(process.env, {
      TELEGRAM_BOT_TOKEN: "123456:host-secret-telegram",
      AWS_SECRET_ACCESS_KEY: "host-secret-aws",
      GITHUB_TOKEN: "host-secret-github",
      MY_PROJECT_SETTING: "wanted",
      ANTHROPIC_API_KEY: "the-worker-needs-this",
      LANG: "C.UTF-8",
    });
    crew = await makeCrew({
      worker: {
        command: "sh",
        args: ["-c", 'env > "$SWITCHYARD_EXPECTED_OUTPUT"'],
        passEnv: ["MY_PROJECT_SETTING"],
        env: { EXTRA: "from-config" },
      },
      costs: { importInteractive: false },
    });
    engine = new Engine({ root: crew.root, config: await crewConfig(crew), watch: false });
    await crew.drop(
      "for_agent_a",
      "env.md",
      "TASK: print the environment\nEXPECTED_OUTPUT: outputs/env.txt\n",
    );
    await engine.start();
    await engine.whenIdle();
    const env = Object.fromEntries(
      (await crew.read("outputs/env.txt"))
        .split("\n")
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(env.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
    expect(env.GITHUB_TOKEN).toBeUndefined();
    expect(JSON.stringify(env)).not.toContain("host-secret");
    expect(env).toMatchObject({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LANG: "C.UTF-8",
      ANTHROPIC_API_KEY: "the-worker-needs-this",
      MY_PROJECT_SETTING: "wanted",
      EXTRA: "from-config",
      SWITCHYARD_TASK_ID: "env",
    });
  });
});
