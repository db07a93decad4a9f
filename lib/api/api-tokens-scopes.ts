// The API token scopes, client-safe (no database, no crypto): forms list them too.
export const apiScopes = ["runs:write", "runs:read", "calibration:read", "settings:write", "reviews:decide", "metrics:read"] as const;
export type ApiScope = (typeof apiScopes)[number];

export const apiScopeLabels: Record<ApiScope, string> = {
  "runs:write": "Submit runs",
  "runs:read": "Read runs and their results",
  "calibration:read": "Read calibration curves and gate settings",
  "settings:write": "Change gate settings (owner must be an admin)",
  "reviews:decide": "Claim and decide review items as the owner (owner must be a reviewer)",
  "metrics:read": "Scrape Prometheus metrics",
};
