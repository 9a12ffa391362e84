/**
 * Node module-resolution hooks (module.register) for running the compiled main process with
 * the Electron double: the bare name "electron" resolves to electron.ts in this folder, and
 * the double's TypeScript is compiled on load with the project's own TypeScript (no build step,
 * so the double is the same source the typechecker reads). Nothing else is touched; with
 * ELECTRON_DOUBLE_MODULE_LOG set, every module file imported is noted there.
 */
import { appendFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import ts from "typescript";

const DOUBLE = new URL("./electron.ts", import.meta.url).href;
const HERE = new URL("./", import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "electron") return { url: DOUBLE, shortCircuit: true };
  // The double's sources import each other as ".js", as compiled TypeScript does.
  if (context.parentURL?.startsWith(HERE) && specifier.startsWith("./") && specifier.endsWith(".js"))
    return { url: new URL(specifier.replace(/\.js$/, ".ts"), context.parentURL).href, shortCircuit: true };
  return nextResolve(specifier, context);
}

/** Where to note every module file loaded through import (the packaging test reads it). */
const MODULE_LOG = process.env.ELECTRON_DOUBLE_MODULE_LOG;

export async function load(url, context, nextLoad) {
  if (MODULE_LOG && url.startsWith("file:")) appendFileSync(MODULE_LOG, `${url}\n`);
  if (!url.startsWith(HERE) || !url.endsWith(".ts")) return nextLoad(url, context);
  const source = await readFile(new URL(url), "utf8");
  const { outputText } = ts.transpileModule(source, {
    fileName: url,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, sourceMap: false },
  });
  return { format: "module", source: outputText, shortCircuit: true };
}
