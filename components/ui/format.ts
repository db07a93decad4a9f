// Display formatting with the Intl APIs. Pure functions: used by server and client components alike.
const LOCALE = "en-GB";

const dateTime = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short" });
const time = new Intl.DateTimeFormat(LOCALE, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const relative = new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto", style: "long" });
const percent = new Intl.NumberFormat(LOCALE, { style: "percent", maximumFractionDigits: 1 });
const decimal2 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const seconds1 = new Intl.NumberFormat(LOCALE, { style: "unit", unit: "second", unitDisplay: "narrow", maximumFractionDigits: 1 });
const millis = new Intl.NumberFormat(LOCALE, { style: "unit", unit: "millisecond", unitDisplay: "short", maximumFractionDigits: 0 });
const units = {
  day: new Intl.NumberFormat(LOCALE, { style: "unit", unit: "day", unitDisplay: "narrow" }),
  hour: new Intl.NumberFormat(LOCALE, { style: "unit", unit: "hour", unitDisplay: "narrow" }),
  minute: new Intl.NumberFormat(LOCALE, { style: "unit", unit: "minute", unitDisplay: "narrow" }),
  second: new Intl.NumberFormat(LOCALE, { style: "unit", unit: "second", unitDisplay: "narrow" }),
};

type DateLike = Date | string | number;
const toDate = (value: DateLike) => (value instanceof Date ? value : new Date(value));

export function formatDateTime(value: DateLike): string {
  return dateTime.format(toDate(value));
}

export function formatTime(value: DateLike): string {
  return time.format(toDate(value));
}

/** "3 minutes ago", "in 2 hours". */
export function formatRelative(value: DateLike, now: DateLike = Date.now()): string {
  const diffSeconds = (toDate(value).getTime() - toDate(now).getTime()) / 1000;
  const abs = Math.abs(diffSeconds);
  if (abs < 45) return relative.format(Math.round(diffSeconds), "second");
  if (abs < 45 * 60) return relative.format(Math.round(diffSeconds / 60), "minute");
  if (abs < 22 * 3600) return relative.format(Math.round(diffSeconds / 3600), "hour");
  return relative.format(Math.round(diffSeconds / 86400), "day");
}

/** A span as its two largest units: "2d 3h", "1h 5m", "4m 10s", "12s". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const parts: [keyof typeof units, number][] = [
    ["day", Math.floor(total / 86400)],
    ["hour", Math.floor((total % 86400) / 3600)],
    ["minute", Math.floor((total % 3600) / 60)],
    ["second", total % 60],
  ];
  const first = parts.findIndex(([, n]) => n > 0);
  if (first === -1) return units.second.format(0);
  return parts
    .slice(first, first + 2)
    .filter(([, n], i) => i === 0 || n > 0)
    .map(([unit, n]) => units[unit].format(n))
    .join(" ");
}

/** Latencies: "348 ms" below a second, "2.4s" below a minute, then a duration. */
export function formatLatency(ms: number): string {
  if (ms < 1000) return millis.format(ms);
  if (ms < 60_000) return seconds1.format(ms / 1000);
  return formatDuration(ms);
}

/** Time left until an SLA deadline: "1h 5m left", or "overdue by 5m 2s". */
export function formatSlaLeft(dueAt: DateLike, now: DateLike = Date.now()): string {
  const left = toDate(dueAt).getTime() - toDate(now).getTime();
  return left > 0 ? `${formatDuration(left)} left` : `overdue by ${formatDuration(-left)}`;
}

export function formatPercent(ratio: number): string {
  return percent.format(ratio);
}

/** Confidences and thresholds share one scale (0–1), shown with two decimals. */
export function formatConfidence(value: number): string {
  return decimal2.format(value);
}

export function formatCount(value: number): string {
  return integer.format(value);
}

/** snake_case enum values read as words: "waiting_for_review" → "waiting for review". */
export function humanize(value: string): string {
  return value.replaceAll("_", " ");
}
