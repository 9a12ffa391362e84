/**
 * What a worker is told. The task itself and the part of SHARED_MIND.md that bears on it are
 * in the prompt (a worker starts with an empty context, and reading them with tools costs a
 * round trip each and, for a long SHARED_MIND.md, the whole file); it names every other file
 * it needs (CLAUDE.md, the expected output, its checkpoint, the full SHARED_MIND.md) and what
 * "done" means, because the app verifies files, not words.
 */
export interface PromptInput {
  agent: string;
  taskFile: string;
  /** The task file's text (the start of it, when it is long). */
  taskText: string;
  /** The slice of SHARED_MIND.md for this task (see mind-slice.ts). */
  sharedMind: string;
  expectedOutput?: string;
  checkpoint: string;
  attempt: number;
  maxAttempts: number;
  /** Why the previous attempt ended, when this one resumes it. */
  previousFailure?: string;
}

/** The most of a task file the prompt carries; the rest is read from the file. */
export const TASK_TEXT_CHARS = 8_000;

export function workerPrompt(input: PromptInput): string {
  const task =
    input.taskText.length <= TASK_TEXT_CHARS
      ? input.taskText.trimEnd()
      : `${input.taskText.slice(0, TASK_TEXT_CHARS)}\n…(the rest is in ${input.taskFile})`;
  const lines = [
    `You are ${input.agent}, a worker in a Switchyard crew. Your working directory is the crew root.`,
    `Your task, from ${input.taskFile} (TASK says what to do; CONTEXT and any text after the header say why):`,
    "<task>",
    task,
    "</task>",
    "From SHARED_MIND.md, the crew's shared state and learnings (open the file itself if you need more):",
    "<shared-mind>",
    input.sharedMind || "(nothing yet)",
    "</shared-mind>",
    "Read CLAUDE.md if it exists.",
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
