// Tests of the CTC loss CPU reference (src/backends/cpu/ctc.ts): hand-counted cases, the lecture's worked
// example recomputed, brute-force path enumeration, the alpha-beta invariant, finite differences through
// log-softmax, validation errors, and PyTorch fixtures (scripts/fixtures/gen_ctc.py -> test/fixtures/ctc).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CtcArgs,
  type CtcReduction,
  ctcLossBackward,
  ctcLossBackward64,
  ctcLossForward,
  ctcReduce,
  ctcReduceGrad,
  logAddExp,
} from '../../src/backends/cpu/ctc.ts';

// ---------- helpers ----------

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** log-softmax over the last axis of [rows, C], in float64. */
function logSoftmax(logits: Float64Array, C: number): Float64Array {
  const out = new Float64Array(logits.length);
  for (let r = 0; r < logits.length / C; r++) {
    let m = -Infinity;
    for (let c = 0; c < C; c++) m = Math.max(m, logits[r * C + c]);
    let z = 0;
    for (let c = 0; c < C; c++) z += Math.exp(logits[r * C + c] - m);
    for (let c = 0; c < C; c++) out[r * C + c] = logits[r * C + c] - m - Math.log(z);
  }
  return out;
}

/** Independent of the code under test: merge runs of equal symbols, then drop blanks. */
function collapse(path: number[], blank: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < path.length; i++) {
    if (path[i] !== blank && (i === 0 || path[i] !== path[i - 1])) out.push(path[i]);
  }
  return out;
}

/** Sum of the probabilities of all C^len paths of item n that collapse to `target` (brute force). */
function bruteForceProb(probs: (t: number, c: number) => number, len: number, C: number, target: number[], blank: number): number {
  let total = 0;
  const path = new Array<number>(len).fill(0);
  for (let k = 0; k < C ** len; k++) {
    let rest = k;
    for (let t = 0; t < len; t++) {
      path[t] = rest % C;
      rest = Math.floor(rest / C);
    }
    const col = collapse(path, blank);
    if (col.length === target.length && col.every((v, i) => v === target[i])) {
      let p = 1;
      for (let t = 0; t < len; t++) p *= probs(t, path[t]);
      total += p;
    }
  }
  return total;
}

function baseArgs(over: Partial<CtcArgs> & Pick<CtcArgs, 'logProbs' | 'T' | 'N' | 'C'>): CtcArgs {
  return {
    targets: new Int32Array(0),
    targetsPadded: true,
    S: 0,
    inputLengths: Int32Array.from({ length: over.N }, () => over.T),
    targetLengths: new Int32Array(over.N),
    blank: 0,
    zeroInfinity: false,
    ...over,
  };
}

/** Single-item args from a table of probabilities [T][C] (not log). */
function fromProbTable(table: number[][], target: number[], blank = 0): CtcArgs {
  const T = table.length;
  const C = table[0].length;
  return baseArgs({
    logProbs: Float64Array.from(table.flat().map(Math.log)),
    T,
    N: 1,
    C,
    targets: Int32Array.from(target),
    S: target.length,
    targetLengths: Int32Array.of(target.length),
    blank,
  });
}

// ---------- hand-checked cases ----------

