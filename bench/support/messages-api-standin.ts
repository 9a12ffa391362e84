/**
 * A local stand-in for the Anthropic Messages API, good enough for the real `claude` CLI
 * (pointed at it with ANTHROPIC_BASE_URL) to run a full agent loop without any network.
 *
 * Tests decide how each main-loop request is answered with a `script`; everything else the
 * CLI sends (HEAD preconnects, count_tokens, tool-less side calls) gets a harmless answer so
 * it cannot derail the script. See test/support/README.md for what the CLI actually sends.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** Token counts the stand-in reports; the CLI prices them, so nonzero values give a nonzero cost. */
export interface StandinUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

export const DEFAULT_USAGE: StandinUsage = { input_tokens: 1200, output_tokens: 80 };

export type StandinReply =
  /** A final answer: the CLI ends the turn and reports `text` as the `result`. */
  | { kind: "text"; text: string; usage?: StandinUsage }
  /** Ask the CLI to run one of its tools; it answers with a new request carrying a tool_result. */
  | {
      kind: "tool_use";
      name: string;
      input: Record<string, unknown>;
      /** Optional text block emitted before the tool call (the model "thinking aloud"). */
      preamble?: string;
      id?: string;
      usage?: StandinUsage;
    }
  /** Send headers and message_start, then nothing, keeping the socket open until close(). */
  | { kind: "hang" }
  /**
   * An HTTP error. By default `x-should-retry: false` is sent so the CLI fails at once instead
   * of retrying with backoff (it retries 401/408/409/429/5xx otherwise).
   */
  | { kind: "error"; status: number; errorType?: string; message?: string; retry?: boolean };

export interface ToolResultSummary {
  toolUseId: string;
  isError: boolean;
  text: string;
}

export type RequestKind = "main" | "side" | "count_tokens" | "other";

export interface ParsedRequest {
  method: string;
  /** Path without the query string (the CLI calls `/v1/messages?beta=true`). */
  path: string;
  query: string;
  kind: RequestKind;
  model: string | undefined;
  stream: boolean;
  hasTools: boolean;
  toolNames: string[];
  /** Text of the last user message, without the CLI's injected `<system-reminder>` blocks. */
  lastUserText: string;
  /** tool_result blocks in the last user message: non-empty when the CLI reports a tool run. */
  toolResults: ToolResultSummary[];
  /** JSON schema from `output_config.format` (structured output, used by the title side call). */
  outputSchema: unknown;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** Size of the body as sent, in UTF-8 bytes: what the CLI pays to send (bench/context.ts). */
  bodyBytes: number;
}

export type StandinScript = (
  request: ParsedRequest,
  callIndex: number,
) => StandinReply | Promise<StandinReply>;

export interface StandinOptions {
  /** Answers main-loop requests; callIndex counts main-loop requests only, from 0. */
  script: StandinScript;
  /** Answers side requests (no tools, e.g. title generation). Defaults to a short text reply. */
  sideScript?: (request: ParsedRequest) => StandinReply | Promise<StandinReply>;
}

export interface Standin {
  /** Base URL for ANTHROPIC_BASE_URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Every request received, in arrival order (including HEAD preconnects and side calls). */
  requests: ParsedRequest[];
  /** Main-loop requests only. */
  mainRequests(): ParsedRequest[];
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Request parsing
// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function contentBlocks(content: unknown): Json[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? content.filter(isObject) : [];
}

function blockText(block: Json): string {
  if (block.type === "text" && typeof block.text === "string") return block.text;
  return "";
}

// The CLI prepends context (date, CLAUDE.md, ...) as <system-reminder> text blocks; tests care
// about what the user actually asked.
function userText(blocks: Json[]): string {
  return blocks
    .map(blockText)
    .filter((text) => text.length > 0 && !text.trimStart().startsWith("<system-reminder>"))
    .join("\n")
    .trim();
}

function toolResultText(content: unknown): string {
  return contentBlocks(content).map(blockText).join("\n");
}

function summarizeToolResults(blocks: Json[]): ToolResultSummary[] {
  return blocks
    .filter((block) => block.type === "tool_result")
    .map((block) => ({
      toolUseId: String(block.tool_use_id ?? ""),
      isError: block.is_error === true,
      text: toolResultText(block.content),
    }));
}

function lastUserBlocks(body: Json): Json[] {
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
  const lastUser = messages.filter((message) => message.role === "user").at(-1);
  return lastUser ? contentBlocks(lastUser.content) : [];
}

function outputSchemaOf(body: Json): unknown {
  const config = isObject(body.output_config) ? body.output_config : {};
  const format = isObject(config.format) ? config.format : {};
  return format.type === "json_schema" ? format.schema : undefined;
}

function toolNamesOf(body: Json): string[] {
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObject) : [];
  return tools.map((tool) => String(tool.name ?? ""));
}

