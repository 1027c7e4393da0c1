// WebGPU glue of the rnn family: binds the kernel names in kernels/rnn.ts to shaders/rnn/*.wgsl. The fused variant
// records one dispatch per timestep (the step index and lengths travel in each dispatch's uniform block), plus one
// `tail` dispatch in backward; the persistent variant records a single dispatch of one workgroup per direction.
// Both directions of a bidirectional layer (D = 2) share every dispatch: the direction is the grid's y.
// The 'tiled' variant goes to rnn-tiled.ts (projSize: the per-step projection kernels of rnn-proj.ts).
// Twins: backends/cpu/rnn-kernels.ts, src/ops/rnn.ts, kernels/rnn.ts.
import type { Storage } from '../../backend.ts';
import type { KernelTableOf } from '../../kernels/index.ts';
import type { RnnKernelArgs, WeightDtype } from '../../kernels/rnn.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import { Params } from './params.ts';
import lstmForwardWgsl from '../../../shaders/rnn/lstm-forward.wgsl?raw';
import lstmBackwardWgsl from '../../../shaders/rnn/lstm-backward.wgsl?raw';
import gruForwardWgsl from '../../../shaders/rnn/gru-forward.wgsl?raw';
import gruBackwardWgsl from '../../../shaders/rnn/gru-backward.wgsl?raw';
import rnnForwardWgsl from '../../../shaders/rnn/rnn-forward.wgsl?raw';
import rnnBackwardWgsl from '../../../shaders/rnn/rnn-backward.wgsl?raw';
import packWgsl from '../../../shaders/rnn/pack.wgsl?raw';
import { grid1d } from './grid.ts';
import { lstmProjBackward, lstmProjForward } from './rnn-proj.ts';
import { tiledBackward, tiledForward } from './rnn-tiled.ts';

/** Lengths ride in the uniform block (storage bindings are all taken: LSTM backward uses the default 8). */
const MAX_LENGTHS = 1024;
/** The persistent kernels' workgroup, and the [N, 4H] workgroup array of the backward ones. */
const PERSISTENT_WG = 256;
const STEP_WG = 64;

type Entry = 'step' | 'persistent' | 'tail';
type Family = 'lstm-forward' | 'lstm-backward' | 'gru-forward' | 'gru-backward' | 'rnn-forward' | 'rnn-backward';
const CODE: Record<Family, string> = {
  'lstm-forward': lstmForwardWgsl, 'lstm-backward': lstmBackwardWgsl, 'gru-forward': gruForwardWgsl,
  'gru-backward': gruBackwardWgsl, 'rnn-forward': rnnForwardWgsl, 'rnn-backward': rnnBackwardWgsl,
};
/** Storage bindings of each family: reads first, then read_write, as declared in the WGSL. */
const BINDINGS: Record<Family, [number, number]> = {
  'lstm-forward': [4, 4], 'lstm-backward': [5, 3], 'gru-forward': [4, 3], 'gru-backward': [4, 3], 'rnn-forward': [3, 3], 'rnn-backward': [4, 2],
};
const specs = new Map<string, KernelSpec>();
function spec(family: Family, entry: Entry): KernelSpec {
  const name = `rnn/${family}`;
  const key = `${name}:${entry}`;
  let s = specs.get(key);
  if (!s) {
    const [r, w] = BINDINGS[family];
    s = { name, code: CODE[family], entryPoint: entry, bindings: [...Array<'read'>(r).fill('read'), ...Array<'write'>(w).fill('write')], uniform: true };
    specs.set(key, s);
  }
  return s;
}

interface Loop {
  D: number; T: number; N: number; H: number; reverse: boolean; lengths: Int32Array | null; variant: 'fused' | 'persistent' | 'tiled';
}

function lengthWords(name: string, a: Loop): number[] {
  if (!a.lengths) return [];
  if (a.N > MAX_LENGTHS) throw new Error(`${name}: WebGPU kernels take lengths for at most ${MAX_LENGTHS} sequences per batch, got N = ${a.N}`);
  return Array.from(a.lengths);
}

