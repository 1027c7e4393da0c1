// CPU kernel table of the rnn family: binds the kernel names in kernels/rnn.ts to the reference time loops
// (rnn-lstm.ts, rnn-gru.ts, rnn-elman.ts) and packs their results into the engine's saved-row layout.
// Twins: backends/webgpu/rnn.ts, shaders/rnn/*.wgsl, src/ops/rnn.ts. 'fused' and 'persistent' are the same here;
// D = 2 (both directions at once) runs each direction through the same code (rnn-directions.ts).
import type { KernelTableOf } from '../../kernels/index.ts';
import type { RnnKernelArgs } from '../../kernels/rnn.ts';
import { CpuStorage, arr } from './storage.ts';
import { float32ToHalfBits, halfBitsToFloat32 } from './f16.ts';
import { type DirSpec, perDirection } from './rnn-directions.ts';
import { isActive, timeOrder } from './rnn.ts';
import { lstmRecurrentBackward, lstmRecurrentForward } from './rnn-lstm.ts';
import { gruRecurrentBackward, gruRecurrentForward } from './rnn-gru.ts';
import { rnnRecurrentBackward, rnnRecurrentForward } from './rnn-elman.ts';

const f32 = (s: Parameters<typeof arr>[0]): Float32Array => arr(s) as Float32Array;
const f32OrNull = (s: Parameters<typeof arr>[0] | null): Float32Array | null => (s === null ? null : f32(s));

/**
 * The state entering each step, [T, N, R], replayed from y (y[t] is the new state at active steps; padded steps
 * carry it). The references recompute this internally but do not return it; the engine needs it for the dW_hh GEMM.
 */
function replayPrev(y: Float32Array, h0: Float32Array, T: number, N: number, R: number, lengths: Int32Array | null, reverse: boolean): Float32Array {
  const prev = new Float32Array(T * N * R);
  const h = Float32Array.from(h0);
  for (const t of timeOrder(T, reverse)) {
    for (let n = 0; n < N; n++) {
      prev.set(h.subarray(n * R, (n + 1) * R), (t * N + n) * R);
      if (isActive(lengths, t, n)) h.set(y.subarray((t * N + n) * R, (t * N + n + 1) * R), n * R);
    }
  }
  return prev;
}

/** Writes columns [col, col + w) of every row of a [rows, width] buffer from a dense [rows, w] array. */
function putCols(dst: Float32Array, width: number, col: number, src: Float32Array, w: number): void {
  const rows = src.length / w;
  for (let r = 0; r < rows; r++) dst.set(src.subarray(r * w, (r + 1) * w), r * width + col);
}

/** Reads columns [col, col + w) of every row back into a dense array. */
function getCols(src: Float32Array, width: number, col: number, w: number): Float32Array {
  const rows = src.length / width;
  const out = new Float32Array(rows * w);
  for (let r = 0; r < rows; r++) out.set(src.subarray(r * width + col, r * width + col + w), r * w);
  return out;
}

/** h0 is the h_prev row of the first visited step (every item enters it with its initial state). */
function firstRows(prev: Float32Array, T: number, N: number, R: number, reverse: boolean): Float32Array {
  const t0 = reverse ? T - 1 : 0;
  return prev.slice(t0 * N * R, (t0 + 1) * N * R);
}

// Which arguments are [T, N, D, ·] rows or [D, ...] blocks, and which are written (see kernels/rnn.ts).
const SPEC = {
  lstmForward: {
    xProj: ['rows', 'in'], h0: ['block', 'in'], c0: ['block', 'in'], wHh: ['block', 'in'], wHr: ['block', 'in'],
    y: ['rows', 'out'], hN: ['block', 'out'], cN: ['block', 'out'], saved: ['block', 'out'],
  },
  lstmBackward: {
    wHh: ['block', 'in'], wHr: ['block', 'in'], saved: ['block', 'in'], dy: ['rows', 'in'], dhN: ['block', 'in'], dcN: ['block', 'in'],
    dXProj: ['rows', 'out'], dh0: ['block', 'out'], dc0: ['block', 'out'], dWhr: ['block', 'out'],
  },
  gruForward: {
    xProj: ['rows', 'in'], h0: ['block', 'in'], wHh: ['block', 'in'], bHh: ['block', 'in'],
    y: ['rows', 'out'], hN: ['block', 'out'], saved: ['block', 'out'],
  },
  gruBackward: {
    wHh: ['block', 'in'], saved: ['block', 'in'], dy: ['rows', 'in'], dhN: ['block', 'in'],
    dXProj: ['rows', 'out'], dHp: ['rows', 'out'], dh0: ['block', 'out'],
  },
  rnnForward: { xProj: ['rows', 'in'], h0: ['block', 'in'], wHh: ['block', 'in'], y: ['rows', 'out'], hN: ['block', 'out'], saved: ['block', 'out'] },
  rnnBackward: {
    wHh: ['block', 'in'], y: ['rows', 'in'], saved: ['block', 'in'], dy: ['rows', 'in'], dhN: ['block', 'in'],
    dXProj: ['rows', 'out'], dh0: ['block', 'out'],
  },
} satisfies Record<string, DirSpec>;

