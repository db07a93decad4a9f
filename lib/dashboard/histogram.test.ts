import { describe, expect, it } from "vitest";
import { histogramQuantile } from "./histogram";

describe("log-bucket histograms", () => {
  it("interpolates quantiles inside 5%-wide buckets", () => {
    // Bucket b holds [e^(b/20) − 1, e^((b+1)/20) − 1) ms: 60 s is in bucket 220.
    const histogram = new Map([[220, 3]]);
    const median = histogramQuantile(histogram, 0.5)!;
    expect(median).toBeGreaterThan(Math.exp(220 / 20) - 1);
    expect(median).toBeLessThan(Math.exp(221 / 20) - 1);
    expect(Math.abs(median - 60_000) / 60_000).toBeLessThan(0.05);
    expect(histogramQuantile(new Map(), 0.5)).toBeNull();
    // 90 values low, 10 high: the median is low, the p95 high.
    const skewed = new Map([[100, 90], [200, 10]]);
    expect(histogramQuantile(skewed, 0.5)!).toBeLessThan(Math.exp(101 / 20));
    expect(histogramQuantile(skewed, 0.95)!).toBeGreaterThan(Math.exp(200 / 20) - 1);
  });
});
