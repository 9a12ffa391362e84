/** What the always-on agent's model clients (tier 0 Ollama, tier 1 the Claude Code CLI) answer. */

export interface ChatAnswer {
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** USD, as reported; a local model costs nothing. */
  costUsd?: number;
  sessionId?: string;
  usage?: Record<string, unknown>;
  modelUsage?: Record<string, unknown>;
}

/** A model call that failed; `spent` is what it cost anyway, when the model answered something. */
export class ModelCallError extends Error {
  constructor(
    message: string,
    readonly spent?: ChatAnswer,
  ) {
    super(message);
  }
}