const one: Omit<KernelTableOf<RnnKernelArgs>, 'rnnPack' | 'rnnUnpack'> = {
  lstmForward(a) {
    const { T, N, H, P } = a;
    const R = P > 0 ? P : H;
    const h0 = f32(a.h0);
    const c0 = f32(a.c0);
    const lengths = a.lengths;
    const r = lstmRecurrentForward({
      xProj: f32(a.xProj), h0, c0, wHh: f32(a.wHh), bHh: null, wHr: f32OrNull(a.wHr), lengths, T, N, H, P, reverse: a.reverse,
    });
    f32(a.y).set(r.y);
    f32(a.hN).set(r.hN);
    f32(a.cN).set(r.cN);
    if (a.saved === null) return; // inference: no saved rows
    const W = R + 6 * H;
    const saved = f32(a.saved);
    putCols(saved, W, 0, replayPrev(r.y, h0, T, N, R, lengths, a.reverse), R);
    // c entering each step: the saved c of the previous visited step, c0 for the first.
    const cPrev = new Float32Array(T * N * H);
    const order = timeOrder(T, a.reverse);
    order.forEach((t, s) => {
      const src = s === 0 ? c0 : r.saved.c.subarray(order[s - 1] * N * H, (order[s - 1] + 1) * N * H);
      cPrev.set(src, t * N * H);
    });
    putCols(saved, W, R, cPrev, H);
    putCols(saved, W, R + H, r.saved.gates, 4 * H);
    putCols(saved, W, R + 5 * H, r.saved.c, H);
  },

  lstmBackward(a) {
    const { T, N, H, P } = a;
    const R = P > 0 ? P : H;
    const W = R + 6 * H;
    const saved = f32(a.saved);
    const g = lstmRecurrentBackward(
      {
        xProj: new Float32Array(T * N * 4 * H), // unused by BPTT, present for the size check
        h0: firstRows(getCols(saved, W, 0, R), T, N, R, a.reverse),
        c0: firstRows(getCols(saved, W, R, H), T, N, H, a.reverse),
        wHh: f32(a.wHh), bHh: null, wHr: f32OrNull(a.wHr), lengths: a.lengths, T, N, H, P, reverse: a.reverse,
      },
      { gates: getCols(saved, W, R + H, 4 * H), c: getCols(saved, W, R + 5 * H, H) },
      f32OrNull(a.dy), f32OrNull(a.dhN), f32OrNull(a.dcN),
    );
    // g.dWhh is dropped: the op computes dW_hh as one GEMM over all steps, the same on every backend.
    f32(a.dXProj).set(g.dXProj);
    f32(a.dh0).set(g.dh0);
    f32(a.dc0).set(g.dc0);
    if (a.dWhr !== null && g.dWhr !== null) f32(a.dWhr).set(g.dWhr);
  },

  gruForward(a) {
    const { T, N, H } = a;
    const h0 = f32(a.h0);
    const r = gruRecurrentForward({
      xProj: f32(a.xProj), h0, wHh: f32(a.wHh), bHh: f32OrNull(a.bHh), lengths: a.lengths, T, N, H, reverse: a.reverse,
    });
    f32(a.y).set(r.y);
    f32(a.hN).set(r.hN);
    if (a.saved === null) return;
    const saved = f32(a.saved);
    putCols(saved, 5 * H, 0, replayPrev(r.y, h0, T, N, H, a.lengths, a.reverse), H);
    putCols(saved, 5 * H, H, r.saved.gates, 3 * H);
    putCols(saved, 5 * H, 4 * H, r.saved.hn, H);
  },

  gruBackward(a) {
    const { T, N, H } = a;
    const saved = f32(a.saved);
    const gates = getCols(saved, 5 * H, H, 3 * H);
    const g = gruRecurrentBackward(
      {
        xProj: new Float32Array(T * N * 3 * H),
        h0: firstRows(getCols(saved, 5 * H, 0, H), T, N, H, a.reverse),
        wHh: f32(a.wHh), bHh: null, lengths: a.lengths, T, N, H, reverse: a.reverse,
      },
      { gates, hn: getCols(saved, 5 * H, 4 * H, H) },
      f32OrNull(a.dy), f32OrNull(a.dhN),
    );
    f32(a.dXProj).set(g.dXProj);
    f32(a.dh0).set(g.dh0);
    // dHp: the r and z blocks equal dXProj's; the n block is scaled by r (hp_n enters pre_n as r * hp_n).
    const dHp = f32(a.dHp);
    dHp.set(g.dXProj);
    for (let row = 0; row < T * N; row++) {
      for (let j = 0; j < H; j++) dHp[row * 3 * H + 2 * H + j] *= gates[row * 3 * H + j];
    }
  },

  rnnForward(a) {
    const { T, N, H } = a;
    const h0 = f32(a.h0);
    const r = rnnRecurrentForward({
      xProj: f32(a.xProj), h0, wHh: f32(a.wHh), bHh: null, lengths: a.lengths, T, N, H, reverse: a.reverse, nonlinearity: a.activation,
    });
    f32(a.y).set(r.y);
    f32(a.hN).set(r.hN);
    if (a.saved !== null) f32(a.saved).set(replayPrev(r.y, h0, T, N, H, a.lengths, a.reverse));
  },

  rnnBackward(a) {
    const { T, N, H } = a;
    // The reference's saved.h is the state AFTER each step (carried through padding); rebuild it from y.
    const y = f32(a.y);
    const prev = f32(a.saved);
    const after = new Float32Array(T * N * H);
    for (let t = 0; t < T; t++) {
      for (let n = 0; n < N; n++) {
        const row = (t * N + n) * H;
        after.set((isActive(a.lengths, t, n) ? y : prev).subarray(row, row + H), row);
      }
    }
    const g = rnnRecurrentBackward(
      {
        xProj: new Float32Array(T * N * H), h0: firstRows(prev, T, N, H, a.reverse), wHh: f32(a.wHh), bHh: null,
        lengths: a.lengths, T, N, H, reverse: a.reverse, nonlinearity: a.activation,
      },
      { h: after },
      f32OrNull(a.dy), f32OrNull(a.dhN),
    );
    f32(a.dXProj).set(g.dXProj);
    f32(a.dh0).set(g.dh0);
  },
};

