import { describe, expect, it } from "vitest";
import { bandOf, calibrate, wilsonInterval, type CalibrationBand } from "./calibration-curve";

function band(b: number, fields: Partial<CalibrationBand>): CalibrationBand {
  return { band: b, population: 0, automatable: 0, unmeasured: 0, labelled: 0, wrong: 0, weight: 0, weightWrong: 0, weightSquared: 0, ...fields };
}

/** `labels` labelled outputs of which `wrong` wrong, each with weight `w`. */
function labelled(labels: number, wrong: number, w: number) {
  return { labelled: labels, wrong, weight: labels * w, weightWrong: wrong * w, weightSquared: labels * w * w };
}

// Two bands above the auto threshold 0.8, audited at 10%; two below, all reviewed.
//   0.95: 10 000 automatic, 1 000 audited, 1% wrong     0.85: 10 000 automatic, 1 000 audited, 3% wrong
//   0.70:    500 reviewed, 10% wrong                     0.55:    500 reviewed, 20% wrong
const constructed = [
  band(95, { population: 10_000, automatable: 10_000, ...labelled(1000, 10, 10) }),
  band(85, { population: 10_000, automatable: 10_000, ...labelled(1000, 30, 10) }),
  band(70, { population: 500, automatable: 500, ...labelled(500, 50, 1) }),
  band(55, { population: 500, automatable: 500, ...labelled(500, 100, 1) }),
];

describe("calibration curve", () => {
  it("weights audit samples by 1/rate, so the estimate equals the true error of what would be automated", () => {
    const { curve } = calibrate(constructed, 0.02);
    // At 0.70 the automated outputs are both audited bands and the 0.70 band: 100 + 300 + 50 wrong of 20 500.
    expect(curve[70]!.estimatedError).toBeCloseTo(450 / 20_500, 10);
    // Unweighted, the audited bands would count ten times too little: (10 + 30 + 50) / 2 500.
    expect(curve[70]!.estimatedError).not.toBeCloseTo(90 / 2500, 3);
    expect(curve[70]!.shareAutomated).toBeCloseTo(20_500 / 21_000, 10);
    expect(curve[0]!.estimatedError).toBeCloseTo(550 / 21_000, 10);
    expect(curve[0]!.shareAutomated).toBe(1);
    expect(curve[96]!.estimatedError).toBeNull();
    expect(curve[96]!.shareAutomated).toBe(0);
  });

  it("uses the effective sample size for the interval", () => {
    const { curve } = calibrate(constructed, 0.02);
    const effective = 20_500 ** 2 / (2000 * 100 + 500);
    expect(curve[70]!.effectiveLabelled).toBeCloseTo(effective, 6);
    const interval = wilsonInterval(450 / 20_500, effective);
    expect(curve[70]!.errorUpper).toBeCloseTo(interval.upper, 10);
    expect(curve[70]!.errorLower).toBeLessThan(curve[70]!.estimatedError!);
  });

  it("recommends the lowest threshold whose 95% upper bound is under the target", () => {
    // 1% on 1 000 effective labels: upper ≈ 1.8% (< 2%); adding the 3% band lifts it above 2%.
    const strict = calibrate(constructed, 0.02);
    expect(strict.recommendation).toMatchObject({ threshold: 0.86, shareAutomated: 10_000 / 21_000 });
    expect(strict.recommendation!.errorUpper).toBeLessThanOrEqual(0.02);
    expect(strict.curve[85]!.errorUpper).toBeGreaterThan(0.02);

    // With 3% allowed, the 0.70 band still fits (upper ≈ 2.8%) but the 0.55 band does not (≈ 3.3%).
    const looser = calibrate(constructed, 0.03);
    expect(looser.recommendation?.threshold).toBe(0.56);
    expect(looser.curve[55]!.errorUpper).toBeGreaterThan(0.03);
  });

  it("does not recommend a threshold whose automatic outputs were never measured", () => {
    const unaudited = [
      band(95, { population: 10_000, automatable: 10_000, unmeasured: 10_000 }),
      band(70, { population: 500, automatable: 500, ...labelled(500, 2, 1) }),
    ];
    const result = calibrate(unaudited, 0.02);
    expect(result.curve[70]!.unmeasuredShare).toBeCloseTo(10_000 / 10_500, 10);
    expect(result.recommendation).toBeNull();
    expect(result.reason).toMatch(/audit sampling/);
  });

  it("keeps sensitive outputs out of what a threshold can automate", () => {
    const result = calibrate([band(90, { population: 100, automatable: 60, ...labelled(60, 0, 1) })], 0.1);
    expect(result.curve[0]!.shareAutomated).toBeCloseTo(0.6, 10);
  });

  it("explains an empty period", () => {
    expect(calibrate([], 0.02)).toMatchObject({ recommendation: null, reason: expect.stringMatching(/No gate evaluations/) });
  });

  it("puts confidences in their hundredth despite floating point", () => {
    expect(bandOf(0.57)).toBe(57);
    expect(bandOf(0.8)).toBe(80);
    expect(bandOf(1)).toBe(100);
    expect(bandOf(0)).toBe(0);
    expect(bandOf(0.999)).toBe(99);
  });

  it("gives the textbook Wilson interval", () => {
    // 10 successes in 100: 95% Wilson interval ≈ [0.0552, 0.1744].
    const { lower, upper } = wilsonInterval(0.1, 100);
    expect(lower).toBeCloseTo(0.0552, 3);
    expect(upper).toBeCloseTo(0.1744, 3);
    expect(wilsonInterval(0, 0)).toEqual({ lower: 0, upper: 1 });
  });
});
