"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatLatency, formatPercent } from "../ui/format";

export interface TrendSeries {
  key: string;
  label: string;
  colour: string;
}

const hourMinute = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const dayHour = new Intl.DateTimeFormat("en-GB", { weekday: "short", hour: "2-digit" });
const full = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

/**
 * One metric over the dashboard's window. Points with no data (nothing finished in that
 * interval) are gaps, not zeros: a quiet hour is not a 0% completion rate.
 */
export function TrendChart({
  title,
  data,
  series,
  unit,
  bucketSeconds,
  emptyText = "No data in this window yet.",
}: {
  title: string;
  data: Record<string, number | null>[];
  series: TrendSeries[];
  unit: "ratio" | "ms";
  bucketSeconds: number;
  emptyText?: string;
}) {
  const format = (value: number) => (unit === "ratio" ? formatPercent(value) : formatLatency(value));
  const tick = (t: number) => (bucketSeconds >= 6 * 3600 ? dayHour.format(t) : hourMinute.format(t));
  const hasData = data.some((point) => series.some((s) => point[s.key] !== null && point[s.key] !== undefined));
  return (
    <figure className="rounded-lg border border-zinc-200 bg-white p-3 shadow-xs">
      <figcaption className="mb-2 text-[13px] font-semibold text-zinc-800">{title}</figcaption>
      {hasData ? (
        <div className="h-44" role="img" aria-label={`${title}, ${series.map((s) => s.label).join(" and ")} over time`}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="#f4f4f5" vertical={false} />
              <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={tick} tick={{ fontSize: 11, fill: "#71717a" }} minTickGap={24} />
              <YAxis
                domain={unit === "ratio" ? [0, 1] : [0, "auto"]}
                tickFormatter={format}
                tick={{ fontSize: 11, fill: "#71717a" }}
                width={56}
              />
              <Tooltip
                labelFormatter={(t) => full.format(Number(t))}
                formatter={(value, name) => [typeof value === "number" ? format(value) : "—", series.find((s) => s.key === name)?.label ?? String(name)]}
              />
              {series.map((s) => (
                <Line
                  key={s.key}
                  type="monotone"
                  dataKey={s.key}
                  name={s.key}
                  stroke={s.colour}
                  strokeWidth={2}
                  // Dots keep a lone interval visible (a line needs two points).
                  dot={{ r: 2.5, fill: s.colour, strokeWidth: 0 }}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <p className="flex h-44 items-center justify-center text-zinc-500">{emptyText}</p>
      )}
    </figure>
  );
}
