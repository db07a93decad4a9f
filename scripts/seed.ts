// npm run db:seed — demo users (one per role) and the demo API token. Safe to run again.
// DEMO ONLY: the password and token come from .env and are printed; never seed a production install.
import "./lib/load-env";
import { createApiToken } from "@/lib/api/api-tokens";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db";

export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "reviewer@baton.local", name: "Riley Reviewer", role: "reviewer" },
  { email: "senior@baton.local", name: "Sam Senior", role: "senior_reviewer" },
  { email: "supervisor@baton.local", name: "Sky Supervisor", role: "supervisor" },
  { email: "admin@baton.local", name: "Ada Admin", role: "admin" },
];

export async function seed(): Promise<{ password: string; apiToken: string }> {
  const password = process.env.BATON_SEED_PASSWORD || "baton-demo";
  const apiToken = process.env.BATON_SEED_API_TOKEN;
  if (!apiToken) throw new Error("BATON_SEED_API_TOKEN is not set (see .env.example)");
  for (const user of DEMO_USERS) {
    const passwordHash = await hashPassword(password);
    await db.user.upsert({
      where: { email: user.email },
      update: { name: user.name, role: user.role, passwordHash, active: true },
      create: { ...user, passwordHash },
    });
  }
  await createApiToken({ name: "Demo token (seeded)", scopes: ["runs:write", "runs:read"], secret: apiToken });
  return { password, apiToken };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seed()
    .then(({ password }) => {
      console.info(`Seeded ${DEMO_USERS.length} demo users (password "${password}") and the demo API token.`);
      process.exit(0);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
