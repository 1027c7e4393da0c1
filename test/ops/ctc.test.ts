// ctcLoss, ctcAlphaBeta and ctcGreedyDecode through the op API on every backend: the shared suite (logits ->
// logSoftmax -> ctcLoss, so finite differences of the loss check PyTorch's gradient convention exactly), PyTorch
// fixtures on both backends, the alpha-beta invariant, dispatch counts independent of T, training end to end,
// greedy decoding agreement and bad-input errors. Twins: src/ops/ctc.ts, test/ref/ctc.test.ts (the reference).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { defineOpSuite, type OpCase } from '../harness/op-suite.ts';
import { expectClose } from '../harness/compare.ts';
import { NEG_INF_THRESHOLD, TOL, type Tolerance } from '../harness/tolerances.ts';
import { describeWebGPU } from '../browser/remote.ts';

const LOSS_TOL: Tolerance = { atol: 1e-4, rtol: 1e-4 };
const int = (shape: number[], values: number[]) => ({ shape, dtype: 'int32' as const, values });
const alternating = (n: number): number[] => Array.from({ length: n }, (_, i) => 1 + (i % 3));

const cases: OpCase[] = [
  {
    name: 'padded targets, mean, repeated label [3, 3]',
    inputs: [{ shape: [6, 2, 4] }, int([2, 2], [1, 2, 3, 3])],
    run: (s, xs) => s.ctcLoss(s.logSoftmax(xs[0], 2), xs[1], [6, 5], [2, 2]),
  },
  {
    name: 'sum, blank = 2, padding past the target length ignored',
    inputs: [{ shape: [5, 3, 4] }, int([3, 3], [1, 3, 0, 0, 0, 9, 3, 3, 1])],
    run: (s, xs) => s.ctcLoss(s.logSoftmax(xs[0], 2), xs[1], [5, 4, 5], [2, 1, 3], { blank: 2, reduction: 'sum' }),
  },
  {
    name: "concatenated targets, 'none', blank = C-1, a zero-length target",
    inputs: [{ shape: [5, 3, 4] }, int([4], [0, 1, 1, 2])],
    run: (s, xs) => s.ctcLoss(s.logSoftmax(xs[0], 2), xs[1], [5, 5, 3], [3, 0, 1], { blank: 3, reduction: 'none' }),
  },
  {
    name: 'impossible alignment (repeat needs 3 frames, has 2) with zeroInfinity',
    inputs: [{ shape: [3, 2, 3] }, int([2, 2], [1, 1, 2, 1])],
    run: (s, xs) => s.ctcLoss(s.logSoftmax(xs[0], 2), xs[1], [2, 3], [2, 2], { zeroInfinity: true, reduction: 'none' }),
  },
  {
    // +Infinity loss and a zero gradient for the impossible item (PyTorch: NaN); finite differences are meaningless.
    name: 'impossible alignment without zeroInfinity',
    inputs: [{ shape: [3, 2, 3] }, int([2, 2], [1, 1, 2, 1])],
    run: (s, xs) => s.ctcLoss(s.logSoftmax(xs[0], 2), xs[1], [2, 3], [2, 2], { reduction: 'none' }),
    fd: false,
  },
  {
    name: 'long target: 2S+1 = 261 states > 256 invocations (each loops over s)',
    inputs: [{ shape: [136, 1, 4] }, int([1, 130], alternating(130))],
    run: (s, xs) => s.ctcLoss(s.logSoftmax(xs[0], 2), xs[1], [136], [130], { reduction: 'sum' }),
  },
  {
    // Uniform P = 1/2 over {blank, 1}, T = 3, target [1]: of the 8 paths, 001 010 100 011 110 111 collapse to
    // "1" (101 gives "11", 000 gives ""), so P = 6/8 and the loss is -log(3/4).
    name: 'hand-counted: uniform T=3, C=2, target [1]',
    inputs: [{ shape: [3, 1, 2], values: [0, 0, 0, 0, 0, 0], grad: false }, int([1, 1], [1])],
    run: (s, xs) => s.ctcLoss(s.logSoftmax(xs[0], 2), xs[1], [3], [1], { reduction: 'sum' }),
    expect: [[-Math.log(0.75)]],
  },
];