describe('CTC loss: hand-checked cases', () => {
  it('uniform case T=3, C=2, P=1/2: 6 of the 8 paths collapse to [1]', () => {
    // Paths over {-,1}: --1, -1-, -11, 1--, 11-, 111 give [1]; --- gives [] and 1-1 gives [1,1].
    // P = 6 * (1/2)^3 = 3/4, loss = ln(4/3).
    const a = fromProbTable([[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], [1]);
    const { losses } = ctcLossForward(a);
    expect(losses[0]).toBeCloseTo(Math.log(4 / 3), 14);
    expect(bruteForceProb((_t, _c) => 0.5, 3, 2, [1], 0)).toBeCloseTo(0.75, 15);
  });

  it("the lecture's worked example, recomputed: P('A') = 0.85, loss = 0.1625 (the lecture says 0.910 / 0.094)", () => {
    // Classes: 0 = blank, 1 = A. Rows are t = 1..3 of the lecture's table: [P(blank), P(A)].
    const table = [[0.6, 0.4], [0.3, 0.7], [0.5, 0.5]];
    const p = (path: number[]): number => path.reduce((acc, c, t) => acc * table[t][c], 1);
    // Each path the lecture lists, with what it really collapses to:
    expect(collapse([1, 0, 0], 0)).toEqual([1]); // A - -  0.060
    expect(collapse([0, 1, 0], 0)).toEqual([1]); // - A -  0.210
    expect(collapse([0, 0, 1], 0)).toEqual([1]); // - - A  0.090
    expect(collapse([1, 1, 0], 0)).toEqual([1]); // A A -  0.140
    expect(collapse([1, 0, 1], 0)).toEqual([1, 1]); // A - A: a blank separates the two A's -> "AA", not "A"
    expect(collapse([0, 1, 1], 0)).toEqual([1]); // - A A  0.210
    expect(collapse([1, 1, 1], 0)).toEqual([1]); // A A A  0.140
    const valid = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1], [1, 1, 1]];
    const sum = valid.reduce((acc, path) => acc + p(path), 0);
    expect(sum).toBeCloseTo(0.85, 14);
    expect(p([1, 0, 1])).toBeCloseTo(0.06, 14); // the miscounted path: 0.85 + 0.06 = the lecture's 0.91
    expect(bruteForceProb((t, c) => table[t][c], 3, 2, [1], 0)).toBeCloseTo(0.85, 14);
    const { losses } = ctcLossForward(fromProbTable(table, [1]));
    expect(losses[0]).toBeCloseTo(-Math.log(0.85), 12);
    expect(losses[0]).toBeCloseTo(0.1625189, 6);
  });

  it('repeated label [1,1] needs a blank between the ones: T=3 has exactly one path (1,-,1)', () => {
    const a = fromProbTable([[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], [1, 1]);
    expect(ctcLossForward(a).losses[0]).toBeCloseTo(3 * Math.log(2), 14);
    // with T=2 there is no path at all
    const b = fromProbTable([[0.5, 0.5], [0.5, 0.5]], [1, 1]);
    expect(ctcLossForward(b).losses[0]).toBe(Infinity);
    expect(ctcLossForward({ ...b, zeroInfinity: true }).losses[0]).toBe(0);
  });

  it('empty target: only the all-blank path', () => {
    const table = [[0.6, 0.4], [0.3, 0.7], [0.5, 0.5]];
    const { losses } = ctcLossForward(fromProbTable(table, []));
    expect(losses[0]).toBeCloseTo(-Math.log(0.6 * 0.3 * 0.5), 14);
  });

  it('zero input frames: empty target costs 0, a non-empty one is impossible', () => {
    const a = baseArgs({
      logProbs: new Float64Array(2 * 2 * 2).fill(Math.log(0.5)),
      T: 2, N: 2, C: 2,
      targets: Int32Array.of(0, 1), S: 1, targetLengths: Int32Array.of(0, 1), inputLengths: Int32Array.of(0, 0),
    });
    expect(Array.from(ctcLossForward(a).losses)).toEqual([0, Infinity]);
    const g = ctcLossBackward(a, ctcLossForward(a), Float64Array.of(1, 1));
    expect(Array.from(g)).toEqual(new Array(8).fill(0));
  });

  it('reductions: mean divides by clamp(targetLength, 1) before averaging', () => {
    const losses = Float64Array.of(2, 3, 4);
    const tl = Int32Array.of(2, 0, 4);
    expect(ctcReduce(losses, tl, 'sum')[0]).toBe(9);
    expect(ctcReduce(losses, tl, 'mean')[0]).toBeCloseTo((1 + 3 + 1) / 3, 15);
    expect(Array.from(ctcReduceGrad(tl, 'mean', 1))).toEqual([1 / 6, 1 / 3, 1 / 12]);
    expect(Array.from(ctcReduceGrad(tl, 'none', Float64Array.of(1, 2, 3)))).toEqual([1, 2, 3]);
  });
});

// ---------- random tiny inputs: brute force, invariants, gradients ----------

function randomArgs(seed: number, T: number, N: number, C: number, blank: number, padded: boolean): { a: CtcArgs; logits: Float64Array } {
  const r = rng(seed);
  const logits = Float64Array.from({ length: T * N * C }, () => (r() - 0.5) * 4);
  const inputLengths = Int32Array.from({ length: N }, (_, n) => (n === 0 ? T : Math.max(1, T - n)));
  const targetsList: number[][] = [];
  for (let n = 0; n < N; n++) {
    const len = Math.floor(r() * 3); // 0..2 labels; with repeats sometimes
    const t: number[] = [];
    for (let i = 0; i < len; i++) {
      let lab = Math.floor(r() * (C - 1));
      if (lab >= blank) lab += 1; // skip the blank
      t.push(lab);
    }
    targetsList.push(t);
  }
  const S = Math.max(2, ...targetsList.map((t) => t.length));
  const targets = padded
    ? Int32Array.from(targetsList.flatMap((t) => [...t, ...new Array<number>(S - t.length).fill(blank === 1 ? 2 : 1)]))
    : Int32Array.from(targetsList.flat());
  const a: CtcArgs = {
    logProbs: logSoftmax(logits, C), T, N, C, targets, targetsPadded: padded, S,
    inputLengths, targetLengths: Int32Array.from(targetsList.map((t) => t.length)), blank, zeroInfinity: false,
  };
  return { a, logits };
}

