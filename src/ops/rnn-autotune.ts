// impl 'auto' of the recurrent ops on a GPU backend: the kernel variant is chosen by a cost measured on the device,
// not by a fixed rule. The first time a (family, directions, T, N, H, P) is seen, the call runs on the fixed rule
// (ops record synchronously and cannot wait for the GPU) and a measurement is queued: each candidate variant
// ('fused', 'tiled', and 'persistent' where N*H fits one workgroup) runs forward + backward on zero-filled scratch
// inputs of that shape over min(T, 8) steps, once untimed (pipeline compilation) and then twice, interleaved, timed
// as wall time from recording to queue completion (backend.sync(), so per-dispatch CPU cost counts, as it should);
// the fastest minimum wins and is cached per device and shape (ops/measured-choices.ts: a small LRU per backend
// that goes with the device and holds no GPU memory). Later calls take the measured choice. Explicit impls never measure (the deterministic option).
// Twins: ops/rnn.ts (pickImpl), ops/rnn-bidirectional.ts, kernels/rnn.ts, test/ops/rnn-autotune.test.ts.
import type { Backend, Storage } from '../backend.ts';
import type { Device } from '../device.ts';
import type { RnnKernelVariant } from '../kernels/rnn.ts';
import { gruSavedWidth, lstmSavedWidth, rnnSavedWidth } from '../kernels/rnn.ts';
import { MeasuredChoices } from './measured-choices.ts';

export type TuneFamily = 'lstm' | 'gru' | 'rnnTanh' | 'rnnRelu';
export interface TuneShape { D: number; T: number; N: number; H: number; P: number }

/** What the cache holds per shape: the measured choice (null while measuring) and the times (ms) it came from. */
export interface AutoChoice {
  choice: RnnKernelVariant | null;
  times: Partial<Record<RnnKernelVariant, number>>;
}

/** Shapes remembered per device (LRU): a few training, evaluation and last-batch shapes of a few layers. */
export const AUTO_CACHE_CAPACITY = 32;
const choices = new MeasuredChoices<AutoChoice>(AUTO_CACHE_CAPACITY);
const TUNE_STEPS = 8;

const keyOf = (f: TuneFamily, s: TuneShape): string => `${f}:D${s.D}:T${s.T}:N${s.N}:H${s.H}:P${s.P}`;

/** The variant for this call: the measured one if known, else `fallback` (a measurement is queued on first sight). */
export function autoVariant(device: Device, family: TuneFamily, s: TuneShape, fallback: RnnKernelVariant, persistentFits: boolean): RnnKernelVariant {
  const b = device.backend;
  return choices.choose(b, keyOf(family, s), fallback, () => ({ choice: null, times: {} }), (entry) => {
    const candidates: RnnKernelVariant[] = ['fused'];
    if (s.P === 0) candidates.push('tiled'); // projSize: 'tiled' runs the fused projection kernels
    if (persistentFits) candidates.push('persistent');
    return measure(b, family, s, candidates, entry);
  });
}

/** Resolves once every queued 'auto' measurement on this device has finished (tests and benchmarks await it). */
export function rnnAutotuneSettled(device: Device): Promise<void> {
  return choices.settled(device.backend);
}

/** The measured choice and times for a shape, or null if it has not been measured (or was evicted). */
export function rnnAutoChoice(device: Device, family: TuneFamily, s: TuneShape): AutoChoice | null {
  return choices.lookup(device.backend, keyOf(family, s));
}

async function measure(b: Backend, family: TuneFamily, s: TuneShape, candidates: RnnKernelVariant[], e: AutoChoice): Promise<void> {
  const T = Math.min(s.T, TUNE_STEPS);
  const { D, N, H, P } = s;
  const G = family === 'lstm' ? 4 : family === 'gru' ? 3 : 1;
  const R = P > 0 ? P : H;
  const width = family === 'lstm' ? lstmSavedWidth(H, R) : family === 'gru' ? gruSavedWidth(H) : rnnSavedWidth(H);
  const held: Storage[] = [];
  const zeros = (n: number): Storage => {
    const st = b.upload('float32', new Float32Array(Math.max(1, n)));
    held.push(st);
    return st;
  };
  const x = {
    xProj: zeros(T * N * D * G * H), wHh: zeros(D * G * H * R), wHr: P > 0 ? zeros(D * P * H) : null, h0: zeros(D * N * R),
    c0: zeros(D * N * H), bHh: zeros(D * G * H), y: zeros(T * N * D * R), hN: zeros(D * N * R), cN: zeros(D * N * H),
    saved: zeros(D * T * N * width), dy: zeros(T * N * D * R), dXProj: zeros(T * N * D * G * H), dHp: zeros(T * N * D * G * H),
    dh0: zeros(D * N * R), dc0: zeros(D * N * H), dWhr: P > 0 ? zeros(D * P * H) : null,
  };
  const once = (variant: RnnKernelVariant): void => {
    const common = { D, T, N, H, reverse: false, lengths: null, variant, wHh: x.wHh };
    if (family === 'lstm') {
      const c = { ...common, P, wHr: x.wHr };
      b.run('lstmForward', { ...c, xProj: x.xProj, h0: x.h0, c0: x.c0, y: x.y, hN: x.hN, cN: x.cN, saved: x.saved });
      b.run('lstmBackward', { ...c, saved: x.saved, dy: x.dy, dhN: null, dcN: null, dXProj: x.dXProj, dh0: x.dh0, dc0: x.dc0, dWhr: x.dWhr });
    } else if (family === 'gru') {
      b.run('gruForward', { ...common, xProj: x.xProj, h0: x.h0, bHh: x.bHh, y: x.y, hN: x.hN, saved: x.saved });
      b.run('gruBackward', { ...common, saved: x.saved, dy: x.dy, dhN: null, dXProj: x.dXProj, dHp: x.dHp, dh0: x.dh0 });
    } else {
      const activation = family === 'rnnRelu' ? 'relu' : 'tanh';
      b.run('rnnForward', { ...common, activation, xProj: x.xProj, h0: x.h0, y: x.y, hN: x.hN, saved: x.saved });
      b.run('rnnBackward', { ...common, activation, y: x.y, saved: x.saved, dy: x.dy, dhN: null, dXProj: x.dXProj, dh0: x.dh0 });
    }
  };
  try {
    await b.sync(); // the caller's work first, so it is not timed
    for (const v of candidates) once(v); // compile and warm every candidate
    await b.sync();
    const best: Partial<Record<RnnKernelVariant, number>> = {};
    for (let round = 0; round < 2; round++) {
      for (const v of candidates) {
        const t0 = performance.now();
        once(v);
        await b.sync();
        const ms = performance.now() - t0;
        best[v] = Math.min(best[v] ?? Infinity, ms);
      }
    }
    e.times = best;
    e.choice = candidates.reduce((a, v) => (best[v]! < best[a]! ? v : a));
  } finally {
    for (const st of held) b.free(st);
  }
}