// The agent loop always offers tools; the CLI's side calls (session titles) send `tools: []`.
// Model is no help: with --model sonnet the title call also uses the main model.
function classify(method: string, path: string, hasTools: boolean): RequestKind {
  if (method !== "POST") return "other";
  if (path === "/v1/messages/count_tokens") return "count_tokens";
  if (path !== "/v1/messages") return "other";
  return hasTools ? "main" : "side";
}

export function parseRequest(
  method: string,
  rawUrl: string,
  headers: http.IncomingHttpHeaders,
  rawBody: string,
): ParsedRequest {
  const url = new URL(rawUrl, "http://standin.invalid");
  let body: unknown = null;
  try {
    body = rawBody ? JSON.parse(rawBody) : null;
  } catch {
    body = rawBody;
  }
  const json = isObject(body) ? body : {};
  const blocks = lastUserBlocks(json);
  const toolNames = toolNamesOf(json);
  return {
    method,
    path: url.pathname,
    query: url.search,
    kind: classify(method, url.pathname, toolNames.length > 0),
    model: typeof json.model === "string" ? json.model : undefined,
    stream: json.stream === true,
    hasTools: toolNames.length > 0,
    toolNames,
    lastUserText: userText(blocks),
    toolResults: summarizeToolResults(blocks),
    outputSchema: outputSchemaOf(json),
    headers,
    body,
    bodyBytes: Buffer.byteLength(rawBody, "utf8"),
  };
}

// ---------------------------------------------------------------------------------------------
// Response building
// ---------------------------------------------------------------------------------------------

interface PlannedMessage {
  id: string;
  model: string;
  content: Json[];
  stopReason: "end_turn" | "tool_use";
  usage: StandinUsage;
}

function fullUsage(usage: StandinUsage): Required<StandinUsage> {
  return { cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...usage };
}

function planMessage(reply: StandinReply & { kind: "text" | "tool_use" }, model: string): PlannedMessage {
  const id = `msg_standin_${randomUUID().replaceAll("-", "")}`;
  if (reply.kind === "text") {
    return {
      id,
      model,
      content: [{ type: "text", text: reply.text }],
      stopReason: "end_turn",
      usage: reply.usage ?? DEFAULT_USAGE,
    };
  }
  const toolUse = {
    type: "tool_use",
    id: reply.id ?? `toolu_standin_${randomUUID().replaceAll("-", "").slice(0, 20)}`,
    name: reply.name,
    input: reply.input,
  };
  const preamble = reply.preamble ? [{ type: "text", text: reply.preamble }] : [];
  return {
    id,
    model,
    content: [...preamble, toolUse],
    stopReason: "tool_use",
    usage: reply.usage ?? DEFAULT_USAGE,
  };
}

function messageJson(plan: PlannedMessage): Json {
  return {
    id: plan.id,
    type: "message",
    role: "assistant",
    model: plan.model,
    content: plan.content,
    stop_reason: plan.stopReason,
    stop_sequence: null,
    usage: fullUsage(plan.usage),
  };
}

function sseEvent(type: string, data: Json): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

function messageStartEvent(plan: Pick<PlannedMessage, "id" | "model" | "usage">): string {
  // Real API: message_start carries the input tokens and a placeholder output count of 1.
  const usage = { ...fullUsage(plan.usage), output_tokens: 1 };
  const message = {
    id: plan.id,
    type: "message",
    role: "assistant",
    model: plan.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage,
  };
  return sseEvent("message_start", { message });
}

function blockEvents(block: Json, index: number): string[] {
  if (block.type === "tool_use") {
    const start = { ...block, input: {} };
    return [
      sseEvent("content_block_start", { index, content_block: start }),
      sseEvent("content_block_delta", {
        index,
        delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) },
      }),
      sseEvent("content_block_stop", { index }),
    ];
  }
  return [
    sseEvent("content_block_start", { index, content_block: { type: "text", text: "" } }),
    sseEvent("content_block_delta", { index, delta: { type: "text_delta", text: blockText(block) } }),
    sseEvent("content_block_stop", { index }),
  ];
}

export function sseBody(plan: PlannedMessage): string {
  return [
    messageStartEvent(plan),
    sseEvent("ping", {}),
    ...plan.content.flatMap(blockEvents),
    sseEvent("message_delta", {
      delta: { stop_reason: plan.stopReason, stop_sequence: null },
      usage: { output_tokens: plan.usage.output_tokens },
    }),
    sseEvent("message_stop", {}),
  ].join("");
}

const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache" };

function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: Json = {}): void {
  const headers = {
    "content-type": "application/json",
    "request-id": `req_standin_${randomUUID()}`,
    ...extra,
  };
  res.writeHead(status, headers as http.OutgoingHttpHeaders);
  res.end(JSON.stringify(body));
}

function sendError(res: http.ServerResponse, reply: StandinReply & { kind: "error" }): void {
  const body = {
    type: "error",
    error: { type: reply.errorType ?? "api_error", message: reply.message ?? "stand-in error" },
  };
  sendJson(res, reply.status, body, { "x-should-retry": reply.retry ? "true" : "false" });
}

