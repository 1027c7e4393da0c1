// CTC at the numeric edges, GPU vs CPU (issue 11, part 3): logits of -1e30, -Infinity log-probabilities, the
// finite sentinel itself, and zeroInfinity with each. The rule both backends follow is the log-zero rule of
// shaders/common/numerics.wgsl and its CPU twin (LOG_ZERO_THRESHOLD in src/backends/cpu/ctc.ts): a log-space value
// <= -1e29 is log(0). So an item whose every alignment needs a -1e30 frame has loss +Infinity (0 with zeroInfinity),
// and -Infinity inputs give finite gradients everywhere: 0 for an item with no alignment, with or without zeroInfinity
// (warp-ctc's guarantee; PyTorch gives NaN there).
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { expectClose } from '../harness/compare.ts';
import type { Tolerance } from '../harness/tolerances.ts';
import { describeWebGPU } from '../browser/remote.ts';

const TOL: Tolerance = { atol: 1e-4, rtol: 1e-4 };
const T = 4, N = 2, C = 3;

interface Edge {
  name: string;
  /** logProbs [T, N, C], fed to ctcLoss directly (gradient w.r.t. logProbs, PyTorch's convention). */
  lp: number[];
  targets: number[]; // padded [N, 2]
  targetLengths: number[];
  zeroInfinity: boolean;
  /** What the CPU must give for the losses: 'finite', or exact values (Infinity, 0). */
  losses: (number | 'finite')[];
}

/** log(1/3) everywhere, then `edit(t, n, c)` overrides single entries. */
function table(edit: (t: number, n: number, c: number) => number | undefined): number[] {
  const out: number[] = [];
  for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) out.push(edit(t, n, c) ?? Math.log(1 / 3));
  return out;
}
/** logSoftmax on the host in float64 of a row where class `c` has logit -1e30 and the others 0. */
const LOGIT_MINUS_1E30 = -1e30 - Math.log(2);

const EDGES: Edge[] = [
  {
    name: 'logit -1e30 on a class item 0 needs at every frame: impossible (+Infinity), item 1 normal',
    lp: table((_t, n, c) => (n === 0 && c === 2 ? LOGIT_MINUS_1E30 : n === 0 ? Math.log(0.5) : undefined)),
    targets: [2, 0, 1, 0], targetLengths: [1, 1], zeroInfinity: false, losses: [Infinity, 'finite'],
  },
  {
    name: 'the same with zeroInfinity: loss 0 and gradient 0 for item 0',
    lp: table((_t, n, c) => (n === 0 && c === 2 ? LOGIT_MINUS_1E30 : n === 0 ? Math.log(0.5) : undefined)),
    targets: [2, 0, 1, 0], targetLengths: [1, 1], zeroInfinity: true, losses: [0, 'finite'],
  },
  {
    name: 'logit -1e30 on a class no target uses: finite loss and gradients',
    lp: table((_t, _n, c) => (c === 2 ? LOGIT_MINUS_1E30 : Math.log(0.5))),
    targets: [1, 0, 1, 1], targetLengths: [1, 2], zeroInfinity: false, losses: ['finite', 'finite'],
  },
  {
    name: '-Infinity on an unused class: finite gradients (PyTorch: NaN)',
    lp: table((_t, _n, c) => (c === 2 ? -Infinity : Math.log(0.5))),
    targets: [1, 0, 1, 1], targetLengths: [1, 2], zeroInfinity: false, losses: ['finite', 'finite'],
  },
  {
    name: '-Infinity on a used class at some frames, another alignment remains',
    lp: table((t, n, c) => (c === 1 && (t === 0 || (n === 1 && t === 3)) ? -Infinity : undefined)),
    targets: [1, 0, 1, 2], targetLengths: [1, 2], zeroInfinity: false, losses: ['finite', 'finite'],
  },
  {
    name: '-Infinity making item 1 impossible, with zeroInfinity',
    lp: table((_t, n, c) => (n === 1 && c === 2 ? -Infinity : undefined)),
    targets: [1, 0, 1, 2], targetLengths: [1, 2], zeroInfinity: true, losses: ['finite', 0],
  },
  {
    name: 'the WGSL sentinel -1e30 itself and -1e29 (the threshold) as inputs: log 0 on both',
    lp: table((t, _n, c) => (c === 2 ? (t % 2 === 0 ? -1e30 : -1e29) : Math.log(0.5))),
    targets: [1, 0, 2, 0], targetLengths: [1, 1], zeroInfinity: true, losses: ['finite', 0],
  },
  {
    name: 'large finite logits above the threshold (-1e3) stay ordinary numbers',
    lp: table((_t, _n, c) => (c === 2 ? -1e3 : Math.log(0.5))),
    targets: [2, 0, 1, 2], targetLengths: [1, 2], zeroInfinity: false, losses: ['finite', 'finite'],
  },
];

