import { expect, test } from "@playwright/test";
import { SEEDED, signIn } from "./support/fixtures";

// Who may open what. Pages check access themselves; proxy.ts only sends signed-out users to sign-in.

for (const path of ["/queue", "/dashboard", "/admin/settings", "/runs"]) {
  test(`a signed-out visitor to ${path} is sent to sign-in and comes back after`, async ({ page }) => {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`/sign-in\\?callbackUrl=${encodeURIComponent(path).replace(/%/g, "%")}`));
    await page.getByLabel("Email").fill(SEEDED.admin);
    await page.getByLabel("Password").fill(process.env.BATON_SEED_PASSWORD!);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`**${path}`);
  });
}

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(SEEDED.reviewer);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a reviewer cannot open the admin pages or the dashboard", async ({ page }) => {
  await signIn(page, SEEDED.reviewer);
  for (const path of ["/admin/settings", "/dashboard"]) {
    await page.goto(path);
    await expect(page.getByText("You do not have access")).toBeVisible();
    await expect(page.getByLabel("Auto threshold")).toHaveCount(0);
  }
  await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
});

test("a supervisor sees the dashboard but not the settings", async ({ page }) => {
  await signIn(page, SEEDED.supervisor);
  await page.goto("/dashboard");
  await expect(page.getByText("You do not have access")).toHaveCount(0);
  await page.goto("/admin/settings");
  await expect(page.getByText("You do not have access")).toBeVisible();
});

test("an admin changes the gate thresholds and the change is recorded with who and when", async ({ page }) => {
  await signIn(page, SEEDED.admin);
  await page.goto("/admin/settings");
  // The page lists every workflow's gates: work on customer-support's.
  const gate = page.getByRole("region", { name: /^customer-support/ });
  await gate.getByLabel("Auto threshold").fill("0.85");
  await gate.getByLabel("Normal SLA (minutes)").fill("90");
  await gate.getByLabel("Note").fill("e2e: stricter gate");
  await gate.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Saved as version \d+/)).toBeVisible();
  const history = gate.getByRole("table").last();
  await expect(history.getByText("e2e: stricter gate")).toBeVisible();
  await expect(history.getByText("Ada Admin").first()).toBeVisible();

  // Put the defaults back for the other specs.
  await gate.getByLabel("Auto threshold").fill("0.8");
  await gate.getByLabel("Normal SLA (minutes)").fill("120");
  await gate.getByLabel("Note").fill("e2e: restore defaults");
  await gate.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Saved as version \d+/)).toBeVisible();
});

test("invalid settings are refused field by field and change nothing", async ({ page }) => {
  await signIn(page, SEEDED.admin);
  await page.goto("/admin/settings");
  // The page lists every workflow's gates: work on customer-support's.
  const gate = page.getByRole("region", { name: /^customer-support/ });
  await gate.getByLabel("Auto threshold").fill("0.4");
  await gate.getByLabel("Review threshold").fill("0.6");
  await gate.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("The review threshold cannot be above the auto threshold")).toBeVisible();
  await expect(page.getByText(/Saved as version/)).toHaveCount(0);
});
