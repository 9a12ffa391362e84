/**
 * Node module-resolution hooks (module.register) for running the compiled main process with
 * the Electron double: the bare name "electron" resolves to electron.ts in this folder, and
 * the double's TypeScript is compiled on load with the project's own TypeScript (no build step,
 * so the double is the same source the typechecker reads). Nothing else is touched.
 */
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

export async function load(url, context, nextLoad) {
  if (!url.startsWith(HERE) || !url.endsWith(".ts")) return nextLoad(url, context);
  const source = await readFile(new URL(url), "utf8");
  const { outputText } = ts.transpileModule(source, {
    fileName: url,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, sourceMap: false },
  });
  return { format: "module", source: outputText, shortCircuit: true };
}