function params(a: Loop, lens: number[], s: number, flags: number): Uint32Array {
  return new Params().u32(a.T).u32(a.N).u32(a.H).u32(s).u32(a.reverse ? 1 : 0).u32(a.lengths ? 1 : 0).u32(flags).u32(a.D)
    .vec4s(lens, MAX_LENGTHS / 4).build();
}

/** Runs a family's time loop: T step dispatches (optionally a tail), or one persistent dispatch. */
function loop(b: WebGpuBackend, family: Family, a: Loop, storages: Storage[], flags: number, backward: boolean, constants: Record<string, number> = {}): void {
  const lens = lengthWords(family, a);
  if (a.variant === 'persistent') {
    if (a.N * a.H > PERSISTENT_WG) throw new Error(`rnn/${family}: the persistent kernel needs N*H <= ${PERSISTENT_WG}, got N=${a.N}, H=${a.H}`);
    b.dispatch(spec(family, 'persistent'), { constants, storages, params: params(a, lens, 0, flags), groups: [1, a.D] });
    return;
  }
  const groups: [number, number] = [Math.ceil((a.N * a.H) / STEP_WG), a.D];
  for (let i = 0; i < a.T; i++) {
    const s = backward ? a.T - 1 - i : i;
    b.dispatch(spec(family, 'step'), { constants, storages, params: params(a, lens, s, flags), groups });
  }
  if (backward) b.dispatch(spec(family, 'tail'), { constants, storages, params: params(a, lens, 0, flags), groups });
}

/** Forward flag: inference, saved rows not written (shaders/common/rnn-steps.wgsl `keep_saved`). */
const NO_SAVED = 8;

/**
 * Runs a forward family with the caller's saved buffer, or, in inference (saved null), with a 4-float stand-in and
 * NO_SAVED set: the kernels then write only y and the final states.
 */
function forward(b: WebGpuBackend, saved: Storage | null, flags: number, run: (saved: Storage, flags: number) => void): void {
  if (saved) return run(saved, flags);
  const scratch = b.alloc('float32', 4);
  run(scratch, flags | NO_SAVED);
  b.free(scratch); // the pool hands it out again only to work recorded after these dispatches
}

/** Absent optional inputs bind a harmless stand-in (read-only aliasing is allowed); a flag tells the kernel. */
const orDummy = (s: Storage | null, dummy: Storage): Storage => s ?? dummy;
const flagsOf = (...present: (Storage | null)[]): number => present.reduce((f, s, i) => f | (s ? 1 << i : 0), 0);

const PACK: KernelSpec = { name: 'rnn/pack', code: packWgsl, entryPoint: 'pack', bindings: ['read', 'read', 'read', 'read', 'write', 'write'], uniform: true };
const UNPACK: KernelSpec = { ...PACK, entryPoint: 'unpack', bindings: ['write', 'write', 'write', 'write', 'read', 'read'] };

/** float16 W_hh (inference, ops weightDtype): only the 'tiled' rung stores it so, and only without a projection. */
function readsHalfWeights(a: { wHhDtype?: WeightDtype; variant: string; saved: Storage | null; P?: number }): boolean {
  if ((a.wHhDtype ?? 'float32') === 'float32') return false;
  if (a.variant !== 'tiled' || (a.P ?? 0) > 0 || a.saved) throw new Error("rnn forward: float16 W_hh runs the 'tiled' rung, for inference, without projSize");
  return true;
}

