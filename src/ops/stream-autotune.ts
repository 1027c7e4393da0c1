// impl 'auto' of streaming steps on a GPU backend: the step kernel (kernels/stream.ts: 'columns', 'ksplit',
// 'subgroup') is chosen by a cost measured on the device, as ops/rnn-autotune.ts does for the whole-sequence
// kernels. The first time a (cell, N, I, H, P, weight dtype) is seen the step runs 'columns' and a measurement is
// queued: every candidate runs on scratch inputs of that shape, once untimed (compilation), then 3 interleaved
// rounds of 4 steps timed as wall time from recording to queue completion; the fastest minimum wins and is cached
// per device and shape (ops/measured-choices.ts, shared with the whole-sequence 'auto'). Candidates: 'columns'
// always; 'ksplit' when P = 0; 'subgroup' when P = 0, the device has 'subgroups', and a check on this device gave
// the same outputs as 'ksplit' (the subgroup kernel assumes subgroups are runs of consecutive invocations, which
// WGSL does not promise: where that fails, 'auto' never picks it). Explicit impls never measure.
// Twins: nn/stream.ts (the caller), ops/stream.ts, test/nn/streaming-variants.test.ts.
import type { Backend, Storage } from '../backend.ts';
import type { Device } from '../device.ts';
import { MeasuredChoices } from './measured-choices.ts';
import { type StreamCell, type StreamStepArgs, type StreamVariant, type StreamWeightDtype, halfWords, streamColumns } from '../kernels/stream.ts';

export interface StreamTuneShape { cell: StreamCell; N: number; I: number; H: number; P: number; wDtype: StreamWeightDtype }

/** What the cache holds per shape: the measured choice (null while measuring), the times (ms) and the check. */
export interface StreamAutoChoice {
  choice: StreamVariant | null;
  times: Partial<Record<StreamVariant, number>>;
  /** Whether 'subgroup' matched 'ksplit' on this device (null: not checked: no subgroups, or a projection). */
  subgroupChecked: boolean | null;
}

export const STREAM_AUTO_CACHE_CAPACITY = 32;
const choices = new MeasuredChoices<StreamAutoChoice>(STREAM_AUTO_CACHE_CAPACITY);
const STEPS_PER_SAMPLE = 4;

const keyOf = (s: StreamTuneShape): string => `${s.cell}:N${s.N}:I${s.I}:H${s.H}:P${s.P}:${s.wDtype}`;

/** The variant for this step: the measured one if known, else 'columns' (a measurement is queued on first sight). */
export function streamAutoVariant(device: Device, s: StreamTuneShape): StreamVariant {
  if (device.kind !== 'webgpu') return 'columns';
  const b = device.backend;
  return choices.choose(b, keyOf(s), 'columns', () => ({ choice: null, times: {}, subgroupChecked: null }), (entry) => measure(b, s, entry));
}

/** Resolves once every queued streaming measurement on this device has finished (tests and benchmarks await it). */
export function streamAutotuneSettled(device: Device): Promise<void> {
  return choices.settled(device.backend);
}

/** The measured choice for a shape, or null if it has not been measured (or was evicted). */
export function streamAutoChoice(device: Device, s: StreamTuneShape): StreamAutoChoice | null {
  return choices.lookup(device.backend, keyOf(s));
}

async function measure(b: Backend, s: StreamTuneShape, e: StreamAutoChoice): Promise<void> {
  const { cell, N, I, H, P, wDtype } = s;
  const R = P > 0 ? P : H;
  const C4 = streamColumns(cell, H);
  const K = I + R;
  const held: Storage[] = [];
  // Small non-zero values (the subgroup check compares outputs, which zeros would make trivially equal).
  const up = (n: number, scale: number): Storage => {
    const v = new Float32Array(Math.max(4, n));
    for (let i = 0; i < n; i++) v[i] = scale * Math.sin(0.7 * i + 0.3);
    const st = b.upload('float32', v);
    held.push(st);
    return st;
  };
  // n weights as float16 words (two halves of 0.1 per word) or float32 values, as the step reads them.
  const weights = (n: number): Storage => {
    if (wDtype === 'float32') return up(n, 0.1);
    const st = b.upload('int32', new Int32Array(halfWords(n)).fill(0x2e662e66));
    held.push(st);
    return st;
  };
  const w = weights(K * C4 * 4);
  const args = (variant: StreamVariant, hOut: Storage, cOut: Storage | null): StreamStepArgs => ({
    cell, activation: 'tanh', N, I, H, P, x: x, h: hh, c: cell === 'lstm' ? c : null, w, wDtype, variant,
    b: bias, wHrT: P > 0 ? wHrT : null, hOut, cOut,
  });
  const x = up(N * I, 1);
  const hh = up(N * R, 0.5);
  const c = up(N * H, 0.5);
  const bias = up(2 * C4 * 4, 0.1);
  const wHrT = weights(H * P);
  const hOut = up(N * R, 0);
  const cOut = cell === 'lstm' ? up(N * H, 0) : null;
  try {
    await b.sync(); // the caller's work first, so it is not timed
    const candidates: StreamVariant[] = ['columns'];
    if (P === 0) candidates.push('ksplit');
    if (P === 0 && b.features.includes('subgroups')) {
      const h2 = up(N * R, 0);
      b.run('streamStep', args('ksplit', hOut, cOut));
      b.run('streamStep', args('subgroup', h2, cOut));
      const [ref, got] = await Promise.all([b.read(hOut), b.read(h2)]);
      e.subgroupChecked = ref.every((v, i) => Math.abs(v - got[i]) <= 1e-5 * (1 + Math.abs(v)));
      if (e.subgroupChecked) candidates.push('subgroup');
    }
    for (const v of candidates) b.run('streamStep', args(v, hOut, cOut)); // compile and warm
    await b.sync();
    const best: Partial<Record<StreamVariant, number>> = {};
    for (let round = 0; round < 3; round++) {
      for (const v of candidates) {
        const t0 = performance.now();
        for (let i = 0; i < STEPS_PER_SAMPLE; i++) b.run('streamStep', args(v, hOut, cOut));
        await b.sync();
        best[v] = Math.min(best[v] ?? Infinity, performance.now() - t0);
      }
    }
    e.times = best;
    e.choice = candidates.reduce((a, v) => (best[v]! < best[a]! ? v : a));
  } finally {
    for (const st of held) b.free(st);
  }
}
