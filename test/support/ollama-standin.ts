/**
 * A local stand-in for Ollama's `/api/chat`: answers with a scripted JSON verdict, or never,
 * and reports token counts as Ollama does (about four characters a token).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface OllamaStandin {
  url: string;
  requests: unknown[];
  close(): Promise<void>;
}

/** `answer` is the assistant's message content (or a promise of it); `undefined` leaves the request hanging. */
export async function startOllamaStandin(
  answer: (body: unknown) => string | undefined | Promise<string | undefined>,
): Promise<OllamaStandin> {
  const requests: unknown[] = [];
  const hanging = new Set<import("node:http").ServerResponse>();
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", async () => {
      const json = JSON.parse(body || "{}");
      requests.push(json);
      const content = request.url === "/api/chat" ? await answer(json) : "";
      if (content === undefined) return void hanging.add(response);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          model: json.model,
          message: { role: "assistant", content },
          done: true,
          prompt_eval_count: Math.ceil(JSON.stringify(json.messages ?? []).length / 4),
          eval_count: Math.ceil(content.length / 4),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy();
        server.close(() => resolve());
      }),
  };
}
