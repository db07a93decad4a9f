// A local stand-in for model APIs, for tests and benchmarks: a plain node:http server on a random
// loopback port that answers OpenAI chat completions (POST /v1/chat/completions) and Anthropic
// messages (POST /v1/messages). It can be told, per model or per request, to be slow, hang until
// the caller gives up, rate-limit (429 + Retry-After), fail (5xx) or answer non-JSON, and it
// records every request (including whether the caller aborted it).
//
//   const fake = await startFakeModelServer();
//   fake.script("primary", [{ kind: "fail", status: 503 }, { kind: "ok" }]); // next two calls
//   fake.setModel("slow-model", { kind: "ok", delayMs: 2_000 });             // every call
//   // or inside the prompt's user message: "[[fake:hang]]", "[[fake:slow=500]]",
//   // "[[fake:rate-limit=2]]", "[[fake:fail=503]]", "[[fake:non-json]]"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeBehaviour =
  | { kind: "ok"; reply?: string | ((request: FakeRequest) => string); delayMs?: number }
  /** Never answers: the caller must time out (and its abort is recorded). */
  | { kind: "hang" }
  | { kind: "rate-limit"; retryAfterSeconds?: number; delayMs?: number }
  | { kind: "fail"; status?: number; delayMs?: number }
  | { kind: "non-json"; text?: string; delayMs?: number };

export interface FakeRequest {
  id: number;
  api: "openai" | "anthropic";
  model: string;
  system: string | null;
  user: string;
  idempotencyKey: string | null;
  /** The credential sent: the Authorization header (OpenAI) or x-api-key (Anthropic). */
  authorization: string | null;
  apiKey: string | null;
  behaviour: FakeBehaviour["kind"];
  receivedAt: number;
  finishedAt: number | null;
  /** The caller closed the connection before the answer was sent (its timeout really aborted). */
  aborted: boolean;
  status: number | null;
}

export interface FakeModelServer {
  url: string;
  /** baseURL for the OpenAI SDK (it appends /chat/completions). */
  openaiBaseUrl: string;
  /** baseURL for the Anthropic SDK (it appends /v1/messages). */
  anthropicBaseUrl: string;
  requests: FakeRequest[];
  requestsFor(model: string): FakeRequest[];
  /** Behaviours for the next requests to `model`, one each, before its default applies again. */
  script(model: string, behaviours: FakeBehaviour[]): void;
  /** The behaviour of every request to `model` (after any script). */
  setModel(model: string, behaviour: FakeBehaviour): void;
  /** Forget scripts, model settings and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

const DIRECTIVE = /\[\[fake:([a-z-]+)(?:=([^\]]+))?\]\]/;

function fromDirective(user: string): FakeBehaviour | null {
  const match = DIRECTIVE.exec(user);
  if (!match) return null;
  const [, kind, arg] = match;
  switch (kind) {
    case "hang":
      return { kind: "hang" };
    case "slow":
      return { kind: "ok", delayMs: Number(arg ?? 1000) };
    case "rate-limit":
      return { kind: "rate-limit", retryAfterSeconds: Number(arg ?? 1) };
    case "fail":
      return { kind: "fail", status: Number(arg ?? 500) };
    case "non-json":
      return { kind: "non-json" };
    default:
      return null;
  }
}

/** The default answer: a JSON object naming the model and echoing the user message. */
function defaultReply(request: FakeRequest): string {
  return JSON.stringify({ answer: request.user.replace(DIRECTIVE, "").trim(), model: request.model });
}

export async function startFakeModelServer(): Promise<FakeModelServer> {
  const requests: FakeRequest[] = [];
  const scripts = new Map<string, FakeBehaviour[]>();
  const models = new Map<string, FakeBehaviour>();
  let nextId = 1;

  const behaviourFor = (model: string, user: string): FakeBehaviour =>
    fromDirective(user) ?? scripts.get(model)?.shift() ?? models.get(model) ?? { kind: "ok" };

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? "").split("?")[0]!;
    const api = req.method === "POST" && path.endsWith("/chat/completions") ? "openai" : req.method === "POST" && path.endsWith("/messages") ? "anthropic" : null;
    if (!api) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `No route ${req.method} ${path}` } }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as {
      model?: string;
      system?: string | { text: string }[];
      messages?: { role: string; content: string | { type: string; text?: string }[] }[];
    };
    const text = (content: unknown): string =>
      typeof content === "string" ? content : Array.isArray(content) ? content.map((part) => (part as { text?: string }).text ?? "").join("") : "";
    const messages = body.messages ?? [];
    const system = api === "anthropic" ? (body.system !== undefined ? text(body.system) : null) : (messages.find((m) => m.role === "system") ? text(messages.find((m) => m.role === "system")!.content) : null);
    const user = text([...messages].reverse().find((m) => m.role === "user")?.content ?? "");
    const model = body.model ?? "unknown";
    const behaviour = behaviourFor(model, user);
    const record: FakeRequest = {
      id: nextId++,
      api,
      model,
      system,
      user,
      idempotencyKey: (req.headers["idempotency-key"] as string | undefined) ?? null,
      authorization: (req.headers.authorization as string | undefined) ?? null,
      apiKey: (req.headers["x-api-key"] as string | undefined) ?? null,
      behaviour: behaviour.kind,
      receivedAt: Date.now(),
      finishedAt: null,
      aborted: false,
      status: null,
    };
    requests.push(record);
    res.on("close", () => {
      if (!res.writableFinished) record.aborted = true;
      record.finishedAt ??= Date.now();
    });

    if (behaviour.kind === "hang") return; // until the caller gives up
    if ("delayMs" in behaviour && behaviour.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
      if (record.aborted || res.destroyed) return;
    }
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(payload));
      record.finishedAt = Date.now();
    };
    const apiError = (status: number, type: string, message: string) =>
      api === "openai" ? { error: { message, type, code: null, param: null } } : { type: "error", error: { type, message } };

    if (behaviour.kind === "rate-limit") {
      send(429, apiError(429, "rate_limit_error", "Rate limit reached"), { "retry-after": String(behaviour.retryAfterSeconds ?? 1) });
      return;
    }
    if (behaviour.kind === "fail") {
      const status = behaviour.status ?? 500;
      send(status, apiError(status, "server_error", `The fake model failed with ${status}`));
      return;
    }
    const answer =
      behaviour.kind === "non-json"
        ? (behaviour.text ?? "Sure! Here is my answer, in prose rather than JSON.")
        : typeof behaviour.reply === "function"
          ? behaviour.reply(record)
          : (behaviour.reply ?? defaultReply(record));
    if (api === "openai") {
      send(200, {
        id: `chatcmpl-fake-${record.id}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, message: { role: "assistant", content: answer, refusal: null }, finish_reason: "stop", logprobs: null }],
        usage: { prompt_tokens: Math.ceil(user.length / 4), completion_tokens: Math.ceil(answer.length / 4), total_tokens: Math.ceil((user.length + answer.length) / 4) },
      });
    } else {
      send(200, {
        id: `msg_fake_${record.id}`,
        type: "message",
        role: "assistant",
        model,
        content: [{ type: "text", text: answer }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: Math.ceil(user.length / 4), output_tokens: Math.ceil(answer.length / 4) },
      });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    requests,
    requestsFor: (model) => requests.filter((r) => r.model === model),
    script: (model, behaviours) => scripts.set(model, [...(scripts.get(model) ?? []), ...behaviours]),
    setModel: (model, behaviour) => models.set(model, behaviour),
    reset: () => {
      scripts.clear();
      models.clear();
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