defineOpSuite('ctc', cases);

// ---------- PyTorch fixtures through the op API, on both backends ----------

type Num = number | 'NaN' | 'Infinity' | '-Infinity';
interface CtcFixture {
  name: string; T: number; N: number; C: number; S: number; blank: number; targetsPadded: boolean; zeroInfinity: boolean;
  logProbs: number[]; targets: number[]; inputLengths: number[]; targetLengths: number[]; gradNoneUpstream: number[];
  reductions: Record<'none' | 'sum' | 'mean', { loss: Num[]; grad: Num[] }>;
}
const fixtureDir = join(__dirname, '..', 'fixtures', 'ctc');
const fixtures = readdirSync(fixtureDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(join(fixtureDir, f), 'utf8')) as CtcFixture);
const nums = (a: Num[]): number[] => a.map(Number);
/**
 * PyTorch's gradients with its one deliberate difference applied: an item with no alignment gets NaN from PyTorch and
 * 0 here (warp-ctc's finite-gradient rule, shaders/common/numerics.wgsl), so one impossible item cannot poison the model.
 */
const ourGrads = (a: Num[]): number[] => a.map((v) => (v === 'NaN' ? 0 : Number(v)));

type FixtureRun = Record<'none' | 'sum' | 'mean', { loss: Float32Array; grad: Float32Array }>;

/** Runs one fixture on a device for all three reductions. Self-contained: it also runs in the page. */
async function runFixture(s: typeof sg, arg: { device: 'cpu' | 'webgpu'; fx: CtcFixture }): Promise<FixtureRun> {
  const { fx } = arg;
  const dev = await s.init(arg.device);
  const out: Record<string, { loss: Float32Array; grad: Float32Array }> = {};
  for (const red of ['none', 'sum', 'mean'] as const) {
    const lp = s.tensor(fx.logProbs, [fx.T, fx.N, fx.C], { device: dev, requiresGrad: true });
    const targets = fx.targetsPadded
      ? s.tensor(Int32Array.from(fx.targets), [fx.N, fx.S], { device: dev })
      : s.tensor(Int32Array.from(fx.targets), { device: dev });
    const il = s.tensor(Int32Array.from(fx.inputLengths), { device: dev });
    const loss = s.ctcLoss(lp, targets, il, fx.targetLengths, { blank: fx.blank, reduction: red, zeroInfinity: fx.zeroInfinity });
    // An explicit seed of 1 for the scalar reductions: backward() without one seeds with loss*0+1, which is NaN
    // when the loss is +Infinity (an impossible item), and PyTorch seeds with a plain 1 (reported to the tape owner).
    loss.backward(s.tensor(red === 'none' ? fx.gradNoneUpstream : 1, { device: dev }));
    out[red] = { loss: (await loss.data()) as Float32Array, grad: (await lp.grad!.data()) as Float32Array };
  }
  return out as FixtureRun;
}

function checkFixture(fx: CtcFixture, r: FixtureRun, where: string): void {
  for (const red of ['none', 'sum', 'mean'] as const) {
    expectClose(r[red].loss, nums(fx.reductions[red].loss), LOSS_TOL, `${fx.name} ${red} loss (${where})`);
    expectClose(r[red].grad, ourGrads(fx.reductions[red].grad), TOL.grad, `${fx.name} ${red} grad (${where})`, where === 'webgpu' ? 'gpu-vs-cpu' : 'other');
  }
}

describe('ctcLoss op vs PyTorch fixtures (cpu)', () => {
  for (const fx of fixtures) it(fx.name, async () => checkFixture(fx, await runFixture(sg, { device: 'cpu', fx }), 'cpu'));
});

describeWebGPU('ctcLoss op vs PyTorch fixtures (webgpu)', (remote) => {
  for (const fx of fixtures) it(fx.name, async () => checkFixture(fx, await remote().evaluate(runFixture, { device: 'webgpu', fx }), 'webgpu'));
});

// ---------- alpha/beta: GPU vs CPU and the invariant ----------

