/**
 * What a worker is told. It names every file the worker needs (task, SHARED_MIND.md,
 * CLAUDE.md, the expected output, its checkpoint) and what "done" means, because the worker
 * starts with an empty context and the app verifies files, not words.
 */
export interface PromptInput {
  agent: string;
  taskFile: string;
  expectedOutput?: string;
  checkpoint: string;
  attempt: number;
  maxAttempts: number;
  /** Why the previous attempt ended, when this one resumes it. */
  previousFailure?: string;
}

export function workerPrompt(input: PromptInput): string {
  const lines = [
    `You are ${input.agent}, a worker in a Switchyard crew. Your working directory is the crew root.`,
    `Your task is in ${input.taskFile}: read it first. TASK says what to do; CONTEXT and any text after the header say why.`,
    "Read SHARED_MIND.md for the crew's shared state and learnings, and CLAUDE.md if it exists.",
    input.expectedOutput
      ? `Write your result to ${input.expectedOutput}. The task counts as done only if that file exists and is not empty when you exit.`
      : "The task names no output file: do the work, then report what you did.",
    `Write short progress notes to ${input.checkpoint} as you go, so an interrupted run can resume from them.`,
    "Do not move or edit task files and do not edit SHARED_MIND.md's ACTIVE STATE: Switchyard archives the task and records what happened once it has verified your output.",
    "When finished, reply with one line that states the result.",
  ];
  if (input.previousFailure)
    lines.unshift(
      `This is attempt ${input.attempt} of ${input.maxAttempts}. The previous attempt stopped: ${input.previousFailure}. Read ${input.checkpoint} (if it exists) and continue from there instead of starting over.`,
    );
  return lines.join("\n");
}
