/**
 * The optional tier-0 classifier: a local Ollama model answers which tier a task needs, as
 * JSON through `/api/chat`. Anything slow or odd is an error value, so routing falls back
 * to the rules within the configured timeout (1 s by default) instead of waiting.
 */
import { z } from "zod";
import type { TaskFields } from "../../shared/task-file.js";
import type { Classifier } from "./router.js";

const SYSTEM_PROMPT = [
  'You route tasks for a crew of AI coding agents. Answer only JSON: {"tier": 0-3, "reason": "<short>"}.',
  "Tier 0-1: read, summarize, classify, extract, format, decide between given options.",
  "Tier 2: multi-step building, novel writing, judgement calls.",
  "Tier 3: highest stakes, irreversible or costly actions.",
].join("\n");

const ChatReply = z.object({ message: z.object({ content: z.string() }) });
const Verdict = z.object({ tier: z.coerce.number().int().min(0).max(3), reason: z.string().default("") });

export function ollamaClassifier(options: { url: string; model: string; timeoutMs: number }): Classifier {
  return async (fields: TaskFields) => {
    try {
      const response = await fetch(new URL("/api/chat", options.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: options.model,
          stream: false,
          format: "json",
          messages: [
            { role: "system", content: SYSTEM_PROMPT },
            { role: "user", content: [fields.task, fields.context].filter(Boolean).join("\n\n") },
          ],
        }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!response.ok) return { error: `Ollama answered HTTP ${response.status}` };
      const reply = ChatReply.safeParse(await response.json());
      if (!reply.success) return { error: "Ollama's reply had no message" };
      const verdict = Verdict.safeParse(JSON.parse(reply.data.message.content));
      if (!verdict.success) return { error: "the classifier's JSON had no tier 0-3" };
      return { tier: verdict.data.tier, reason: verdict.data.reason || `tier ${verdict.data.tier}` };
    } catch (error) {
      const name = (error as Error).name;
      if (name === "TimeoutError") return { error: `no answer within ${options.timeoutMs} ms` };
      return { error: (error as Error).message };
    }
  };
}
