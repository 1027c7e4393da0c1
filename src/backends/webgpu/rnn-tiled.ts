// WebGPU glue of the 'tiled' recurrent rung (shaders/rnn/tiled-{forward,backward,pack}.wgsl): one pack dispatch of
// W_hh per call (forward: transposed, gates of a unit interleaved; backward: rows padded to vec4s), then one step
// dispatch per timestep over a grid of [column-quad tiles, batch tiles, directions] (+ one `tail` in backward).
// LSTM, GRU and Elman share the kernels through the CELL override. projSize keeps the fused projection kernels.
// Inference with float16 W_hh (ops weightDtype): the packed forward weights go through one more dispatch
// (f16.ts: halves, two per word) and tiled-forward.wgsl reads them with F16 = 1.
// Twins: backends/webgpu/rnn.ts (fused/persistent glue, which routes here), kernels/rnn.ts, ops/rnn.ts.
import type { Storage } from '../../backend.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import { Params } from './params.ts';
import { grid1d } from './grid.ts';
import { packHalves } from './f16.ts';
import { halfWords } from '../../kernels/stream.ts';
import forwardWgsl from '../../../shaders/rnn/tiled-forward.wgsl?raw';
import backwardWgsl from '../../../shaders/rnn/tiled-backward.wgsl?raw';
import packWgsl from '../../../shaders/rnn/tiled-pack.wgsl?raw';

export type TiledCell = 'lstm' | 'gru' | 'rnnTanh' | 'rnnRelu';
const CELL: Record<TiledCell, number> = { lstm: 0, gru: 1, rnnTanh: 2, rnnRelu: 3 };
const GATES: Record<TiledCell, number> = { lstm: 4, gru: 3, rnnTanh: 1, rnnRelu: 1 };
const MAX_LENGTHS = 1024;
const WG = 64;
/** Most values the tiled kernels stage per round (floats of workgroup memory); see tileShape. */
const MAX_STAGE = 256;

const FWD: KernelSpec = {
  name: 'rnn/tiled-forward', code: forwardWgsl, entryPoint: 'step',
  bindings: ['read', 'read', 'read', 'read', 'write', 'write', 'write', 'write'], uniform: true,
};
const BWD: KernelSpec = {
  name: 'rnn/tiled-backward', code: backwardWgsl, entryPoint: 'step',
  bindings: ['read', 'read', 'read', 'read', 'read', 'write', 'write', 'write'], uniform: true,
};
const PACK_F: KernelSpec = { name: 'rnn/tiled-pack', code: packWgsl, entryPoint: 'forward', bindings: ['read', 'write'], uniform: true };
const PACK_B: KernelSpec = { ...PACK_F, entryPoint: 'backward' };

export interface TiledLoop {
  D: number; T: number; N: number; H: number; reverse: boolean; lengths: Int32Array | null;
}

function params(a: TiledLoop, s: number, flags: number): Uint32Array {
  if (a.lengths && a.N > MAX_LENGTHS) throw new Error(`rnn (tiled): WebGPU kernels take lengths for at most ${MAX_LENGTHS} sequences per batch, got N = ${a.N}`);
  return new Params().u32(a.T).u32(a.N).u32(a.H).u32(s).u32(a.reverse ? 1 : 0).u32(a.lengths ? 1 : 0).u32(flags).u32(a.D)
    .vec4s(a.lengths ? Array.from(a.lengths) : [], MAX_LENGTHS / 4).build();
}

/**
 * Tile shape for C4 column quads, N rows and a contraction of length K: WQ quads per workgroup (a power of two,
 * 4..64, no wider than needed), 64/WQ batch groups of BN rows, and KC values of k staged per round. Small H thus
 * packs many batch rows into a workgroup instead of idling lanes. KC (a power of two, at most 32) keeps the stage
 * at rows x KC <= 256 floats and no deeper than K needs: workgroup memory is zero-filled per workgroup, which a
 * software adapter pays for every value (common/rnn-tiled.wgsl), and a real GPU gains occupancy from the smaller
 * footprint. A deeper stage only saves barriers, and at most 256 values still give each invocation 4 loads a round.
 */
