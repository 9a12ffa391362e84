/**
 * Evidence must be inside the crew root all the way down: a symlink anywhere on the path (not
 * only the last name) that leads out of the root is caught, when verifying a result and when
 * previewing one in the task detail.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { verifyOutput } from "../../../core/engine/verify-output.js";
import { readTaskDetail } from "../../../core/tasks/task-detail.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";

let crew: CrewFixture | undefined;
let outside: string | undefined;
afterEach(async () => {
  await crew?.cleanup();
  if (outside) await rm(outside, { recursive: true, force: true });
  crew = outside = undefined;
});

describe("output verification and previews", () => {
  it("does not verify an output reached through a symlinked folder that leads out of the root", async () => {
    crew = await makeCrew();
    await symlink("/etc", join(crew.root, "outputs/etc-dir"));
    expect(await verifyOutput(crew.root, "outputs/etc-dir/passwd")).toEqual({
      ok: false,
      reason: "outputs/etc-dir/passwd leads outside the crew root",
    });
  });

  it("still verifies an output reached through a symlink that stays inside the root", async () => {
    crew = await makeCrew();
    await mkdir(join(crew.root, "outputs/real"));
    await writeFile(join(crew.root, "outputs/real/report.md"), "# done\n");
    await symlink(join(crew.root, "outputs/real"), join(crew.root, "outputs/alias"));
    expect(await verifyOutput(crew.root, "outputs/alias/report.md")).toEqual({ ok: true, bytes: 7 });
  });

  it("previews nothing from outside the root in the task detail", async () => {
    crew = await makeCrew();
    outside = await mkdtemp(join(tmpdir(), "switchyard-outside-"));
    await writeFile(join(outside, "secret.txt"), "the neighbour's secret\n");
    await symlink(outside, join(crew.root, "outputs/elsewhere"));
    await writeFile(
      join(crew.root, "coordination/completed/peek.md"),
      "TASK: peek\nEXPECTED_OUTPUT: outputs/elsewhere/secret.txt\n",
    );
    const detail = await readTaskDetail(crew.root, "peek");
    expect(detail?.text).toContain("TASK: peek");
    expect(detail?.outputPreview).toBeUndefined();
  });
});