export const rnnWebgpuKernels: KernelTableOf<RnnKernelArgs, WebGpuBackend> = {
  rnnPack(b, a) {
    const params = new Params().u32(a.sizeA).u32(a.sizeB).build();
    b.dispatch(PACK, { storages: [a.a0, a.a1, a.b0, a.b1, a.A, a.B], params, groups: grid1d(Math.max(a.sizeA, a.sizeB), 64) });
  },
  rnnUnpack(b, a) {
    const params = new Params().u32(a.sizeA).u32(a.sizeB).build();
    b.dispatch(UNPACK, { storages: [a.a0, a.a1, a.b0, a.b1, a.A, a.B], params, groups: grid1d(Math.max(a.sizeA, a.sizeB), 64) });
  },
  lstmForward(b, a) {
    const f16 = readsHalfWeights(a);
    if (a.P > 0) return lstmProjForward(b, a);
    forward(b, a.saved, 0, (saved, flags) => {
      if (a.variant === 'tiled') return tiledForward(b, 'lstm', a, { xProj: a.xProj, wHh: a.wHh, h0: a.h0, aux: a.c0, y: a.y, saved, hN: a.hN, cN: a.cN, flags, f16 });
      loop(b, 'lstm-forward', a, [a.xProj, a.wHh, a.h0, a.c0, a.y, saved, a.hN, a.cN], flags, false);
    });
  },
  lstmBackward(b, a) {
    if (a.P > 0) return lstmProjBackward(b, a);
    if (a.variant === 'tiled') {
      return tiledBackward(b, 'lstm', a, { wHh: a.wHh, saved: a.saved, dy: a.dy, dhN: a.dhN, dcN: a.dcN, dXProj: a.dXProj, dh0: a.dh0, aux: a.dc0 });
    }
    const d = a.wHh;
    loop(b, 'lstm-backward', a, [a.wHh, a.saved, orDummy(a.dy, d), orDummy(a.dhN, d), orDummy(a.dcN, d), a.dXProj, a.dh0, a.dc0], flagsOf(a.dy, a.dhN, a.dcN), true);
  },
  gruForward(b, a) {
    const f16 = readsHalfWeights(a);
    forward(b, a.saved, flagsOf(a.bHh), (saved, flags) => {
      if (a.variant === 'tiled') return tiledForward(b, 'gru', a, { xProj: a.xProj, wHh: a.wHh, h0: a.h0, aux: a.bHh, y: a.y, saved, hN: a.hN, cN: null, flags, f16 });
      loop(b, 'gru-forward', a, [a.xProj, a.wHh, orDummy(a.bHh, a.wHh), a.h0, a.y, saved, a.hN], flags, false);
    });
  },
  gruBackward(b, a) {
    if (a.variant === 'tiled') {
      return tiledBackward(b, 'gru', a, { wHh: a.wHh, saved: a.saved, dy: a.dy, dhN: a.dhN, dcN: null, dXProj: a.dXProj, dh0: a.dh0, aux: a.dHp });
    }
    const d = a.wHh;
    loop(b, 'gru-backward', a, [a.wHh, a.saved, orDummy(a.dy, d), orDummy(a.dhN, d), a.dXProj, a.dHp, a.dh0], flagsOf(a.dy, a.dhN), true);
  },
  rnnForward(b, a) {
    const f16 = readsHalfWeights(a);
    const cell = a.activation === 'relu' ? 'rnnRelu' : 'rnnTanh';
    forward(b, a.saved, 0, (saved, flags) => {
      if (a.variant === 'tiled') return tiledForward(b, cell, a, { xProj: a.xProj, wHh: a.wHh, h0: a.h0, aux: null, y: a.y, saved, hN: a.hN, cN: null, flags, f16 });
      loop(b, 'rnn-forward', a, [a.xProj, a.wHh, a.h0, a.y, a.hN, saved], flags, false, { RELU: a.activation === 'relu' ? 1 : 0 });
    });
  },
  rnnBackward(b, a) {
    const cell = a.activation === 'relu' ? 'rnnRelu' : 'rnnTanh';
    if (a.variant === 'tiled') {
      return tiledBackward(b, cell, a, { wHh: a.wHh, saved: a.y, dy: a.dy, dhN: a.dhN, dcN: null, dXProj: a.dXProj, dh0: a.dh0, aux: null });
    }
    const d = a.wHh;
    loop(b, 'rnn-backward', a, [a.wHh, a.y, orDummy(a.dy, d), orDummy(a.dhN, d), a.dXProj, a.dh0], flagsOf(a.dy, a.dhN), true, { RELU: a.activation === 'relu' ? 1 : 0 });
  },
};
