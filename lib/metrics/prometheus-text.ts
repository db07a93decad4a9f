// The Prometheus text exposition format (version 0.0.4), written by hand: Baton's metrics are
// read from PostgreSQL at scrape time (every process sees the same totals), so there is no
// in-process registry to keep, only text to write.

export type Labels = Record<string, string>;

export interface Sample {
  labels?: Labels;
  value: number;
  /** Appended to the metric name: "_bucket", "_sum", "_count". */
  suffix?: string;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  samples: Sample[];
}

function escapeLabel(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll('"', '\\"');
}

function escapeHelp(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

export function renderMetrics(families: MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels ?? {});
      const labelText = labels.length > 0 ? `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}` : "";
      lines.push(`${family.name}${sample.suffix ?? ""}${labelText} ${formatValue(sample.value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** A histogram's samples from per-bucket counts (not yet cumulative), its sum and count. */
export function histogramSamples(labels: Labels, bounds: readonly number[], perBucket: number[], sum: number, count: number): Sample[] {
  let cumulative = 0;
  const samples: Sample[] = bounds.map((bound, i) => {
    cumulative += perBucket[i] ?? 0;
    return { labels: { ...labels, le: String(bound) }, value: cumulative, suffix: "_bucket" };
  });
  samples.push({ labels: { ...labels, le: "+Inf" }, value: count, suffix: "_bucket" });
  samples.push({ labels, value: sum, suffix: "_sum" });
  samples.push({ labels, value: count, suffix: "_count" });
  return samples;
}
