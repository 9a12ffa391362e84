/**
 * The layer map of docs/ARCHITECTURE.md is enforced by the linter (biome.json's overrides of
 * noRestrictedImports). These tests lint deliberate breaches with the project's own biome.json
 * in a scratch folder, so a rule that stops biting fails here, not in review.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../cli/run-cli.js";

const BIOME = join(REPO, "node_modules/.bin/biome");

/** Each scratch file imports one thing from one layer; the value says whether the linter must refuse it. */
const CASES: { file: string; imports: string; refused: boolean }[] = [
  { file: "shared/a.ts", imports: "node:fs/promises", refused: true },
  { file: "shared/b.ts", imports: "path", refused: true },
  { file: "shared/c.ts", imports: "../core/engine/engine.js", refused: true },
  { file: "shared/d.ts", imports: "electron", refused: true },
  { file: "shared/e.ts", imports: "zod", refused: false },
  { file: "renderer/views/a.ts", imports: "node:path", refused: true },
  { file: "renderer/views/b.ts", imports: "../../core/crew-service.js", refused: true },
  { file: "renderer/views/c.ts", imports: "../../hosts/headless/host.js", refused: true },
  { file: "renderer/views/d.ts", imports: "../../electron/tray-state.js", refused: true },
  { file: "renderer/views/e.ts", imports: "../../shared/bridge.js", refused: false },
  { file: "core/engine/a.ts", imports: "electron", refused: true },
  { file: "core/engine/b.ts", imports: "../../electron/tray-state.js", refused: true },
  { file: "core/engine/c.ts", imports: "../../renderer/format.js", refused: true },
  { file: "core/engine/d.ts", imports: "../../cli/main.js", refused: true },
  { file: "core/engine/e.ts", imports: "../../hosts/headless/host.js", refused: true },
  { file: "core/engine/f.ts", imports: "node:fs/promises", refused: false },
  { file: "core/engine/g.ts", imports: "../../shared/config.js", refused: false },
  { file: "cli/commands/a.ts", imports: "electron", refused: true },
  { file: "hosts/headless/a.ts", imports: "../../renderer/format.js", refused: true },
  { file: "electron/a.ts", imports: "../core/crew-service.js", refused: false },
];

let scratch: string;
let refusedFiles: Set<string>;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "switchyard-layers-"));
  cpSync(join(REPO, "biome.json"), join(scratch, "biome.json"));
  for (const { file, imports } of CASES) {
    mkdirSync(join(scratch, dirname(file)), { recursive: true });
    writeFileSync(
      join(scratch, file),
      `import * as imported from "${imports}";\n\nexport const used = imported;\n`,
    );
  }
  const lint = await execa(BIOME, ["lint", "--reporter=json", "--vcs-enabled=false", "."], {
    cwd: scratch,
    reject: false,
  });
  const report = JSON.parse(lint.stdout) as {
    diagnostics: { category: string; location: { path: string } }[];
  };
  refusedFiles = new Set(
    report.diagnostics
      .filter((diagnostic) => diagnostic.category === "lint/style/noRestrictedImports")
      .map((diagnostic) => diagnostic.location.path),
  );
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the layer rules", () => {
  for (const { file, imports, refused } of CASES)
    it(`${refused ? "refuses" : "allows"} ${imports} in ${dirname(file)}/`, () => {
      expect(refusedFiles.has(file)).toBe(refused);
    });
});