/** float16 W_hh: the reference runs on a copy of W_hh rounded to binary16 (backends/cpu/f16.ts), in float64 as ever. */
function halfRounded<A extends { wHh: Parameters<typeof arr>[0]; wHhDtype?: 'float32' | 'float16' }>(a: A): A {
  if ((a.wHhDtype ?? 'float32') === 'float32') return a;
  const w = Float32Array.from(f32(a.wHh), (v) => halfBitsToFloat32(float32ToHalfBits(v)));
  return { ...a, wHh: new CpuStorage('float32', w) };
}

export const rnnCpuKernels: KernelTableOf<RnnKernelArgs> = {
  lstmForward: (a) => perDirection(halfRounded(a), SPEC.lstmForward, one.lstmForward),
  lstmBackward: (a) => perDirection(a, SPEC.lstmBackward, one.lstmBackward),
  gruForward: (a) => perDirection(halfRounded(a), SPEC.gruForward, one.gruForward),
  gruBackward: (a) => perDirection(a, SPEC.gruBackward, one.gruBackward),
  rnnForward: (a) => perDirection(halfRounded(a), SPEC.rnnForward, one.rnnForward),
  rnnBackward: (a) => perDirection(a, SPEC.rnnBackward, one.rnnBackward),
  rnnPack(a) {
    const A = f32(a.A);
    const B = f32(a.B);
    A.set(f32(a.a0).subarray(0, a.sizeA), 0);
    A.set(f32(a.a1).subarray(0, a.sizeA), a.sizeA);
    B.set(f32(a.b0).subarray(0, a.sizeB), 0);
    B.set(f32(a.b1).subarray(0, a.sizeB), a.sizeB);
  },
  rnnUnpack(a) {
    const A = f32(a.A);
    const B = f32(a.B);
    f32(a.a0).set(A.subarray(0, a.sizeA));
    f32(a.a1).set(A.subarray(a.sizeA, 2 * a.sizeA));
    f32(a.b0).set(B.subarray(0, a.sizeB));
    f32(a.b1).set(B.subarray(a.sizeB, 2 * a.sizeB));
  },
};