function itemTarget(a: CtcArgs, n: number): number[] {
  let off = 0;
  for (let m = 0; m < n; m++) off += a.targetsPadded ? a.S : a.targetLengths[m];
  return Array.from(a.targets.subarray(off, off + a.targetLengths[n]));
}

describe('CTC loss: brute force and invariants on random tiny inputs', () => {
  const cases = [
    { seed: 1, blank: 0, padded: true },
    { seed: 2, blank: 2, padded: false },
    { seed: 3, blank: 3, padded: true },
    { seed: 4, blank: 1, padded: false },
  ];
  for (const { seed, blank, padded } of cases) {
    it(`seed ${seed}, blank ${blank}, ${padded ? 'padded' : 'concatenated'}: exp(-loss) = sum over paths`, () => {
      const T = 5, N = 3, C = 4;
      const { a } = randomArgs(seed, T, N, C, blank, padded);
      const { losses } = ctcLossForward(a);
      for (let n = 0; n < N; n++) {
        const p = bruteForceProb((t, c) => Math.exp(a.logProbs[(t * N + n) * C + c]), a.inputLengths[n], C, itemTarget(a, n), blank);
        expect(Math.exp(-losses[n])).toBeCloseTo(p, 12);
      }
    });

    it(`seed ${seed}: logsumexp_s(alpha_t(s) + beta_t(s) - lp_t(l'(s))) = -loss for every t < inputLength`, () => {
      const T = 6, N = 3, C = 4;
      const { a } = randomArgs(seed + 10, T, N, C, blank, padded);
      const { losses, logAlpha, logBeta } = ctcLossForward(a);
      const W = 2 * a.S + 1;
      for (let n = 0; n < N; n++) {
        const tgt = itemTarget(a, n);
        const ext = [blank, ...tgt.flatMap((l) => [l, blank])];
        for (let t = 0; t < a.inputLengths[n]; t++) {
          let acc = -Infinity;
          for (let s = 0; s < ext.length; s++) {
            const i = (n * T + t) * W + s;
            // both alpha and beta include the emission at t, so subtract it once
            acc = logAddExp(acc, logAlpha[i] + logBeta[i] - a.logProbs[(t * N + n) * C + ext[s]]);
          }
          expect(acc).toBeCloseTo(-losses[n], 11);
        }
      }
    });

    it(`seed ${seed}: gradient through log-softmax matches central finite differences`, () => {
      const T = 4, N = 3, C = 4;
      const r = randomArgs(seed + 20, T, N, C, blank, padded);
      const logits = r.logits;
      // zeroInfinity: a random target may be impossible in 2 frames ([x, x] needs 3); its loss and gradient are 0
      const a: CtcArgs = { ...r.a, zeroInfinity: true };
      const weights = Float64Array.of(1, 0.5, 2); // d(total)/d(loss_n)
      const total = (lg: Float64Array): number => {
        const { losses } = ctcLossForward({ ...a, logProbs: logSoftmax(lg, C) });
        return losses.reduce((acc, v, n) => acc + v * weights[n], 0);
      };
      const saved = ctcLossForward(a);
      const gLp = ctcLossBackward64(a, saved, weights);
      // log-softmax backward: dlogits = g - softmax * sum_c g
      const gLogits = new Float64Array(gLp.length);
      for (let r = 0; r < T * N; r++) {
        let s = 0;
        for (let c = 0; c < C; c++) s += gLp[r * C + c];
        for (let c = 0; c < C; c++) gLogits[r * C + c] = gLp[r * C + c] - Math.exp(a.logProbs[r * C + c]) * s;
      }
      const h = 1e-5;
      for (let i = 0; i < logits.length; i++) {
        const up = Float64Array.from(logits); up[i] += h;
        const dn = Float64Array.from(logits); dn[i] -= h;
        const fd = (total(up) - total(dn)) / (2 * h);
        expect(Math.abs(gLogits[i] - fd)).toBeLessThan(1e-7 + 1e-6 * Math.abs(fd));
      }
    });
  }
});

// ---------- validation ----------

