/**
 * The smallest Model Context Protocol server that Claude Code accepts over stdio: newline-
 * delimited JSON-RPC 2.0 with `initialize`, `ping`, `tools/list` and `tools/call`, and
 * cancellation. Written by hand rather than with @modelcontextprotocol/sdk because the
 * permission prompt needs one tool and starts with every worker: the SDK would add a
 * dependency tree and its start-up time for five message types.
 */
import { createInterface } from "node:readline";

export interface McpTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  /** The tool's answer as text; an abort means the client cancelled the call (or went away). */
  call(args: Record<string, unknown>, signal: AbortSignal): Promise<string>;
}

export interface McpServerOptions {
  name: string;
  version: string;
  tools: McpTool[];
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Newest first; a client asking for another version gets the newest (it may then disconnect). */
const PROTOCOL_VERSIONS = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];

type Id = string | number;
interface Message {
  jsonrpc?: string;
  id?: Id | null;
  method?: string;
  params?: Record<string, unknown>;
}

const METHOD_NOT_FOUND = -32601;
const PARSE_ERROR = -32700;
const INVALID_PARAMS = -32602;

/** Serves until the input ends; every call still running is then cancelled, and awaited. */
export function serveMcp(options: McpServerOptions): Promise<void> {
  const running = new Map<Id, AbortController>();
  const calls = new Set<Promise<void>>();
  const send = (message: object) =>
    options.output.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
  const reply = (id: Id, result: object) => send({ id, result });
  const fail = (id: Id | null, code: number, message: string) => send({ id, error: { code, message } });

  async function callTool(id: Id, params: Record<string, unknown>): Promise<void> {
    const tool = options.tools.find((candidate) => candidate.name === params.name);
    if (!tool) {
      fail(id, INVALID_PARAMS, `no tool named ${String(params.name)}`);
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    try {
      const args = (params.arguments ?? {}) as Record<string, unknown>;
      const text = await tool.call(args, controller.signal);
      if (!controller.signal.aborted) reply(id, { content: [{ type: "text", text }] });
    } catch (error) {
      if (!controller.signal.aborted)
        reply(id, { content: [{ type: "text", text: (error as Error).message }], isError: true });
    } finally {
      running.delete(id);
    }
  }

  function receive(message: Message): void {
    const { id, method, params = {} } = message;
    if (method === "notifications/cancelled") {
      running.get(params.requestId as Id)?.abort();
      return;
    }
    if (id === undefined || id === null) return; // any other notification needs no answer
    if (method === "initialize") {
      const asked = String(params.protocolVersion ?? "");
      reply(id, {
        protocolVersion: PROTOCOL_VERSIONS.includes(asked) ? asked : PROTOCOL_VERSIONS[0],
        capabilities: { tools: {} },
        serverInfo: { name: options.name, version: options.version },
      });
    } else if (method === "ping") reply(id, {});
    else if (method === "tools/list")
      reply(id, {
        tools: options.tools.map(({ name, description, inputSchema }) => ({
          name,
          description,
          inputSchema,
        })),
      });
    else if (method === "tools/call") {
      const call = callTool(id, params).finally(() => calls.delete(call));
      calls.add(call);
    } else fail(id, METHOD_NOT_FOUND, `no method ${String(method)}`);
  }

  return new Promise((resolve) => {
    const lines = createInterface({ input: options.input, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on("line", (line) => {
      if (!line.trim()) return;
      let message: Message;
      try {
        message = JSON.parse(line) as Message;
      } catch {
        return fail(null, PARSE_ERROR, "not JSON");
      }
      receive(message);
    });
    lines.on("close", () => {
      for (const controller of running.values()) controller.abort();
      void Promise.allSettled(calls).then(() => resolve());
    });
  });
}
