// npm run demo:traffic -- [--count 40] [--interval-ms 0] [--url http://localhost:3000]
// Submits real customer messages through the public API, as a client system would. The messages
// come from the Banking77 slice held out from training, so confidences are honest.
import "./lib/load-env";
import { parseArgs } from "node:util";
import { loadBanking77 } from "@/lib/models/banking77";
import { createRandom } from "@/lib/models/random";

export async function sendDemoTraffic(options: { baseUrl: string; token: string; count: number; intervalMs: number; seed?: number; log?: (line: string) => void }) {
  const messages = loadBanking77().heldOut;
  const random = createRandom(options.seed ?? Date.now());
  let sent = 0;
  for (let i = 0; i < options.count; i++) {
    const { text } = messages[Math.floor(random() * messages.length)]!;
    const response = await fetch(`${options.baseUrl}/api/v1/workflows/customer-support/runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${options.token}`, "content-type": "application/json" },
      body: JSON.stringify({ input: { message: text } }),
    });
    if (response.status !== 202) throw new Error(`Submitting a run failed: ${response.status} ${await response.text()}`);
    sent++;
    if (options.intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
  options.log?.(`Submitted ${sent} demo runs.`);
  return sent;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { count: { type: "string", default: "40" }, "interval-ms": { type: "string", default: "0" }, url: { type: "string" } },
  });
  const token = process.env.BATON_SEED_API_TOKEN;
  if (!token) throw new Error("BATON_SEED_API_TOKEN is not set (see .env.example)");
  sendDemoTraffic({
    baseUrl: values.url ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000",
    token,
    count: Number(values.count),
    intervalMs: Number(values["interval-ms"]),
    log: console.info,
  }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
