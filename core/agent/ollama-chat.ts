/**
 * Tier 0 for the always-on agent: one non-streaming `/api/chat` call to a local Ollama, asked
 * for JSON. Returns the content with the token counts Ollama reports, so even free calls are
 * counted against the heartbeat's daily token cap.
 */
import { z } from "zod";
import type { ChatAnswer } from "./model-call.js";

const ChatReply = z.object({
  message: z.object({ content: z.string() }),
  prompt_eval_count: z.number().optional(),
  eval_count: z.number().optional(),
});

export interface OllamaChatRequest {
  url: string;
  model: string;
  system: string;
  user: string;
  timeoutMs: number;
}

/** Ollama does not always report counts (an older server): about four characters a token. */
const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export async function ollamaChat(request: OllamaChatRequest): Promise<ChatAnswer> {
  let response: Response;
  try {
    response = await fetch(new URL("/api/chat", request.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: request.model,
        stream: false,
        format: "json",
        messages: [
          { role: "system", content: request.system },
          { role: "user", content: request.user },
        ],
      }),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    if ((error as Error).name === "TimeoutError")
      throw new Error(`Ollama at ${request.url} gave no answer within ${request.timeoutMs} ms`);
    throw new Error(
      `Ollama at ${request.url} cannot be reached (${(error as Error).message}); is it running?`,
    );
  }
  if (!response.ok) throw new Error(`Ollama at ${request.url} answered HTTP ${response.status}`);
  const reply = ChatReply.safeParse(await response.json().catch(() => undefined));
  if (!reply.success) throw new Error("Ollama's reply had no message");
  const text = reply.data.message.content;
  return {
    text,
    inputTokens: reply.data.prompt_eval_count ?? estimateTokens(request.system + request.user),
    outputTokens: reply.data.eval_count ?? estimateTokens(text),
  };
}
