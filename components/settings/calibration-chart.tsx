"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CurvePoint } from "@/lib/calibration/calibration-curve";
import { formatPercent } from "../ui/format";

/**
 * Threshold → share automated (left axis) and estimated error among automated outputs with its
 * 95% interval (right axis), with the target, the threshold in force and the recommendation.
 */
export function CalibrationChart({
  curve,
  targetError,
  current,
  recommended,
}: {
  curve: CurvePoint[];
  targetError: number;
  current: number;
  recommended: number | null;
}) {
  const data = curve.map((p) => ({
    threshold: p.threshold,
    shareAutomated: p.shareAutomated,
    error: p.estimatedError,
    band: p.errorLower !== null && p.errorUpper !== null ? [p.errorLower, p.errorUpper] : null,
  }));
  // The error axis stops at a round share a little above the target or the highest upper bound.
  const highest = Math.max(targetError * 2, ...curve.map((p) => p.errorUpper ?? 0).filter((v) => v < 1));
  const errorMax = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1].find((v) => v >= highest) ?? 1;
  return (
    <div className="h-80" role="img" aria-label="Calibration curve: share of outputs automated and estimated error among them, for each threshold">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid stroke="#f4f4f5" vertical={false} />
          <XAxis dataKey="threshold" type="number" domain={[0, 1]} ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]} tick={{ fontSize: 11, fill: "#71717a" }} label={{ value: "auto threshold", position: "insideBottomRight", offset: -6, fontSize: 11, fill: "#71717a" }} />
          <YAxis
            yAxisId="share"
            domain={[0, 1]}
            tickFormatter={(v: number) => formatPercent(v)}
            tick={{ fontSize: 11, fill: "#4f46e5" }}
            width={56}
            label={{ value: "automated", angle: -90, position: "insideLeft", fontSize: 11, fill: "#4f46e5" }}
          />
          <YAxis
            yAxisId="error"
            orientation="right"
            domain={[0, errorMax]}
            allowDataOverflow
            tickFormatter={(v: number) => formatPercent(v)}
            tick={{ fontSize: 11, fill: "#dc2626" }}
            width={56}
            label={{ value: "error", angle: 90, position: "insideRight", fontSize: 11, fill: "#dc2626" }}
          />
          <Tooltip
            labelFormatter={(t) => `Threshold ${Number(t).toFixed(2)}`}
            formatter={(value, name) => {
              if (Array.isArray(value)) return [`${formatPercent(Number(value[0]))} – ${formatPercent(Number(value[1]))}`, "95% interval"];
              return [typeof value === "number" ? formatPercent(value) : "—", name === "shareAutomated" ? "Automated" : "Estimated error"];
            }}
          />
          <Legend verticalAlign="top" formatter={(name) => (name === "shareAutomated" ? "Share automated" : name === "error" ? "Estimated error" : "95% interval")} wrapperStyle={{ fontSize: 12, paddingBottom: 4 }} />
          <Area yAxisId="error" dataKey="band" stroke="none" fill="#fca5a5" fillOpacity={0.35} isAnimationActive={false} connectNulls={false} />
          <Line yAxisId="error" dataKey="error" stroke="#dc2626" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
          <Line yAxisId="share" dataKey="shareAutomated" stroke="#4f46e5" strokeWidth={2} dot={false} isAnimationActive={false} />
          <ReferenceLine yAxisId="error" y={targetError} stroke="#dc2626" strokeDasharray="4 4" label={{ value: "target", position: "insideTopRight", fontSize: 11, fill: "#dc2626" }} />
          <ReferenceLine yAxisId="share" x={current} stroke="#71717a" strokeDasharray="2 3" label={{ value: "in force", position: "insideTopLeft", fontSize: 11, fill: "#52525b" }} />
          {recommended !== null ? (
            <ReferenceLine yAxisId="share" x={recommended} stroke="#059669" strokeWidth={2} label={{ value: "recommended", position: "insideBottomLeft", fontSize: 11, fill: "#047857" }} />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
