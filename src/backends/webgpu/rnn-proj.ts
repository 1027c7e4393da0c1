// WebGPU glue of the LSTM kernels with a projection (projSize P > 0): shaders/rnn/lstm-proj-*.wgsl. The running
// state lives in the output buffers (h0 -> hN, c0 -> cN and dhN -> dh0, dcN -> dc0 are buffer copies, not
// dispatches) so every kernel fits the default 8 storage bindings. Per-step: one workgroup per (item, direction)
// and one dispatch per timestep (+ tail and dW_hr in backward); persistent: one workgroup per direction.
// Twins: backends/webgpu/rnn.ts (the other rnn kernels), backends/cpu/rnn-kernels.ts, kernels/rnn.ts.
import type { Storage } from '../../backend.ts';
import type { LstmBackwardArgs, LstmForwardArgs } from '../../kernels/rnn.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import type { GpuStorage } from './buffers.ts';
import { Params } from './params.ts';
import { grid1d } from './grid.ts';
import projForwardWgsl from '../../../shaders/rnn/lstm-proj-forward.wgsl?raw';
import projBackwardWgsl from '../../../shaders/rnn/lstm-proj-backward.wgsl?raw';
import projDwhrWgsl from '../../../shaders/rnn/lstm-proj-dwhr.wgsl?raw';

const MAX_LENGTHS = 1024;
const PERSISTENT_WG = 256;
const STEP_WG = 64;

const FWD: KernelSpec = { name: 'rnn/lstm-proj-forward', code: projForwardWgsl, entryPoint: 'step', bindings: ['read', 'read', 'read', 'write', 'write', 'write', 'write'], uniform: true };
const BWD: KernelSpec = {
  name: 'rnn/lstm-proj-backward', code: projBackwardWgsl, entryPoint: 'step',
  bindings: ['read', 'read', 'read', 'read', 'write', 'write', 'write', 'write'], uniform: true,
};
const DWHR: KernelSpec = { name: 'rnn/lstm-proj-dwhr', code: projDwhrWgsl, bindings: ['read', 'read', 'write'], uniform: true };

type Args = LstmForwardArgs | LstmBackwardArgs;

function params(a: Args, s: number, flags: number): Uint32Array {
  if (a.lengths && a.N > MAX_LENGTHS) throw new Error(`lstm (projSize): WebGPU kernels take lengths for at most ${MAX_LENGTHS} sequences per batch, got N = ${a.N}`);
  return new Params().u32(a.T).u32(a.N).u32(a.H).u32(s).u32(a.reverse ? 1 : 0).u32(a.lengths ? 1 : 0).u32(flags).u32(a.D)
    .vec4s(a.lengths ? Array.from(a.lengths) : [], MAX_LENGTHS / 4).u32(a.P).build();
}

function copy(b: WebGpuBackend, src: Storage, dst: Storage, size: number): void {
  b.copyBuffer((src as GpuStorage).buffer, (dst as GpuStorage).buffer, size * 4);
}

function checkPersistent(a: Args): void {
  if (a.N * a.H > PERSISTENT_WG) throw new Error(`rnn/lstm-proj: the persistent kernel needs N*H <= ${PERSISTENT_WG}, got N=${a.N}, H=${a.H}`);
}

export function lstmProjForward(b: WebGpuBackend, a: LstmForwardArgs): void {
  if (!a.wHr) throw new Error('lstmForward: P > 0 needs wHr');
  copy(b, a.h0, a.hN, a.D * a.N * a.P);
  copy(b, a.c0, a.cN, a.D * a.N * a.H);
  // These kernels read this step's saved row back (m = o * tanh(c) for the projection), so inference (saved null)
  // gets a temporary [D, T, N, P + 6H] buffer instead of skipping the rows as the unprojected kernels do.
  const saved = a.saved ?? b.alloc('float32', a.D * a.T * a.N * (a.P + 6 * a.H));
  const storages = [a.xProj, a.wHh, a.wHr, a.y, saved, a.hN, a.cN];
  if (a.variant === 'persistent') {
    checkPersistent(a);
    b.dispatch({ ...FWD, entryPoint: 'persistent' }, { storages, params: params(a, 0, 0), groups: [1, a.D] });
  } else {
    for (let s = 0; s < a.T; s++) b.dispatch(FWD, { storages, params: params(a, s, 0), groups: [a.N, a.D] });
  }
  if (!a.saved) b.free(saved); // reused only by work recorded after these dispatches
}

export function lstmProjBackward(b: WebGpuBackend, a: LstmBackwardArgs): void {
  if (!a.wHr) throw new Error('lstmBackward: P > 0 needs wHr');
  // dh0/dc0 start as dhN/dcN and carry dh/dc; an absent one is never read (its flag is off).
  if (a.dhN) copy(b, a.dhN, a.dh0, a.D * a.N * a.P);
  if (a.dcN) copy(b, a.dcN, a.dc0, a.D * a.N * a.H);
  const flags = (a.dy ? 1 : 0) | (a.dhN ? 2 : 0) | (a.dcN ? 4 : 0);
  const dhTot = b.alloc('float32', a.D * a.T * a.N * a.P);
  const storages = [a.wHh, a.wHr, a.saved, a.dy ?? a.wHh, a.dXProj, dhTot, a.dh0, a.dc0];
  if (a.variant === 'persistent') {
    checkPersistent(a);
    b.dispatch({ ...BWD, entryPoint: 'persistent' }, { storages, params: params(a, 0, flags), groups: [1, a.D] });
  } else {
    for (let i = 0; i < a.T; i++) b.dispatch(BWD, { storages, params: params(a, a.T - 1 - i, flags), groups: [a.N, a.D] });
    b.dispatch({ ...BWD, entryPoint: 'tail' }, { storages, params: params(a, 0, flags), groups: [Math.ceil((a.N * a.P) / STEP_WG), a.D] });
  }
  if (a.dWhr) {
    const n = a.D * a.P * a.H;
    const p = new Params().u32(a.T * a.N).u32(a.H).u32(a.P).u32(a.D).build();
    b.dispatch(DWHR, { storages: [a.saved, dhTot, a.dWhr], params: p, groups: grid1d(n, 64) });
  }
  // Safe to free now: the pool hands buffers out again only to work recorded after these dispatches.
  b.free(dhTot);
}