interface Lattice { losses: Float32Array; alpha: Float32Array; beta: Float32Array; logProbs: Float32Array }
const LATTICE = { T: 7, N: 3, C: 4, S: 3, targets: [1, 2, 2, 3, 0, 0, 1, 3, 1], il: [7, 6, 4], tl: [3, 1, 3] };

async function runLattice(s: typeof sg, arg: { device: 'cpu' | 'webgpu'; c: typeof LATTICE }): Promise<Lattice> {
  const { c } = arg;
  const dev = await s.init(arg.device);
  s.manualSeed(7);
  const lp = s.logSoftmax(s.randn([c.T, c.N, c.C], { device: dev }), 2);
  const r = s.ctcAlphaBeta(lp, s.tensor(Int32Array.from(c.targets), [c.N, c.S], { device: dev }), c.il, c.tl);
  return {
    losses: (await r.losses.data()) as Float32Array, alpha: (await r.logAlpha.data()) as Float32Array,
    beta: (await r.logBeta.data()) as Float32Array, logProbs: (await lp.data()) as Float32Array,
  };
}

/** logsumexp over s of alpha_t(s) + beta_t(s) - log y_t(l'(s)) (the emission at t is counted twice) = log P, all t. */
function checkInvariant(r: Lattice, where: string): void {
  const { T, N, C, S, targets, il, tl } = LATTICE;
  const W = 2 * S + 1;
  const neg = (v: number): number => (v <= NEG_INF_THRESHOLD ? -Infinity : v);
  for (let n = 0; n < N; n++) {
    const logP = -r.losses[n];
    for (let t = 0; t < il[n]; t++) {
      const terms: number[] = [];
      for (let s = 0; s < 2 * tl[n] + 1; s++) {
        const c = s % 2 === 0 ? 0 : targets[n * S + (s - 1) / 2];
        terms.push(neg(r.alpha[(n * T + t) * W + s]) + neg(r.beta[(n * T + t) * W + s]) - r.logProbs[(t * N + n) * C + c]);
      }
      const m = Math.max(...terms);
      const lse = m + Math.log(terms.reduce((a, v) => a + Math.exp(v - m), 0));
      expect(Math.abs(lse - logP), `${where}: item ${n} frame ${t}: logsumexp ${lse} vs log P ${logP}`).toBeLessThan(1e-4);
    }
  }
}

describe('ctc alpha-beta lattice (cpu)', () => {
  it('logsumexp_s(alpha_t + beta_t - emission) equals log P at every frame', async () => {
    checkInvariant(await runLattice(sg, { device: 'cpu', c: LATTICE }), 'cpu');
  });
});

describeWebGPU('ctc alpha-beta lattice (webgpu)', (remote) => {
  it('matches the CPU lattices (sentinel mapped to -Infinity) and keeps the invariant', async () => {
    const [g, c] = [await remote().evaluate(runLattice, { device: 'webgpu', c: LATTICE }), await runLattice(sg, { device: 'cpu', c: LATTICE })];
    expectClose(g.logProbs, c.logProbs, TOL.forward, 'logProbs');
    expectClose(g.losses, c.losses, LOSS_TOL, 'losses', 'gpu-vs-cpu');
    expectClose(g.alpha, c.alpha, TOL.forward, 'log alpha', 'gpu-vs-cpu');
    expectClose(g.beta, c.beta, TOL.forward, 'log beta', 'gpu-vs-cpu');
    checkInvariant(g, 'webgpu');
  });
});

// ---------- dispatch counts: constant in T ----------

/** Dispatches of ctcLoss forward + backward (reduction 'sum'), for several T. Self-contained. */
async function countDispatches(s: typeof sg, arg: { device: 'cpu' | 'webgpu'; Ts: number[] }): Promise<number[]> {
  const dev = await s.init(arg.device);
  const counts: number[] = [];
  for (const T of arg.Ts) {
    const lp = s.logSoftmax(s.randn([T, 2, 5], { device: dev }), 2).detach();
    lp.requiresGrad = true;
    const targets = s.tensor(Int32Array.from([1, 2, 3, 4]), [2, 2], { device: dev });
    const before = dev.stats().dispatches;
    const loss = s.ctcLoss(lp, targets, [T, T - 1], [2, 2], { reduction: 'sum' });
    loss.backward();
    counts.push(dev.stats().dispatches - before);
    await lp.grad!.data();
  }
  return counts;
}