export function tileShape(C4: number, N: number, D: number, K: number): { constants: { BN: number; WQ: number; KC: number }; groups: [number, number, number] } {
  const BN = Math.min(4, N);
  let WQ = 4;
  while (WQ < 64 && WQ < C4) WQ *= 2;
  const rows = (WG / WQ) * BN;
  let KC = 32;
  while (KC > 1 && (rows * KC > MAX_STAGE || KC / 2 >= K)) KC /= 2;
  return { constants: { BN, WQ, KC }, groups: [Math.ceil(C4 / WQ), Math.ceil(N / rows), D] };
}

function pack(b: WebGpuBackend, spec: KernelSpec, wHh: Storage, cell: TiledCell, a: TiledLoop, size: number): Storage {
  const GP = cell === 'lstm' || cell === 'gru' ? 4 : 1;
  const w = b.alloc('float32', size);
  const p = new Params().u32(a.D).u32(GATES[cell]).u32(a.H).u32(GP).build();
  b.dispatch(spec, { storages: [wHh, w], params: p, groups: grid1d(size, 64) });
  return w;
}

export interface TiledForward {
  xProj: Storage; wHh: Storage; h0: Storage;
  /** LSTM: c0; GRU: b_hh (flags & 1); Elman: null. */
  aux: Storage | null;
  /** saved: the caller's rows, or a stand-in with NO_SAVED in flags (inference). */
  y: Storage; saved: Storage; hN: Storage;
  /** LSTM only. */
  cN: Storage | null;
  flags: number;
  /** Inference with float16 W_hh: the packed weights are stored as halves (F16 in tiled-forward.wgsl). */
  f16: boolean;
}

export function tiledForward(b: WebGpuBackend, cell: TiledCell, a: TiledLoop, s: TiledForward): void {
  const GP = cell === 'lstm' || cell === 'gru' ? 4 : 1;
  const C4 = Math.ceil((GP * a.H) / 4);
  const size = a.D * a.H * C4 * 4;
  let wf = pack(b, PACK_F, s.wHh, cell, a, size);
  if (s.f16) {
    // One more dispatch per call: the packed quads rounded to halves (half the bytes every step reads).
    const halves = b.alloc('int32', halfWords(size));
    packHalves(b, wf, halves);
    b.free(wf);
    wf = halves;
  }
  const scratch = s.cN ? null : b.alloc('float32', 4);
  const storages = [s.xProj, wf, s.h0, s.aux ?? s.wHh, s.y, s.saved, s.hN, s.cN ?? scratch!];
  const { constants, groups } = tileShape(C4, a.N, a.D, a.H);
  for (let i = 0; i < a.T; i++) {
    b.dispatch(FWD, { constants: { ...constants, CELL: CELL[cell], F16: s.f16 ? 1 : 0 }, storages, params: params(a, i, s.flags), groups });
  }
  // Safe to free now: the pool hands buffers out again only to work recorded after these dispatches.
  b.free(wf);
  if (scratch) b.free(scratch);
}

export interface TiledBackward {
  wHh: Storage;
  /** LSTM/GRU: the saved rows; Elman: the forward output y. */
  saved: Storage;
  dy: Storage | null; dhN: Storage | null; dcN: Storage | null;
  dXProj: Storage; dh0: Storage;
  /** LSTM: dc0 (the dc carrier); GRU: dHp; Elman: null. */
  aux: Storage | null;
}

export function tiledBackward(b: WebGpuBackend, cell: TiledCell, a: TiledLoop, s: TiledBackward): void {
  const G = GATES[cell];
  const C4 = Math.ceil(a.H / 4);
  const wb = pack(b, PACK_B, s.wHh, cell, a, a.D * G * a.H * C4 * 4);
  const scratch = s.aux ? null : b.alloc('float32', 4);
  const d = s.wHh;
  const storages = [wb, s.saved, s.dy ?? d, s.dhN ?? d, s.dcN ?? d, s.dXProj, s.dh0, s.aux ?? scratch!];
  const flags = (s.dy ? 1 : 0) | (s.dhN ? 2 : 0) | (s.dcN ? 4 : 0);
  const { constants, groups } = tileShape(C4, a.N, a.D, G * a.H);
  const c = { ...constants, CELL: CELL[cell] };
  for (let i = 0; i < a.T; i++) b.dispatch(BWD, { constants: { ...c, TAIL: 0 }, storages, params: params(a, a.T - 1 - i, flags), groups });
  b.dispatch(BWD, { constants: { ...c, TAIL: 1 }, storages, params: params(a, 0, flags), groups });
  b.free(wb);
  if (scratch) b.free(scratch);
}
