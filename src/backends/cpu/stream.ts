/**
 * CPU reference of streamStep: one timestep of one recurrent layer, read from the packed weights of
 * kernels/stream.ts (so this also checks the packing), plain loops in float64. Gate maths as the whole-sequence
 * references (rnn-lstm.ts, rnn-gru.ts, rnn-elman.ts): PyTorch's i,f,g,o / r,z,n (reset-after) / tanh|relu.
 * Twins: shaders/rnn/stream-step.wgsl, backends/webgpu/stream.ts, ops/stream.ts.
 */
import type { KernelTableOf } from '../../kernels/index.ts';
import type { Storage } from '../../backend.ts';
import { type PackFloat16Args, type StreamKernelArgs, type StreamStepArgs, halfWords, streamColumns } from '../../kernels/stream.ts';
import { arr } from './storage.ts';
import { packFloat16 as packHalves, unpackHalf } from './f16.ts';
import { checkSize, sigmoid } from './rnn.ts';

export function streamStep(a: StreamStepArgs): void {
  const { cell, N, I, H, P } = a;
  const R = P > 0 ? P : H;
  const C4 = streamColumns(cell, H);
  const K = I + R;
  const x = arr(a.x), h = arr(a.h), b = arr(a.b), hOut = arr(a.hOut);
  checkSize('streamStep x', x as Float32Array, [N, I]);
  checkSize('streamStep h', h as Float32Array, [N, R]);
  const w = unpacked(a, a.w, K * C4 * 4, 'w');
  const c = a.c ? arr(a.c) : null;
  const cOut = a.cOut ? arr(a.cOut) : null;
  const wHrT = a.wHrT ? unpacked(a, a.wHrT, H * P, 'wHrT') : null;
  // ax: the input part (x W_ih^T), ah: the recurrent part (h W_hh^T), per column q and lane e; kept apart because
  // the GRU's candidate gate scales only the recurrent part (plus b_hn) by r.
  const ax = new Float64Array(C4 * 4);
  const ah = new Float64Array(C4 * 4);
  const m = new Float64Array(H); // LSTM: o * tanh(c'), projected when P > 0
  for (let n = 0; n < N; n++) {
    ax.fill(0);
    ah.fill(0);
    for (let k = 0; k < K; k++) {
      const z = k < I ? x[n * I + k] : h[n * R + k - I];
      const acc = k < I ? ax : ah;
      const row = k * C4 * 4;
      for (let e = 0; e < C4 * 4; e++) acc[e] += w[row + e] * z;
    }
    for (let q = 0; q < C4; q++) {
      const g = (e: number): number => ax[q * 4 + e] + b[q * 4 + e]; // input part + b_ih
      const r = (e: number): number => ah[q * 4 + e] + b[(C4 + q) * 4 + e]; // recurrent part + b_hh
      if (cell === 'lstm') {
        const ig = sigmoid(g(0) + r(0));
        const fg = sigmoid(g(1) + r(1));
        const gg = Math.tanh(g(2) + r(2));
        const og = sigmoid(g(3) + r(3));
        const cNew = fg * c![n * H + q] + ig * gg;
        cOut![n * H + q] = cNew;
        m[q] = og * Math.tanh(cNew);
      } else if (cell === 'gru') {
        const rg = sigmoid(g(0) + r(0));
        const zg = sigmoid(g(1) + r(1));
        const ng = Math.tanh(g(2) + rg * r(2));
        hOut[n * H + q] = (1 - zg) * ng + zg * h[n * H + q];
      } else {
        for (let e = 0; e < 4 && 4 * q + e < H; e++) {
          const v = g(e) + r(e);
          hOut[n * H + 4 * q + e] = a.activation === 'relu' ? Math.max(0, v) : Math.tanh(v);
        }
      }
    }
    if (cell === 'lstm') {
      if (wHrT) {
        // h' = W_hr m, W_hr read transposed [H, P] as the GPU reads it.
        for (let p = 0; p < P; p++) {
          let s = 0;
          for (let j = 0; j < H; j++) s += m[j] * wHrT[j * P + p];
          hOut[n * P + p] = s;
        }
      } else {
        for (let j = 0; j < H; j++) hOut[n * H + j] = m[j];
      }
    }
  }
}

/** n weights (w or wHrT) as float32 values: as stored, or unpacked from halves (exact: every half is a float32). */
function unpacked(a: StreamStepArgs, st: Storage, n: number, name: string): Float32Array {
  const w = arr(st);
  if (a.wDtype === 'float32') {
    checkSize(`streamStep ${name}`, w as Float32Array, [n]);
    return w as Float32Array;
  }
  if (w.length !== halfWords(n)) throw new Error(`streamStep: float16 ${name} holds ${w.length} words, expected ${halfWords(n)} for ${n} halves`);
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = unpackHalf(w, k);
  return out;
}

export function packFloat16(a: PackFloat16Args): void {
  const src = arr(a.src);
  const dst = arr(a.dst) as Int32Array;
  if (dst.length !== halfWords(src.length)) throw new Error(`packFloat16: dst holds ${dst.length} words, expected ${halfWords(src.length)}`);
  packHalves(src, dst);
}

export const streamCpuKernels: KernelTableOf<StreamKernelArgs> = { streamStep, packFloat16 };
