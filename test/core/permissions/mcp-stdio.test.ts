/** The permission prompt's MCP server speaks just enough of the protocol for Claude Code. */
import { PassThrough } from "node:stream";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { serveMcp } from "../../../core/permissions/mcp-stdio.js";

function server() {
  const input = new PassThrough();
  const output = new PassThrough();
  const replies: Record<string, unknown>[] = [];
  createInterface({ input: output }).on("line", (line) => replies.push(JSON.parse(line)));
  const aborted: string[] = [];
  const served = serveMcp({
    name: "switchyard",
    version: "1",
    input,
    output,
    tools: [
      {
        name: "ask_operator",
        description: "asks",
        inputSchema: { type: "object" },
        call: (args, signal) =>
          new Promise((resolve) => {
            if (args.wait)
              signal.addEventListener("abort", () => {
                aborted.push(String(args.tool_name));
                resolve("withdrawn");
              });
            else resolve(JSON.stringify({ behavior: "allow", updatedInput: args.input }));
          }),
      },
    ],
  });
  const send = (message: object) => input.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
  const reply = async (id: number) => {
    for (let tries = 0; tries < 100; tries++) {
      const found = replies.find((message) => message.id === id);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`no reply to ${id}`);
  };
  return { input, send, reply, replies, aborted, served };
}

describe("the permission prompt's MCP server", () => {
  it("initializes with the client's protocol version, lists its tool and answers a call", async () => {
    const { send, reply, input, served } = server();
    send({
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "claude-code" } },
    });
    expect(await reply(0)).toMatchObject({
      result: {
        protocolVersion: "2025-06-18",
        capabilities: { tools: {} },
        serverInfo: { name: "switchyard" },
      },
    });
    send({ method: "notifications/initialized" });
    send({ id: 1, method: "tools/list" });
    expect(((await reply(1)).result as { tools: { name: string }[] }).tools.map((tool) => tool.name)).toEqual(
      ["ask_operator"],
    );
    send({
      id: 2,
      method: "tools/call",
      params: { name: "ask_operator", arguments: { tool_name: "Bash", input: { command: "ls" } } },
    });
    expect(await reply(2)).toMatchObject({
      result: { content: [{ type: "text", text: '{"behavior":"allow","updatedInput":{"command":"ls"}}' }] },
    });
    send({ id: 3, method: "ping" });
    expect(await reply(3)).toMatchObject({ result: {} });
    input.end();
    await served;
  });

  it("answers an unknown method and a line that is not JSON with JSON-RPC errors", async () => {
    const { send, reply, input, replies, served } = server();
    send({ id: 7, method: "resources/list" });
    expect(await reply(7)).toMatchObject({ error: { code: -32601 } });
    input.write("{nope\n");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(replies.at(-1)).toMatchObject({ id: null, error: { code: -32700 } });
    input.end();
    await served;
  });

  it("cancels a waiting call when the client cancels it or goes away", async () => {
    const { send, input, aborted, served } = server();
    send({
      id: 1,
      method: "tools/call",
      params: { name: "ask_operator", arguments: { tool_name: "Bash", wait: true } },
    });
    send({
      id: 2,
      method: "tools/call",
      params: { name: "ask_operator", arguments: { tool_name: "Write", wait: true } },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    send({ method: "notifications/cancelled", params: { requestId: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(aborted).toEqual(["Bash"]);
    input.end();
    await served;
    expect(aborted).toEqual(["Bash", "Write"]);
  });
});
