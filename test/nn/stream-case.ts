// One streaming case, self-contained so it runs both in Node (CPU) and in the WebGPU test page (remote.evaluate):
// builds a seeded RNN/LSTM/GRU stack, runs the whole-sequence forward, then streams the same input in a pattern
// of single steps and chunks, resets selected rows (or all) and streams a second input. Returns every array
// (reference and streamed) plus the dispatches each single step cost. Used by test/nn/streaming.test.ts and
// streaming-f16.test.ts: with weightDtype 'float16' the streamer is created first (it rounds the weights on the
// device), then the module's W_ih, W_hh (and W_hr) are rounded on the host (float32ToHalfBits, the CPU reference of the
// rounding) so that the forward() reference is the float32 model with the same rounded weights.
import type { SeqgpuPageModule } from '../browser/remote.ts';

export interface StreamCase {
  family: 'LSTM' | 'GRU' | 'RNN';
  I: number;
  H: number;
  P?: number;
  L: number;
  N: number;
  /** Chunk lengths of the first input, in order; 1 is a step() call, >1 a chunk() call. */
  pattern: number[];
  /** Rows reset between the two inputs; null resets all. */
  resetRows: number[] | null;
  T2: number;
  relu?: boolean;
  batchFirst?: boolean;
  device: 'cpu' | 'webgpu';
  seed: number;
  weightDtype?: 'float32' | 'float16';
  impl?: 'auto' | 'columns' | 'ksplit' | 'subgroup';
}

export interface StreamCaseResult {
  yFull: Float32Array; // [T, N, R]: forward() of the first input
  yStream: Float32Array; // the same, streamed
  hFull: Float32Array; // [L, N, R]
  hStream: Float32Array;
  cFull: Float32Array | null;
  cStream: Float32Array | null;
  y2Ref: Float32Array; // [T2, N, R]: forward() of the second input from the reset state
  y2Stream: Float32Array;
  stepDispatches: number[];
  /** float16 only: weight values the rounding changed (so the reference is not the float32 model by accident). */
  weightsRounded: number;
}

export async function runStreamCase(sg: SeqgpuPageModule, a: StreamCase): Promise<StreamCaseResult> {
  const device = await sg.init(a.device);
  const generator = new sg.Generator(a.seed);
  const opts = { numLayers: a.L, device, generator, batchFirst: a.batchFirst ?? false };
  const m = a.family === 'LSTM' ? new sg.nn.LSTM(a.I, a.H, { ...opts, projSize: a.P ?? 0 })
    : a.family === 'GRU' ? new sg.nn.GRU(a.I, a.H, opts)
      : new sg.nn.RNN(a.I, a.H, { ...opts, nonlinearity: a.relu ? 'relu' : 'tanh' });
  const T = a.pattern.reduce((s, v) => s + v, 0);
  const { N, I, L } = a;
  const R = a.P ? a.P : a.H;
  const tm = (t: number): number[] => (a.batchFirst ? [N, t, I] : [t, N, I]);
  const x = sg.randn(tm(T), { device, generator });
  const x2 = sg.randn(tm(a.T2), { device, generator });
  const run = (inp: any, st: any): { y: any; h: any; c: any } => {
    if (m instanceof sg.nn.LSTM) {
      const [y, [h, c]] = m.forward(inp, st);
      return { y, h, c };
    }
    const [y, h] = (m as any).forward(inp, st);
    return { y, h, c: null };
  };
  const toTm = (y: any): Promise<Float32Array> => (a.batchFirst ? sg.permute(y, [1, 0, 2]) : y).data() as Promise<Float32Array>;
  const s = m.stream({ batch: N, weightDtype: a.weightDtype ?? 'float32', impl: a.impl ?? 'auto' });
  let weightsRounded = 0;
  if (a.weightDtype === 'float16') {
    const rounded: Record<string, { data: Float32Array; shape: number[] }> = {};
    for (const [name, t] of Object.entries(m.stateDict()) as [string, any][]) {
      if (!/^weight_(ih|hh|hr)_/.test(name)) continue; // the biases stay float32
      const v = (await t.data()) as Float32Array;
      const r = v.map((e) => sg.halfBitsToFloat32(sg.float32ToHalfBits(e)));
      weightsRounded += r.filter((e, i) => e !== v[i]).length;
      rounded[name] = { data: r, shape: [...t.shape] };
    }
    m.loadStateDict(rounded, { strict: false });
  }
  const full = run(x, null);
  const yFull = await toTm(full.y);
  const parts: Float32Array[] = [];
  const stepDispatches: number[] = [];
  let t0 = 0;
  for (const len of a.pattern) {
    const xs = a.batchFirst ? sg.slice(x, [0, t0, 0], [N, len, I]) : sg.slice(x, [t0, 0, 0], [len, N, I]);
    if (len === 1) {
      const xt = sg.reshape(xs, [N, I]);
      const before = device.stats().dispatches;
      const y = s.step(xt);
      stepDispatches.push(device.stats().dispatches - before);
      parts.push((await y.data()) as Float32Array);
    } else {
      parts.push(await toTm(s.chunk(xs)));
    }
    t0 += len;
  }
  const cat = (ps: Float32Array[]): Float32Array => {
    const out = new Float32Array(ps.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of ps) { out.set(p, o); o += p.length; }
    return out;
  };
  const st = s.state;
  const hStream = cat(await Promise.all(st.h.map((t) => t.data() as Promise<Float32Array>)));
  const cStream = st.c ? cat(await Promise.all(st.c.map((t) => t.data() as Promise<Float32Array>))) : null;
  const hFull = (await full.h.data()) as Float32Array;
  const cFull = full.c ? ((await full.c.data()) as Float32Array) : null;
  // Reference for after the reset: forward(x2) from the final state with the reset rows zeroed (host arithmetic).
  const zeroRows = (v: Float32Array, size: number): Float32Array => {
    const out = v.slice();
    for (let l = 0; l < L; l++) for (let n = 0; n < N; n++) {
      if (a.resetRows === null || a.resetRows.includes(n)) out.fill(0, (l * N + n) * size, (l * N + n + 1) * size);
    }
    return out;
  };
  const h0 = sg.tensor(zeroRows(hFull, R), [L, N, R], { device });
  const c0 = cFull ? sg.tensor(zeroRows(cFull, a.H), [L, N, a.H], { device }) : null;
  const ref2 = run(x2, c0 ? [h0, c0] : h0);
  const y2Ref = await toTm(ref2.y);
  s.reset(a.resetRows ?? undefined);
  const parts2: Float32Array[] = [];
  for (let t = 0; t < a.T2; t++) {
    const xt = sg.reshape(a.batchFirst ? sg.slice(x2, [0, t, 0], [N, 1, I]) : sg.slice(x2, [t, 0, 0], [1, N, I]), [N, I]);
    parts2.push((await s.step(xt).data()) as Float32Array);
  }
  s.dispose();
  return { yFull, yStream: cat(parts), hFull, hStream, cFull, cStream, y2Ref, y2Stream: cat(parts2), stepDispatches, weightsRounded };
}
