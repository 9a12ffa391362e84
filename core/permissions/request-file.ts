/**
 * A permission request file as the host reads it (the asker writes it without zod, see
 * permission-files.ts), and the requests waiting now, for `status` when no host runs.
 */
import { readdir } from "node:fs/promises";
import { z } from "zod";
import { type PermissionRequest, PermissionRequestSchema } from "../../shared/sessions.js";
import { crewPaths } from "../crew-root.js";
import { isPidAlive } from "../process/pid.js";
import { REQUEST_SUFFIX, readJsonFile } from "./permission-files.js";

/** What the window sees of a request, plus what only the host needs: the tool call's id and who asks. */
export const RequestFileSchema = PermissionRequestSchema.extend({
  id: z.string().regex(/^[\w-]+$/),
  toolUseId: z.string().optional(),
  askerPid: z.number(),
});
export type RequestFile = z.infer<typeof RequestFileSchema>;

/** Requests waiting now, read from the files (for `status` when no host runs). */
export async function readPendingRequests(root: string, now = new Date()): Promise<PermissionRequest[]> {
  const dir = crewPaths(root).permissions;
  const names = (await readdir(dir).catch(() => [] as string[])).filter(
    (name) => !name.startsWith(".") && name.endsWith(REQUEST_SUFFIX),
  );
  const requests = await Promise.all(
    names.map(async (name) => RequestFileSchema.safeParse(await readJsonFile(`${dir}/${name}`))),
  );
  return requests
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
    .filter((request) => isPidAlive(request.askerPid) && Date.parse(request.expiresAt) > now.getTime())
    .map(({ askerPid: _pid, toolUseId: _toolUse, ...shown }) => shown)
    .sort((a, b) => a.at.localeCompare(b.at));
}
