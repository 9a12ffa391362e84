/**
 * `switchyard.json` (ARCHITECTURE.md, "Config"). Every key is optional; defaults make an empty file a working
 * crew. Parsed once at the edge; the core trusts the result.
 */
import { Cron } from "croner";
import { z } from "zod";
import { closestName } from "./closest-name.js";
import { DEFAULT_PRICES, ModelPriceSchema, type PriceTable } from "./prices.js";
import { PrioritySchema, ResourceNameSchema } from "./task-file.js";

const AgentSchema = z
  .object({
    inbox: z.string().optional(),
    tier: z.number().int().min(0).max(3).default(2),
    concurrency: z.number().int().min(0).default(1),
  })
  .strict();

/** Variables that may never reach a worker, whatever the config says. */
const NEVER_PASSED = new Set(["TELEGRAM_BOT_TOKEN"]);

/** How a worker process is started; a tier may override any part (ARCHITECTURE.md, "Workers"). */
const LaunchFields = {
  command: z.string().min(1).optional(),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  /** Names of the host's variables a worker gets besides the few every program needs. */
  passEnv: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "not an environment variable name")
        .refine((name) => !NEVER_PASSED.has(name), "is the host's secret and never reaches a worker"),
    )
    .optional(),
};

const TierSchema = z
  .object({
    ...LaunchFields,
    model: z.string().min(1).optional(),
    billing: z.enum(["free", "api", "subscription"]).optional(),
    budget: z
      .object({ daily: z.number().nonnegative().optional(), monthly: z.number().nonnegative().optional() })
      .strict()
      .optional(),
    /** A subscription's rolling window: how many runs (and tokens) it allows per `hours`. */
    window: z
      .object({
        hours: z.number().positive().default(5),
        runs: z.number().int().positive().optional(),
        tokens: z.number().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export const WorkerSchema = z
  .object({
    ...LaunchFields,
    /** Runs across all agents at once. */
    concurrency: z.number().int().min(1).default(4),
    maxAttempts: z.number().int().min(1).default(3),
    /** Wall-clock limit of one attempt (a DEADLINE date-time can shorten it). */
    timeoutSeconds: z
      .number()
      .positive()
      .default(30 * 60),
    /** No output on the worker's stream for this long means it hangs. */
    hangSeconds: z
      .number()
      .positive()
      .default(10 * 60),
    /** Lets an unattended worker write in the crew root without asking. */
    permissionMode: z.string().default("acceptEdits"),
    maxBudgetUsd: z.number().positive().optional(),
    /** How much of SHARED_MIND.md a worker's prompt carries, in tokens (about 4 characters each). */
    sharedMindTokens: z.number().int().min(250).max(50_000).default(4_000),
  })
  .strict()
  .prefault({});

/** `HH:MM`, 24-hour, local time. */
const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use "HH:MM", 24-hour (e.g. "22:00")');

/** The always-on agent's beat (ARCHITECTURE.md, "Heartbeat, schedules, notifications"): rescan, stale locks, stuck workers, budgets, SHARED_MIND. */
const HeartbeatSchema = z
  .object({
    intervalSeconds: z.number().min(1).default(300),
    /** A worker with no stream output for this long is reported (the engine kills it at worker.hangSeconds). */
    stuckAfterMinutes: z.number().positive().default(5),
    /** An agent's inbox holding more tasks than this is reported (once, until it drains below). */
    inboxDepth: z.number().int().min(1).default(10),
    /**
     * Optional: a model reads the HEARTBEAT.md items a beat's findings trigger (README, "The
     * always-on agent"). A quiet beat calls no model; a day's calls stop at `dailyTokens`.
     */
    checkIn: z
      .object({
        enabled: z.boolean().default(false),
        /** 0: a local Ollama; 1: Haiku through the Claude Code CLI. Default: 0 when a local model is configured. */
        tier: z.union([z.literal(0), z.literal(1)], { error: "the check-in runs on tier 0 or 1" }).optional(),
        /** The Ollama server; its model defaults to tiers["0"].model. */
        url: z.string().url().default("http://127.0.0.1:11434"),
        model: z.string().min(1).optional(),
        timeoutMs: z.number().int().positive().default(20_000),
        /** Tokens (in and out) the check-in may use per UTC day; then it waits for the next day. */
        dailyTokens: z.number().int().positive().default(20_000),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/** TASK fields a schedule writes; string values may use {date}, {time}, {datetime} and {schedule}. */
const ScheduledTaskSchema = z
  .object({
    task: z.string().min(1),
    priority: PrioritySchema.optional(),
    context: z.string().optional(),
    expectedOutput: z.string().optional(),
    deadline: z.string().optional(),
    tier: z.number().int().min(0).max(3).optional(),
    model: z.string().optional(),
    locks: z.array(ResourceNameSchema).optional(),
    approvalRequired: z.boolean().optional(),
    body: z.string().optional(),
  })
  .strict();

/** A cron schedule that drops a task file (FROM: schedule:<name>) into an agent's inbox. */
const ScheduleSchema = z
  .object({
    name: ResourceNameSchema,
    /** Five fields, or six with seconds first (croner syntax). */
    cron: z.string().refine(isCronPattern, "not a cron expression croner can read"),
    agent: z.string().min(1),
    /** The task to drop: its fields, or `template`, a task file in the root read at each run. */
    task: ScheduledTaskSchema.optional(),
    template: z.string().min(1).optional(),
    /** An IANA zone such as "Europe/Berlin"; the machine's local time when absent. */
    timezone: z.string().refine(isTimeZone, "not a time zone name (e.g. Europe/Berlin)").optional(),
    enabled: z.boolean().default(true),
  })
  .strict()
  .refine((schedule) => (schedule.task ? 1 : 0) + (schedule.template ? 1 : 0) === 1, {
    message: 'give exactly one of "task" (the fields) or "template" (a task file in the root)',
  });

function isCronPattern(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true });
    return true;
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function uniqueScheduleNames(schedules: { name: string }[], context: z.RefinementCtx): void {
  const seen = new Set<string>();
  schedules.forEach((schedule, index) => {
    if (seen.has(schedule.name))
      context.addIssue({
        code: "custom",
        path: [index, "name"],
        message: `"${schedule.name}" is used twice`,
      });
    seen.add(schedule.name);
  });
}

/** How notifications reach the operator without drowning them (ARCHITECTURE.md, "Heartbeat, schedules, notifications"). */
const NotificationsSchema = z
  .object({
    /** Repeats (same kind and title) within this window fold into one notification with a count. */
    dedupeSeconds: z.number().min(0).default(600),
    /** Desktop and Telegram pop-ups per minute; more (except high priority) wait for a digest. */
    maxPerMinute: z.number().int().min(1).default(6),
    /** Low-priority notifications are gathered this long, then sent as one digest. */
    digestSeconds: z.number().min(1).default(60),
    /** No pop-ups but high priority between these times; what was held comes as a digest after. */
    quietHours: z.object({ start: ClockTimeSchema, end: ClockTimeSchema }).strict().optional(),
    /** Desktop notifications (notify-send when headless); the feed is always kept. */
    desktop: z.boolean().default(true),
  })
  .strict()
  .prefault({});

/**
 * The Telegram bot (ARCHITECTURE.md, "Heartbeat, schedules, notifications"). The token is never here: it comes from TELEGRAM_BOT_TOKEN only,
 * so a committed switchyard.json can never leak it.
 */
const TelegramSchema = z
  .object({
    /** The only chats whose commands and button presses are obeyed; empty keeps the bot off. */
    allowedChatIds: z.array(z.number().int()).default([]),
    /** A Bot API server other than https://api.telegram.org (a local one, or a test stand-in). */
    apiRoot: z
      .string()
      .url()
      .transform((url) => url.replace(/\/+$/, ""))
      .optional(),
    /** Runs the bot whenever TELEGRAM_BOT_TOKEN is set; false keeps it off anyway. */
    enabled: z.boolean().default(true),
    /** The agent `/queue` gives tasks to; the first agent in `agents` (else agent-a) when absent. */
    agent: z.string().min(1).optional(),
  })
  .strict()
  .prefault({});

/**
 * Triage (README, "The always-on agent"): plain Telegram messages and the window's Ask the crew
 * box are answered from the crew's state, or turned into a task, by one cheap model call.
 */
const TriageSchema = z
  .object({
    /** False: plain messages get a pointer to the commands, and no model is called. */
    enabled: z.boolean().default(true),
    /** 0: a local Ollama; 1: Haiku through the Claude Code CLI. Default: 0 when tiers["0"].model is set. */
    tier: z.union([z.literal(0), z.literal(1)], { error: "triage runs on tier 0 or 1" }).optional(),
    /** The Ollama server tier 0 triages on. */
    url: z.string().url().default("http://127.0.0.1:11434"),
    timeoutMs: z.number().int().positive().default(60_000),
    /** The most context (status, a slice of SHARED_MIND.md, notifications) one triage sends, in characters. */
    contextChars: z.number().int().min(500).max(50_000).default(6_000),
  })
  .strict()
  .prefault({});

export const ConfigSchema = z
  .object({
    agents: z.record(z.string(), AgentSchema).default({}),
    tiers: z.partialRecord(z.enum(["0", "1", "2", "3"]), TierSchema).default({}),
    worker: WorkerSchema,
    heartbeat: HeartbeatSchema,
    locks: z
      .object({ staleAfterMinutes: z.number().positive().default(30) })
      .strict()
      .prefault({}),
    schedules: z.array(ScheduleSchema).superRefine(uniqueScheduleNames).default([]),
    notifications: NotificationsSchema,
    telegram: TelegramSchema,
    triage: TriageSchema,
    /** The dashboard's port (`switchyard daemon --port` wins); 0 picks a free one. */
    web: z
      .object({ port: z.number().int().min(0).max(65535).optional() })
      .strict()
      .prefault({}),
    costs: z
      .object({
        /** Count the operator's own Claude Code sessions (~/.claude/projects) in the meters. */
        importInteractive: z.boolean().default(true),
        claudeProjectsDir: z.string().optional(),
        /** USD per million tokens by model name (or a part of one), over the defaults in shared/prices.ts. */
        prices: z.record(z.string().min(1), ModelPriceSchema).default({}),
      })
      .strict()
      .prefault({}),
    approval: z
      .object({
        /** Tasks whose estimated cost is above this wait for the operator. */
        aboveUsd: z.number().nonnegative().default(1),
      })
      .strict()
      .prefault({}),
    /** A worker's tool call outside its permission mode asks the operator (SPEC §10). */
    permissions: z
      .object({
        /** Ask the operator; false leaves the CLI's own answer (a denial) in place. */
        askOperator: z.boolean().default(true),
        /** Unanswered for this long, a worker's request is denied (a pane's goes back to its terminal). */
        waitSeconds: z.number().positive().default(300),
      })
      .strict()
      .prefault({}),
    sharedMind: z
      .object({
        /**
         * SHARED_MIND.md keeps this many learnings, the newest; older ones move to
         * SHARED_MIND.archive.md (nothing is deleted). null keeps them all in SHARED_MIND.md.
         */
        keepLearnings: z.number().int().min(10).nullable().default(1_000),
      })
      .strict()
      .prefault({}),
    /** Two sessions or workers writing one path without a lock (SPEC §10). */
    conflicts: z
      .object({
        /** Writes to one path closer together than this are a conflict. */
        windowMinutes: z.number().positive().default(10),
      })
      .strict()
      .prefault({}),
    routing: z
      .object({
        /** Optional tier-0 classifier: a local Ollama asked for {tier, reason} as JSON. */
        classifier: z
          .object({
            url: z.string().url(),
            model: z.string(),
            timeoutMs: z.number().int().positive().default(1000),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type Config = z.infer<typeof ConfigSchema>;
export type WorkerConfig = Config["worker"];
export type TierConfig = z.infer<typeof TierSchema>;
export type ScheduleConfig = z.infer<typeof ScheduleSchema>;
export type NotificationsConfig = Config["notifications"];
export type HeartbeatConfig = Config["heartbeat"];
export type TelegramConfig = Config["telegram"];
export type TriageConfig = Config["triage"];

/** The CLI's model aliases per tier (README, "Tiers, routing, costs and approvals"); tier 0 has no default: it needs a local model. */
export const DEFAULT_TIER_MODELS: Record<number, string | undefined> = {
  0: undefined,
  1: "haiku",
  2: "sonnet",
  3: "opus",
};

/** As in the article the product grew from: local is free, Sonnet runs on the subscription. */
export const DEFAULT_TIER_BILLING: Record<number, "free" | "api" | "subscription"> = {
  0: "free",
  1: "api",
  2: "subscription",
  3: "api",
};

export const billingOf = (config: Config, tier: number): "free" | "api" | "subscription" =>
  config.tiers[String(tier) as "0"]?.billing ?? DEFAULT_TIER_BILLING[tier] ?? "api";

/** The price table this crew uses: the defaults with the config's rows over them. */
export const priceTable = (config: Config): PriceTable => ({ ...DEFAULT_PRICES, ...config.costs.prices });

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Validates the config text; problems name the key path, so the operator knows what to fix. */
export function parseConfig(text: string | undefined): ConfigResult {
  if (text === undefined || text.trim() === "") return { ok: true, config: ConfigSchema.parse({}) };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [describeJsonError(text, error as Error)] };
  }
  const parsed = ConfigSchema.safeParse(json);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, problems: parsed.error.issues.flatMap(describeIssue) };
}

const pathText = (path: readonly PropertyKey[]) => path.map(String).join(".");

/** One line per problem; an unknown key names itself and the closest valid key. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code !== "unrecognized_keys")
    return [`${pathText(issue.path) || "(top level)"}: ${issue.message}`];
  const known = knownKeysAt(ConfigSchema, issue.path);
  return issue.keys.map((key) => {
    const guess = closestName(key, known);
    return `${pathText([...issue.path, key])}: unknown key${guess ? `; did you mean "${guess}"?` : ""}`;
  });
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
};
const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def;

/** Through `.optional()`, `.default()`, `.prefault()` and transforms, to the schema that holds the keys. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
    if (!inner) return current;
    current = inner;
  }
}

/** The keys an object at `path` in the config may have (an agent's, a tier's, …). */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    const def = defOf(current);
    current =
      def.type === "object"
        ? def.shape?.[String(segment)]
        : def.type === "record"
          ? def.valueType
          : def.type === "array"
            ? def.element
            : undefined;
    if (!current) return [];
    current = unwrap(current);
  }
  const shape = defOf(current).shape;
  return shape ? Object.keys(shape) : [];
}

/** "not valid JSON at line 4, column 3: Expected double-quoted property name". */
function describeJsonError(text: string, error: Error): string {
  const position = /at position (\d+)/.exec(error.message)?.[1];
  const offset =
    position !== undefined
      ? Number(position)
      : /end of (JSON )?input/i.test(error.message)
        ? text.length
        : undefined;
  const reason = error.message
    .replace(/\s*\(line \d+ column \d+\)/, "")
    .replace(/ in JSON at position \d+/, "")
    .replace(/^Unexpected end of JSON input$/, "the file ends before the JSON does");
  if (offset === undefined) return `switchyard.json is not valid JSON: ${reason}`;
  const before = text.slice(0, offset).split("\n");
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  return `switchyard.json is not valid JSON at line ${line}, column ${column}: ${reason}`;
}
