// CPU side of the rnn kernels' D = 2 (bidirectional) form: runs a one-direction kernel per direction on copies of
// that direction's slices of the stacked buffers, then writes its outputs back. The CPU has no dispatches to
// share, so this keeps the reference single-direction code as the one source of truth.
// Twins: backends/cpu/rnn-kernels.ts (the D = 1 kernels), kernels/rnn.ts (the stacked layouts).
import type { Storage } from '../../backend.ts';
import { CpuStorage, arr } from './storage.ts';

/** 'rows': [T, N, D, w] (xProj, y, dy, dXProj, dHp); 'block': [D, ...] (weights, states, saved). */
export type DirLayout = 'rows' | 'block';
export type DirSpec = Record<string, [DirLayout, 'in' | 'out']>;

interface DirArgs { D: number; T: number; N: number; reverse: boolean }

function extract(src: Float32Array, layout: DirLayout, d: number, D: number, rows: number): Float32Array {
  if (layout === 'block') {
    const size = src.length / D;
    return src.slice(d * size, (d + 1) * size);
  }
  const w = src.length / (rows * D);
  const out = new Float32Array(rows * w);
  for (let r = 0; r < rows; r++) out.set(src.subarray((r * D + d) * w, (r * D + d + 1) * w), r * w);
  return out;
}

function insert(dst: Float32Array, part: Float32Array, layout: DirLayout, d: number, D: number, rows: number): void {
  if (layout === 'block') {
    dst.set(part, d * part.length);
    return;
  }
  const w = part.length / rows;
  for (let r = 0; r < rows; r++) dst.set(part.subarray(r * w, (r + 1) * w), (r * D + d) * w);
}

/**
 * Runs `one` (a kernel written for D = 1) once per direction. Direction d walks time backwards when
 * reverse XOR (d == 1), as the WebGPU kernels do.
 */
export function perDirection<A extends DirArgs>(a: A, spec: DirSpec, one: (a: A) => void): void {
  if (a.D === 1) {
    one(a);
    return;
  }
  const rows = a.T * a.N;
  const fields = a as unknown as Record<string, Storage | null>;
  for (let d = 0; d < a.D; d++) {
    const sub: Record<string, unknown> = { ...(a as unknown as Record<string, unknown>), D: 1, reverse: a.reverse !== (d === 1) };
    const outs: [string, CpuStorage][] = [];
    for (const [name, [layout, io]] of Object.entries(spec)) {
      const s = fields[name];
      if (s === null || s === undefined) continue;
      const whole = arr(s) as Float32Array;
      const part = io === 'in' ? extract(whole, layout, d, a.D, rows) : new Float32Array(whole.length / a.D);
      const st = new CpuStorage('float32', part);
      sub[name] = st;
      if (io === 'out') outs.push([name, st]);
    }
    one(sub as unknown as A);
    for (const [name, st] of outs) insert(arr(fields[name]!) as Float32Array, st.data as Float32Array, spec[name][0], d, a.D, rows);
  }
}
