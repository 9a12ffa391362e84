import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveClaudeCommand } from "../../../core/engine/claude-command.js";
import { PACKAGE_ROOT, SWITCHYARD_BIN } from "../../../core/package-root.js";
import { REPO_ROOT } from "../../support/cli-process.js";

describe("where the worker's Claude Code comes from", () => {
  it("is the copy this package installed when none is on PATH", () => {
    expect(resolveClaudeCommand({ PATH: "/nowhere" })).toBe(
      join(REPO_ROOT, "node_modules", ".bin", "claude"),
    );
  });

  it("finds the package from source and from dist/ alike", () => {
    expect(`${PACKAGE_ROOT}/`).toBe(REPO_ROOT);
    expect(SWITCHYARD_BIN).toBe(join(REPO_ROOT, "bin", "switchyard.js"));
  });
});