describe('ctcLoss dispatch count (cpu kernel calls)', () => {
  it('is the same for T = 4, 16, 64', async () => {
    const c = await countDispatches(sg, { device: 'cpu', Ts: [4, 16, 64] });
    expect(new Set(c).size, `counts ${c}`).toBe(1);
  });
});

describeWebGPU('ctcLoss dispatch count (webgpu)', (remote) => {
  it('loss + gradient is the same number of dispatches for T = 4, 16, 64', async () => {
    const c = await remote().evaluate(countDispatches, { device: 'webgpu', Ts: [4, 16, 64] });
    console.log(`ctcLoss forward+backward (reduction 'sum', incl. the sum and its backward): ${c.join(', ')} dispatches for T = 4, 16, 64`);
    expect(new Set(c).size, `counts ${c}`).toBe(1);
  });
});

// ---------- training end to end ----------

describe('logSoftmax -> ctcLoss trains (cpu)', () => {
  it('gradient descent on the logits lowers the loss and greedy decoding then finds the target', async () => {
    const dev = await sg.init('cpu');
    sg.manualSeed(3);
    const logits = sg.randn([8, 2, 5], { device: dev, requiresGrad: true });
    const targets = sg.tensor(Int32Array.from([1, 2, 2, 3, 4, 0]), [2, 3], { device: dev });
    const losses: number[] = [];
    for (let step = 0; step < 60; step++) {
      const loss = sg.ctcLoss(sg.logSoftmax(logits, 2), targets, [8, 8], [3, 2]);
      loss.backward();
      losses.push(await loss.item());
      logits.assign(sg.noGrad(() => sg.sub(logits, sg.mul(logits.grad!, 1.0))));
      logits.grad!.dispose();
      logits.grad = null;
    }
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.2);
    const decoded = await sg.decode.ctcGreedyDecode(sg.logSoftmax(logits, 2), [8, 8]);
    expect(decoded).toEqual([[1, 2, 2], [3, 4]]);
  });
});

describe('nn.Conv1d -> logSoftmax -> nn.CTCLoss trains (cpu)', () => {
  it('a conv front end learns to emit the targets', async () => {
    const dev = await sg.init('cpu');
    sg.manualSeed(5);
    const conv = new sg.nn.Conv1d(3, 5, 3, { padding: 'same', device: dev });
    const ctc = new sg.nn.CTCLoss({ reduction: 'mean' });
    const x = sg.randn([2, 3, 10], { device: dev }); // [N, Cin, L]: L frames
    const targets = sg.tensor(Int32Array.from([1, 2, 3, 4]), { device: dev }); // concatenated: [1, 2] and [3, 4]
    const losses: number[] = [];
    for (let step = 0; step < 80; step++) {
      const logits = sg.permute(conv.forward(x), [2, 0, 1]); // [T, N, C]
      const loss = ctc.forward(sg.logSoftmax(logits, 2), targets, [10, 10], [2, 2]);
      loss.backward();
      losses.push(await loss.item());
      for (const p of conv.parameters()) p.assign(sg.noGrad(() => sg.sub(p, sg.mul(p.grad!, 0.5))));
      conv.zeroGrad();
    }
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.5);
  });
});

// ---------- greedy decoding on both backends ----------

async function greedy(s: typeof sg, arg: { device: 'cpu' | 'webgpu'; lp: Float32Array; T: number; N: number; C: number; il: number[]; blank: number }): Promise<number[][]> {
  const dev = await s.init(arg.device);
  return s.decode.ctcGreedyDecode(s.tensor(arg.lp, [arg.T, arg.N, arg.C], { device: dev }), arg.il, { blank: arg.blank });
}

const GREEDY = (() => {
  const T = 12, N = 3, C = 4;
  // Few distinct values so repeats and ties (to the lowest class) actually happen.
  const lp = Float32Array.from({ length: T * N * C }, (_, i) => -((i * 7919) % 5) * 0.5);
  return { T, N, C, lp, il: [12, 7, 0], blank: 1 };
})();