describe('CTC loss: bad input gets a clear error', () => {
  const ok = (): CtcArgs => fromProbTable([[0.5, 0.25, 0.25], [0.5, 0.25, 0.25]], [1]);
  it.each([
    ['label equal to blank', { targets: Int32Array.of(0) }, /equals the blank label 0/],
    ['label outside [0, C)', { targets: Int32Array.of(3) }, /is 3, outside \[0, 3\)/],
    ['negative label', { targets: Int32Array.of(-1) }, /is -1, outside/],
    ['input length > T', { inputLengths: Int32Array.of(3) }, /inputLengths\[0\] = 3 is longer than T = 2/],
    ['target length > S', { targetLengths: Int32Array.of(2) }, /targetLengths\[0\] = 2 is longer than S = 1/],
    ['negative input length', { inputLengths: Int32Array.of(-1) }, /inputLengths\[0\] = -1 is negative/],
    ['negative target length', { targetLengths: Int32Array.of(-2) }, /targetLengths\[0\] = -2 is negative/],
    ['inputLengths batch mismatch', { inputLengths: Int32Array.of(2, 2) }, /inputLengths has 2 entries but the batch size N is 1/],
    ['targetLengths batch mismatch', { targetLengths: Int32Array.of(1, 1) }, /targetLengths has 2 entries but the batch size N is 1/],
    ['logProbs size', { logProbs: new Float32Array(5) }, /logProbs has 5 elements, expected T\*N\*C = 2\*1\*3 = 6/],
    ['blank out of range', { blank: 3 }, /blank must be an integer in \[0, 3\), got 3/],
    ['padded targets size', { targets: Int32Array.of(1, 1) }, /padded targets have 2 elements, expected N\*S = 1\*1 = 1/],
  ] as const)('%s', (_name, patch, msg) => {
    expect(() => ctcLossForward({ ...ok(), ...patch })).toThrow(msg);
  });
  it('concatenated targets must hold sum(targetLengths) labels', () => {
    expect(() => ctcLossForward({ ...ok(), targetsPadded: false, targets: Int32Array.of(1, 2) })).toThrow(
      /concatenated targets have 2 elements, expected sum\(targetLengths\) = 1/,
    );
  });
});

// ---------- PyTorch fixtures ----------

type Num = number | 'NaN' | 'Infinity' | '-Infinity';
interface CtcFixture {
  name: string; T: number; N: number; C: number; S: number; blank: number;
  targetsPadded: boolean; zeroInfinity: boolean;
  logProbs: number[]; targets: number[]; inputLengths: number[]; targetLengths: number[];
  gradNoneUpstream: number[];
  reductions: Record<CtcReduction, { loss: Num[]; grad: Num[] }>;
}
const num = (v: Num): number => (typeof v === 'number' ? v : Number(v));

function expectClose(got: ArrayLike<number>, want: Num[], atol: number, rtol: number, what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = num(want[i]);
    const g = got[i];
    if (Number.isNaN(w)) expect(Number.isNaN(g), `${what}[${i}] should be NaN, got ${g}`).toBe(true);
    else if (!Number.isFinite(w)) expect(g, `${what}[${i}]`).toBe(w);
    else expect(Math.abs(g - w), `${what}[${i}]: got ${g}, want ${w}`).toBeLessThanOrEqual(atol + rtol * Math.abs(w));
  }
}

describe('CTC loss: PyTorch fixtures (all three reductions)', () => {
  const dir = join(__dirname, '..', 'fixtures', 'ctc');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const fx = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CtcFixture;
    for (const red of ['none', 'sum', 'mean'] as const) {
      it(`${fx.name} reduction=${red}`, () => {
        const a: CtcArgs = {
          logProbs: Float32Array.from(fx.logProbs), T: fx.T, N: fx.N, C: fx.C,
          targets: Int32Array.from(fx.targets), targetsPadded: fx.targetsPadded, S: fx.S,
          inputLengths: Int32Array.from(fx.inputLengths), targetLengths: Int32Array.from(fx.targetLengths),
          blank: fx.blank, zeroInfinity: fx.zeroInfinity,
        };
        const saved = ctcLossForward(a);
        const want = fx.reductions[red];
        expectClose(ctcReduce(saved.losses, a.targetLengths, red), want.loss, 1e-6, 2e-6, 'loss');
        const gOut = red === 'none' ? Float64Array.from(fx.gradNoneUpstream) : 1;
        const grad = ctcLossBackward(a, saved, ctcReduceGrad(a.targetLengths, red, gOut));
        // PyTorch's NaN gradient for an item with no alignment is 0 here (warp-ctc's finite-gradient rule, the one
        // deliberate difference; see shaders/common/numerics.wgsl).
        expectClose(grad, want.grad.map((v) => (v === 'NaN' ? 0 : v)), 2e-7, 1e-5, 'grad');
      });
    }
  }
});
