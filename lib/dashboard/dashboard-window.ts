// The dashboard's time windows: how far back, and how wide each point of its charts is.
export const dashboardWindows = {
  "1h": { label: "Last hour", hours: 1, bucketSeconds: 5 * 60 },
  "24h": { label: "Last 24 hours", hours: 24, bucketSeconds: 60 * 60 },
  "7d": { label: "Last 7 days", hours: 7 * 24, bucketSeconds: 6 * 60 * 60 },
} as const;

export type DashboardWindowKey = keyof typeof dashboardWindows;
export const DEFAULT_DASHBOARD_WINDOW: DashboardWindowKey = "24h";

export function parseDashboardWindow(value: unknown): DashboardWindowKey {
  return typeof value === "string" && value in dashboardWindows ? (value as DashboardWindowKey) : DEFAULT_DASHBOARD_WINDOW;
}