function sendHang(res: http.ServerResponse, model: string): void {
  res.writeHead(200, SSE_HEADERS);
  res.write(messageStartEvent({ id: `msg_standin_hang_${randomUUID()}`, model, usage: DEFAULT_USAGE }));
  // Deliberately never end: close() destroys the socket.
}

function sendReply(res: http.ServerResponse, request: ParsedRequest, reply: StandinReply): void {
  const model = request.model ?? "claude-standin";
  if (reply.kind === "error") {
    sendError(res, reply);
  } else if (reply.kind === "hang") {
    sendHang(res, model);
  } else if (!request.stream) {
    sendJson(res, 200, messageJson(planMessage(reply, model)));
  } else {
    res.writeHead(200, SSE_HEADERS);
    res.end(sseBody(planMessage(reply, model)));
  }
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

// Minimal value of the right shape, so structured-output side calls get parseable JSON.
function sampleForSchema(schema: unknown): unknown {
  if (!isObject(schema)) return "Stand-in";
  switch (schema.type) {
    case "object": {
      const properties = isObject(schema.properties) ? schema.properties : {};
      return Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, sampleForSchema(value)]),
      );
    }
    case "array":
      return [];
    case "number":
    case "integer":
      return 0;
    case "boolean":
      return false;
    default:
      return "Stand-in session";
  }
}

export function defaultSideReply(request: ParsedRequest): StandinReply {
  const text =
    request.outputSchema === undefined ? "OK" : JSON.stringify(sampleForSchema(request.outputSchema));
  return { kind: "text", text, usage: { input_tokens: 50, output_tokens: 8 } };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function estimateTokens(body: unknown): number {
  return Math.max(1, Math.ceil(JSON.stringify(body ?? "").length / 4));
}

export async function startMessagesStandin(options: StandinOptions): Promise<Standin> {
  const requests: ParsedRequest[] = [];
  const sideScript = options.sideScript ?? defaultSideReply;
  let mainCalls = 0;

  async function answer(request: ParsedRequest, res: http.ServerResponse): Promise<void> {
    switch (request.kind) {
      case "main":
        return sendReply(res, request, await options.script(request, mainCalls++));
      case "side":
        return sendReply(res, request, await sideScript(request));
      case "count_tokens":
        return sendJson(res, 200, { input_tokens: estimateTokens(request.body) });
      default:
        // HEAD / is the CLI's fire-and-forget connection warm-up; anything else is unexpected.
        res.writeHead(request.method === "HEAD" ? 200 : 404);
        res.end();
    }
  }

  const server = http.createServer((req, res) => {
    readBody(req)
      .then(async (raw) => {
        const request = parseRequest(req.method ?? "GET", req.url ?? "/", req.headers, raw);
        requests.push(request);
        await answer(request, res);
      })
      .catch((error: unknown) => {
        // A throwing script should fail loudly in the CLI's output, not hang the test.
        if (!res.headersSent)
          sendJson(
            res,
            500,
            { type: "error", error: { type: "api_error", message: String(error) } },
            { "x-should-retry": "false" },
          );
        else res.destroy();
      });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    mainRequests: () => requests.filter((request) => request.kind === "main"),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging replies and the CLI's keep-alive sockets would otherwise keep close() waiting.
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Ready-made scripts
// ---------------------------------------------------------------------------------------------

/** Always answer with a plain final text. */
export function replyWithText(text: string, usage?: StandinUsage): StandinScript {
  return () => ({ kind: "text", text, ...(usage ? { usage } : {}) });
}

/**
 * Call the CLI's Write tool, then report `finalText` once the tool_result comes back.
 * Stateless (keyed on whether the request carries a tool_result), so it also behaves on --resume.
 * Use an absolute path inside the worker's cwd: the tool schema asks for absolute paths (relative ones
 * happen to resolve against cwd), and acceptEdits denies writes outside cwd.
 */
export function writeThenReport(filePath: string, content: string, finalText: string): StandinScript {
  return (request) => {
    if (request.toolResults.length > 0) return { kind: "text", text: finalText };
    return {
      kind: "tool_use",
      name: "Write",
      input: { file_path: filePath, content },
      preamble: `Writing ${filePath}.`,
    };
  };
}

/** The failure mode a supervisor must catch: the model says it wrote a file but never did. */
export function claimWithoutWriting(finalText: string): StandinScript {
  return replyWithText(finalText);
}

/** Start streaming and then go silent forever (the CLI's idle watchdog is >= 300 s). */
export function hangForever(): StandinScript {
  return () => ({ kind: "hang" });
}

/** Fail every main-loop request with an HTTP error (no retries unless `retry` is set). */
export function failWith(status: number, message = "stand-in failure", retry = false): StandinScript {
  const errorType =
    { 401: "authentication_error", 429: "rate_limit_error", 529: "overloaded_error" }[status] ?? "api_error";
  return () => ({ kind: "error", status, errorType, message, retry });
}
