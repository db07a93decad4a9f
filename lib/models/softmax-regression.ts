// Multinomial logistic regression over sparse vectors, trained by seeded SGD with L2.
import { createRandom, shuffleInPlace } from "./random";
import type { SparseVector } from "./text-features";

export type SoftmaxTrainingOptions = {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
};

export class SoftmaxModel {
  constructor(
    /** Row-major [feature][class] weights. */
    private readonly weights: Float64Array,
    private readonly bias: Float64Array,
    readonly classCount: number,
  ) {}

  /** Class probabilities for one vector; a vector with no known features yields softmax(bias). */
  probabilities(x: SparseVector): Float64Array {
    const logits = Float64Array.from(this.bias);
    addWeightedRows(logits, this.weights, x, this.classCount, 1);
    return softmaxInPlace(logits);
  }
}

/**
 * Plain SGD on mean cross-entropy + (l2/2)·‖W‖², one example at a time. The L2 shrink is
 * applied to every weight at every step through a shared scale factor (W = scale·V), so each
 * step only touches the rows of the example's non-zero features. The learning rate decays as
 * lr / (1 + lr·l2·t), the usual schedule for strongly convex SGD.
 */
export function trainSoftmax(
  xs: readonly SparseVector[],
  ys: readonly number[],
  featureCount: number,
  classCount: number,
  options: SoftmaxTrainingOptions,
): SoftmaxModel {
  const v = new Float64Array(featureCount * classCount);
  const bias = new Float64Array(classCount);
  const logits = new Float64Array(classCount);
  const order = xs.map((_, i) => i);
  const random = createRandom(options.seed);
  let scale = 1;
  let step = 0;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const i of order) {
      const x = xs[i]!;
      const target = ys[i]!;
      const lr = options.learningRate / (1 + options.learningRate * options.l2 * step++);

      logits.set(bias);
      addWeightedRows(logits, v, x, classCount, scale);
      softmaxInPlace(logits);
      logits[target]! -= 1; // logits now hold the gradient dL/dlogit = p − onehot(target)

      scale *= 1 - lr * options.l2;
      addOuterProduct(v, x, logits, classCount, -lr / scale);
      for (let c = 0; c < classCount; c++) bias[c] = (bias[c] ?? 0) - lr * (logits[c] ?? 0);

      if (scale < 1e-6) {
        scaleInPlace(v, scale);
        scale = 1;
      }
    }
  }
  scaleInPlace(v, scale);
  return new SoftmaxModel(v, bias, classCount);
}

/** out[c] += factor · Σ_f x_f · W[f][c] */
function addWeightedRows(
  out: Float64Array,
  weights: Float64Array,
  x: SparseVector,
  classCount: number,
  factor: number,
): void {
  // Hot loop: indices are in range by construction, so the non-null assertions are safe.
  for (let k = 0; k < x.indices.length; k++) {
    const value = x.values[k]! * factor;
    const row = x.indices[k]! * classCount;
    for (let c = 0; c < classCount; c++) out[c]! += value * weights[row + c]!;
  }
}

/** W[f][c] += factor · x_f · g[c] for the non-zero features of x. */
function addOuterProduct(
  weights: Float64Array,
  x: SparseVector,
  g: Float64Array,
  classCount: number,
  factor: number,
): void {
  for (let k = 0; k < x.indices.length; k++) {
    const value = x.values[k]! * factor;
    const row = x.indices[k]! * classCount;
    for (let c = 0; c < classCount; c++) weights[row + c]! += value * g[c]!;
  }
}

function scaleInPlace(values: Float64Array, factor: number): void {
  for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) * factor;
}

/** Numerically stable softmax (subtracts the max logit first). */
export function softmaxInPlace(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const logit of logits) if (logit > max) max = logit;
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    const e = Math.exp((logits[c] ?? 0) - max);
    logits[c] = e;
    sum += e;
  }
  for (let c = 0; c < logits.length; c++) logits[c] = (logits[c] ?? 0) / sum;
  return logits;
}
