/**
 * The one price table: USD per million tokens by model, so a running worker's cost can be
 * estimated from the usage it streams (the CLI's own figure replaces the estimate when it ends),
 * and interactive sessions that report tokens but no cost are priced the same way. `costs.prices`
 * in switchyard.json adds models or overrides these. A model no row matches (a local model) is free.
 */
import { z } from "zod";

export const ModelPriceSchema = z
  .object({
    inputPerMTok: z.number().nonnegative(),
    outputPerMTok: z.number().nonnegative(),
    /** Writing the prompt cache; 1.25 × input when absent. */
    cacheWritePerMTok: z.number().nonnegative().optional(),
    /** Reading the prompt cache; 0.1 × input when absent. */
    cacheReadPerMTok: z.number().nonnegative().optional(),
  })
  .strict();
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

/** Keyed by a model name or a part of one ("sonnet" prices claude-sonnet-4-5 and the alias sonnet). */
export type PriceTable = Record<string, ModelPrice>;

export const DEFAULT_PRICES: PriceTable = {
  haiku: { inputPerMTok: 1, outputPerMTok: 5 },
  sonnet: { inputPerMTok: 3, outputPerMTok: 15 },
  opus: { inputPerMTok: 15, outputPerMTok: 75 },
};

export interface TokenUsage {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

export const noTokens = (): TokenUsage => ({ input: 0, output: 0, cacheWrite: 0, cacheRead: 0 });

/** The row for a model: its exact name, else the longest key its name contains. */
export function priceOf(model: string, table: PriceTable): ModelPrice | undefined {
  const name = model.toLowerCase();
  const exact = Object.entries(table).find(([key]) => key.toLowerCase() === name);
  if (exact) return exact[1];
  const partial = Object.entries(table)
    .filter(([key]) => name.includes(key.toLowerCase()))
    .sort(([a], [b]) => b.length - a.length);
  return partial[0]?.[1];
}

export function priceTokens(model: string, usage: TokenUsage, table: PriceTable): number {
  const price = priceOf(model, table);
  if (!price) return 0;
  const cacheWrite = price.cacheWritePerMTok ?? price.inputPerMTok * 1.25;
  const cacheRead = price.cacheReadPerMTok ?? price.inputPerMTok * 0.1;
  return (
    (usage.input * price.inputPerMTok +
      usage.output * price.outputPerMTok +
      usage.cacheWrite * cacheWrite +
      usage.cacheRead * cacheRead) /
    1_000_000
  );
}

/** What usage per model costs under the table. */
export const priceUsage = (byModel: Record<string, TokenUsage>, table: PriceTable): number =>
  Object.entries(byModel).reduce((sum, [model, usage]) => sum + priceTokens(model, usage, table), 0);