describe('ctcGreedyDecode (cpu)', () => {
  it('the tensor form equals the typed-array form', async () => {
    const want = sg.decode.ctcGreedyDecode(GREEDY.lp, GREEDY.T, GREEDY.N, GREEDY.C, Int32Array.from(GREEDY.il), GREEDY.blank);
    expect(await greedy(sg, { device: 'cpu', ...GREEDY })).toEqual(want);
    expect(want[2]).toEqual([]);
  });
});

describeWebGPU('ctcGreedyDecode (webgpu)', (remote) => {
  it('argmax on the GPU gives the same labellings as the CPU', async () => {
    const want = sg.decode.ctcGreedyDecode(GREEDY.lp, GREEDY.T, GREEDY.N, GREEDY.C, Int32Array.from(GREEDY.il), GREEDY.blank);
    expect(await remote().evaluate(greedy, { device: 'webgpu', ...GREEDY })).toEqual(want);
  });
});

// ---------- bad input ----------

describe('ctcLoss bad input', () => {
  it('names the offending values', async () => {
    const dev = await sg.init('cpu');
    const lp = sg.logSoftmax(sg.randn([4, 2, 3], { device: dev }), 2);
    const t = (v: number[], shape?: number[]) => sg.tensor(Int32Array.from(v), shape ?? [v.length], { device: dev });
    expect(() => sg.ctcLoss(lp, t([1, 0, 2, 1], [2, 2]), [4, 4], [2, 2])).toThrow(/target 0 position 1 equals the blank label 0/);
    expect(() => sg.ctcLoss(lp, t([1, 3, 2, 1], [2, 2]), [4, 4], [2, 2])).toThrow(/target 0 position 1 is 3, outside \[0, 3\)/);
    expect(() => sg.ctcLoss(lp, t([1, 2, 2, 1], [2, 2]), [5, 4], [2, 2])).toThrow(/inputLengths\[0\] = 5 is longer than T = 4/);
    expect(() => sg.ctcLoss(lp, t([1, 2, 2, 1], [2, 2]), [4, 4], [2, 3])).toThrow(/targetLengths\[1\] = 3 is longer than the padded target width S = 2/);
    expect(() => sg.ctcLoss(lp, t([1, 2, 2, 1], [2, 2]), [4, -1], [2, 2])).toThrow(/inputLengths\[1\] = -1 is negative/);
    expect(() => sg.ctcLoss(lp, t([1, 2, 2, 1], [2, 2]), [4, 4], [-2, 2])).toThrow(/targetLengths\[0\] = -2 is negative/);
    expect(() => sg.ctcLoss(lp, t([1, 2, 2, 1], [2, 2]), [4, 4, 4], [2, 2])).toThrow(/inputLengths has 3 entries .* batch size N = 2/);
    expect(() => sg.ctcLoss(lp, t([1, 2, 2, 1, 1, 1], [3, 2]), [4, 4], [2, 2])).toThrow(/padded targets \[3, 2\] have batch size 3, logProbs has N = 2/);
    expect(() => sg.ctcLoss(lp, t([1, 2, 2]), [4, 4], [2, 2])).toThrow(/concatenated targets have 3 labels, expected sum\(targetLengths\) = 4/);
    expect(() => sg.ctcLoss(lp, t([1, 2, 2, 1], [2, 2]), [4, 4], [2, 2], { blank: 3 })).toThrow(/blank must be an integer in \[0, 3\), got 3/);
    expect(() => sg.ctcLoss(lp, t([1, 2, 2, 1], [2, 2]), [4, 4.5], [2, 2])).toThrow(/inputLengths\[1\] = 4.5 is not an integer/);
    expect(() => sg.ctcLoss(lp, sg.tensor([1, 2, 2, 1], [2, 2], { device: dev }), [4, 4], [2, 2])).toThrow(/targets must be int32/);
    expect(() => sg.ctcLoss(lp.reshape([8, 3]), t([1, 2, 2, 1], [2, 2]), [4, 4], [2, 2])).toThrow(/logProbs must be \[T, N, C\], got \[8, 3\]/);
  });
});
