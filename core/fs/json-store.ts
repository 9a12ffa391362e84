/**
 * A small JSON file of the app's own under `.switchyard/` (dismissed alerts, budget raises):
 * validated when read, a missing file is the empty value, and writes are read-modify-write,
 * one at a time per file in this process, replaced atomically.
 */
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { z } from "zod";
import { writeAtomic } from "./atomic-write.js";
import { isMissing, readIfExists } from "./read-if-exists.js";

const queues = new Map<string, Promise<unknown>>();

export class JsonStore<T> {
  private readonly path: string;

  constructor(
    path: string,
    private readonly schema: z.ZodType<T>,
    private readonly empty: () => T,
  ) {
    this.path = resolve(path);
  }

  async read(): Promise<T> {
    return this.parse(await readIfExists(this.path));
  }

  /** For the few places that must know at once, before anything async (a config read). */
  readSync(): T {
    try {
      return this.parse(readFileSync(this.path, "utf8"));
    } catch (error) {
      if (isMissing(error)) return this.empty();
      throw error;
    }
  }

  update(change: (value: T) => void): Promise<T> {
    const previous = queues.get(this.path) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const value = await this.read();
        change(value);
        await mkdir(dirname(this.path), { recursive: true });
        await writeAtomic(this.path, `${JSON.stringify(value, null, 2)}\n`, { durable: false });
        return value;
      });
    queues.set(this.path, next);
    return next;
  }

  private parse(text: string | undefined): T {
    if (text === undefined) return this.empty();
    try {
      return this.schema.parse(JSON.parse(text));
    } catch (error) {
      throw new Error(`${this.path} is unreadable (${(error as Error).message}); fix or delete it`);
    }
  }
}
