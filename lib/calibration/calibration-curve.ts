// Threshold calibration from reviewers' decisions: pure arithmetic, no database. The numbers come
// per confidence band of one hundredth (band b holds confidences in [b/100, (b+1)/100); band 100
// holds exactly 1.0) and are summed from the top down, because a threshold t automates every
// output with confidence ≥ t.

export const BANDS = 101;

/** What one confidence band holds, as aggregated in SQL (lib/calibration/get-calibration.ts). */
export interface CalibrationBand {
  band: number;
  /** Gate evaluations in the band (automatic and reviewed, sensitive included). */
  population: number;
  /** Of those, the ones a threshold can automate (sensitive ones always go to a person). */
  automatable: number;
  /**
   * Automatically accepted outputs that had no chance of a label (audit sampling was off): the
   * error among them is assumed, not measured.
   */
  unmeasured: number;
  /** Labelled outputs (decided, not sensitive), raw count and wrong ones (edited or rejected). */
  labelled: number;
  wrong: number;
  /** The same with inverse-probability weights (1 for reviewed items, 1/rate for audit samples). */
  weight: number;
  weightWrong: number;
  weightSquared: number;
}

export interface CurvePoint {
  threshold: number;
  /** Share of all gate evaluations that this threshold would have automated. */
  shareAutomated: number;
  /** Share that would still have gone to a person (1 − shareAutomated). */
  shareReviewed: number;
  /** Weighted error among the automated outputs; null when no automated output has a label. */
  estimatedError: number | null;
  /** 95% Wilson interval on the effective sample size; null with the estimate. */
  errorLower: number | null;
  errorUpper: number | null;
  /** Labelled outputs behind the estimate, raw and effective (Kish: (Σw)² / Σw²). */
  labelled: number;
  effectiveLabelled: number;
  /** Share of the automated outputs whose error was never measured (no audit sampling then). */
  unmeasuredShare: number;
}

export interface Recommendation {
  threshold: number;
  shareAutomated: number;
  estimatedError: number;
  errorUpper: number;
}

export interface CalibrationResult {
  targetError: number;
  population: number;
  labelled: number;
  curve: CurvePoint[];
  recommendation: Recommendation | null;
  /** Why there is no recommendation, in words an admin can act on. */
  reason: string | null;
}

const Z95 = 1.959963984540054;
/** A threshold is recommended only if at most this share of what it automates went unmeasured. */
export const MAX_UNMEASURED_SHARE = 0.05;

/** Wilson score interval for a proportion p observed on n (possibly fractional, effective) trials. */
export function wilsonInterval(p: number, n: number, z = Z95): { lower: number; upper: number } {
  if (!(n > 0)) return { lower: 0, upper: 1 };
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

export function bandOf(confidence: number): number {
  // The epsilon keeps 0.57 in band 57 despite 0.57 * 100 = 56.999…
  return Math.min(100, Math.max(0, Math.floor(confidence * 100 + 1e-9)));
}

/**
 * The curve threshold → share automated and error among automated outputs, for thresholds
 * 0.00 … 1.00, and the lowest threshold whose error stays under the target.
 *
 * The estimator is a ratio of Horvitz–Thompson sums: an output that was reviewed because it fell
 * below the auto threshold had probability 1 of a label and weighs 1; an audit sample of an
 * automatic output had probability `rate` and weighs 1/rate, standing for the automatic outputs
 * that were not sampled. So the error above the current threshold is measured, not assumed, and
 * the estimate at any threshold is unbiased for the population it would automate.
 *
 * The recommendation is conservative: the upper end of the 95% interval must be under the
 * target, and at most 5% of what the threshold automates may have gone unmeasured.
 */
export function calibrate(bands: CalibrationBand[], targetError: number): CalibrationResult {
  const byBand = new Map(bands.map((b) => [b.band, b]));
  const population = bands.reduce((n, b) => n + b.population, 0);
  const labelledTotal = bands.reduce((n, b) => n + b.labelled, 0);

  const curve: CurvePoint[] = new Array(BANDS);
  const sum = { automatable: 0, unmeasured: 0, labelled: 0, weight: 0, weightWrong: 0, weightSquared: 0 };
  for (let band = BANDS - 1; band >= 0; band--) {
    const b = byBand.get(band);
    if (b) {
      sum.automatable += b.automatable;
      sum.unmeasured += b.unmeasured;
      sum.labelled += b.labelled;
      sum.weight += b.weight;
      sum.weightWrong += b.weightWrong;
      sum.weightSquared += b.weightSquared;
    }
    const shareAutomated = population > 0 ? sum.automatable / population : 0;
    const estimate = sum.weight > 0 ? sum.weightWrong / sum.weight : null;
    const effective = sum.weightSquared > 0 ? (sum.weight * sum.weight) / sum.weightSquared : 0;
    const interval = estimate === null ? null : wilsonInterval(estimate, effective);
    curve[band] = {
      threshold: band / 100,
      shareAutomated,
      shareReviewed: population > 0 ? 1 - shareAutomated : 0,
      estimatedError: estimate,
      errorLower: interval?.lower ?? null,
      errorUpper: interval?.upper ?? null,
      labelled: sum.labelled,
      effectiveLabelled: effective,
      unmeasuredShare: sum.automatable > 0 ? sum.unmeasured / sum.automatable : 0,
    };
  }

  const pick = curve.find(
    (p) => p.shareAutomated > 0 && p.errorUpper !== null && p.errorUpper <= targetError && p.unmeasuredShare <= MAX_UNMEASURED_SHARE,
  );
  return {
    targetError,
    population,
    labelled: labelledTotal,
    curve,
    recommendation: pick
      ? { threshold: pick.threshold, shareAutomated: pick.shareAutomated, estimatedError: pick.estimatedError!, errorUpper: pick.errorUpper! }
      : null,
    reason: pick ? null : whyNone(curve, population, labelledTotal, targetError),
  };
}

function whyNone(curve: CurvePoint[], population: number, labelled: number, targetError: number): string {
  if (population === 0) return "No gate evaluations in this period yet.";
  if (labelled === 0) return "No reviewed outputs yet: reviewers' decisions are the labels the curve is built from.";
  const measured = curve.filter((p) => p.shareAutomated > 0 && p.errorUpper !== null);
  if (measured.every((p) => p.unmeasuredShare > MAX_UNMEASURED_SHARE)) {
    return "Most automatically accepted outputs were never reviewed: turn on audit sampling so the error above the threshold is measured.";
  }
  return `No threshold keeps the error under ${(targetError * 100).toFixed(1)}% with 95% confidence yet: more reviewed or audited outputs narrow the interval.`;
}