interface EdgeRun { loss: number[]; grad: number[] }

async function runEdges(s: typeof sg, arg: { device: 'cpu' | 'webgpu'; edges: Edge[]; T: number; N: number; C: number }): Promise<EdgeRun[]> {
  const dev = await s.init(arg.device);
  const out: EdgeRun[] = [];
  for (const e of arg.edges) {
    const lp = s.tensor(Float32Array.from(e.lp), [arg.T, arg.N, arg.C], { device: dev });
    lp.requiresGrad = true;
    const targets = s.tensor(Int32Array.from(e.targets), [arg.N, 2], { device: dev });
    const loss = s.ctcLoss(lp, targets, new Array(arg.N).fill(arg.T), e.targetLengths, { reduction: 'none', zeroInfinity: e.zeroInfinity });
    loss.backward(s.tensor(new Float32Array(arg.N).fill(1), { device: dev }));
    out.push({ loss: Array.from(await loss.data()), grad: Array.from(await lp.grad!.data()) });
  }
  return out;
}

const args = { edges: EDGES, T, N, C };

function checkCpu(runs: EdgeRun[]): void {
  runs.forEach((r, i) => {
    const e = EDGES[i];
    e.losses.forEach((want, n) => {
      if (want === 'finite') expect(Number.isFinite(r.loss[n]), `${e.name}: loss[${n}] = ${r.loss[n]}`).toBe(true);
      else expect(r.loss[n], `${e.name}: loss[${n}]`).toBe(want);
    });
    for (let t = 0; t < T; t++) {
      for (let n = 0; n < N; n++) {
        const row = r.grad.slice((t * N + n) * C, (t * N + n + 1) * C);
        expect(row.every(Number.isFinite), `${e.name}: grad[${t}, ${n}] = ${row}`).toBe(true);
        // No alignment (loss +Infinity, or 0 through zeroInfinity): the item's gradient is exactly 0.
        const impossible = e.losses[n] === Infinity || (e.zeroInfinity && e.losses[n] === 0);
        if (impossible) expect(row.every((v) => v === 0), `${e.name}: impossible item grad[${t}, ${n}]`).toBe(true);
      }
    }
  });
}

describe('ctc edges (cpu): the log-zero rule', () => {
  it('losses and gradients at -1e30, -Infinity and the threshold', async () => {
    checkCpu(await runEdges(sg, { device: 'cpu', ...args }));
  });
});

describeWebGPU('ctc edges (webgpu vs cpu)', (remote) => {
  it('the GPU follows the same rule: equal losses and gradients, no NaN or Infinity the CPU does not have', async () => {
    const cpu = await runEdges(sg, { device: 'cpu', ...args });
    const gpu = await remote().evaluate(runEdges, { device: 'webgpu', ...args });
    gpu.forEach((g, i) => {
      expectClose(g.loss, cpu[i].loss, TOL, `${EDGES[i].name}: loss`);
      expectClose(g.grad, cpu[i].grad, TOL, `${EDGES[i].name}: grad`);
    });
    checkCpu(gpu);
  }, 120_000);
});
