/**
 * Multinomial logistic regression (a softmax layer) trained with Adam on
 * mini-batches, L2-regularised towards zero. Deterministic: the caller fixes
 * the initial weights and the example order, and the batches follow a
 * permutation drawn from a seeded generator, so the same inputs give the same
 * weights on every machine that does IEEE arithmetic the same way.
 */
import { mulberry32 } from '../seededRandom.ts';

export interface SoftmaxModel {
  /** Row-major `classes × dimensions`. */
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  readonly classes: number;
  readonly dimensions: number;
}

export interface SoftmaxTraining {
  readonly epochs: number;
  /** Default 0.01. */
  readonly learningRate?: number;
  /** L2 penalty on the weights per example. Default 1e-6. */
  readonly l2?: number;
  /** Default 32. */
  readonly batchSize?: number;
  /** Default 1. */
  readonly seed?: number;
}

export function trainSoftmax(inputs: readonly Float32Array[], labels: Int32Array, initial: SoftmaxModel, options: SoftmaxTraining): SoftmaxModel {
  const { classes, dimensions } = initial;
  const rate = options.learningRate ?? 0.01;
  const l2 = options.l2 ?? 1e-6;
  const batchSize = options.batchSize ?? 32;
  const weights = Float32Array.from(initial.weights);
  const bias = Float32Array.from(initial.bias);
  const gradW = new Float32Array(weights.length);
  const gradB = new Float32Array(classes);
  const adam = { mW: new Float32Array(weights.length), vW: new Float32Array(weights.length), mB: new Float32Array(classes), vB: new Float32Array(classes) };
  const probabilities = new Float64Array(classes);
  const order = Int32Array.from(inputs, (_, i) => i);
  const random = mulberry32(options.seed ?? 1);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (let start = 0; start < order.length; start += batchSize) {
      const end = Math.min(order.length, start + batchSize);
      gradW.fill(0);
      gradB.fill(0);
      for (let b = start; b < end; b++) {
        const e = order[b]!;
        const x = inputs[e]!;
        logitsInto(weights, bias, x, dimensions, probabilities);
        softmaxInPlace(probabilities);
        probabilities[labels[e]!]! -= 1;
        for (let c = 0; c < classes; c++) {
          const g = probabilities[c]!;
          gradB[c]! += g;
          const row = c * dimensions;
          for (let j = 0; j < dimensions; j++) gradW[row + j]! += g * x[j]!;
        }
      }
      const scale = 1 / (end - start);
      step++;
      const correction1 = 1 - beta1 ** step;
      const correction2 = 1 - beta2 ** step;
      for (let i = 0; i < weights.length; i++) {
        const g = gradW[i]! * scale + l2 * weights[i]!;
        adam.mW[i] = beta1 * adam.mW[i]! + (1 - beta1) * g;
        adam.vW[i] = beta2 * adam.vW[i]! + (1 - beta2) * g * g;
        weights[i]! -= (rate * (adam.mW[i]! / correction1)) / (Math.sqrt(adam.vW[i]! / correction2) + 1e-8);
      }
      for (let c = 0; c < classes; c++) {
        const g = gradB[c]! * scale;
        adam.mB[c] = beta1 * adam.mB[c]! + (1 - beta1) * g;
        adam.vB[c] = beta2 * adam.vB[c]! + (1 - beta2) * g * g;
        bias[c]! -= (rate * (adam.mB[c]! / correction1)) / (Math.sqrt(adam.vB[c]! / correction2) + 1e-8);
      }
    }
  }
  return { weights, bias, classes, dimensions };
}

/** out[c] = w_c · x + b_c */
export function logitsInto(weights: Float32Array, bias: Float32Array, x: Float32Array, dimensions: number, out: Float64Array): Float64Array {
  for (let c = 0; c < out.length; c++) {
    const row = c * dimensions;
    let sum = bias[c]!;
    for (let j = 0; j < dimensions; j++) sum += weights[row + j]! * x[j]!;
    out[c] = sum;
  }
  return out;
}

/** Softmax of `values / temperature`, in place. */
export function softmaxInPlace(values: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < values.length; c++) sum += values[c] = Math.exp((values[c]! - max) / temperature);
  for (let c = 0; c < values.length; c++) values[c]! /= sum;
  return values;
}

function shuffle(order: Int32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
}
