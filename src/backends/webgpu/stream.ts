// WebGPU glue of streamStep: one dispatch per layer per timestep. Variant 'columns': shaders/rnn/stream-step.wgsl,
// `step` for LSTM/GRU/RNN (grid: column blocks of 64 x blocks of 1, 2 or 4 batch rows), `step_proj` for an LSTM
// with projSize (one workgroup per batch row); 'ksplit' / 'subgroup': stream-ksplit(-subgroup).wgsl (grid: blocks
// of 32 columns x N rows); float16 weights set F16 (the kernel unpacks them). packFloat16: f16.ts. Absent optional
// inputs bind a read-only stand-in; an absent c_out binds a 4-float scratch (a writable binding may not alias a
// read one). Twins: backends/cpu/stream.ts, ops/stream.ts, kernels/stream.ts.
import type { KernelTableOf } from '../../kernels/index.ts';
import { STREAM_MAX_H_PROJ, type StreamKernelArgs, streamColumns } from '../../kernels/stream.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import { Params } from './params.ts';
import { packHalves } from './f16.ts';
import streamStepWgsl from '../../../shaders/rnn/stream-step.wgsl?raw';
import streamKsplitWgsl from '../../../shaders/rnn/stream-ksplit.wgsl?raw';
import streamKsplitSubgroupWgsl from '../../../shaders/rnn/stream-ksplit-subgroup.wgsl?raw';

const WG = 64;
const BINDINGS: KernelSpec['bindings'] = ['read', 'read', 'read', 'read', 'read', 'read', 'write', 'write'];
const STEP: KernelSpec = { name: 'rnn/stream-step', code: streamStepWgsl, entryPoint: 'step', bindings: BINDINGS, uniform: true };
const STEP_PROJ: KernelSpec = { ...STEP, entryPoint: 'step_proj' };
const KSPLIT: KernelSpec = { ...STEP, name: 'rnn/stream-ksplit', code: streamKsplitWgsl, entryPoint: 'step_ksplit' };
const KSPLIT_SUBGROUP: KernelSpec = { ...STEP, name: 'rnn/stream-ksplit-subgroup', code: streamKsplitSubgroupWgsl, entryPoint: 'step_ksplit' };
const KSPLIT_COLS = 32; // KS_COLS in common/stream-ksplit.wgsl
const CELL = { lstm: 0, gru: 1, rnn: 2 } as const;

export const streamWebgpuKernels: KernelTableOf<StreamKernelArgs, WebGpuBackend> = {
  streamStep(b, a) {
    const R = a.P > 0 ? a.P : a.H;
    const C4 = streamColumns(a.cell, a.H);
    if (a.P > 0 && a.H > STREAM_MAX_H_PROJ) {
      throw new Error(`rnn/stream-step: the projection kernel needs hiddenSize <= ${STREAM_MAX_H_PROJ}, got ${a.H}`);
    }
    const params = new Params().u32(a.N).u32(a.I).u32(a.H).u32(a.P).u32(R).u32(C4).u32(a.I + R).u32(0).build();
    const scratch = a.cOut ? null : b.alloc('float32', 4);
    const storages = [a.x, a.h, a.c ?? a.w, a.w, a.b, a.wHrT ?? a.w, a.hOut, a.cOut ?? scratch!];
    const cellConstants = { CELL: CELL[a.cell], RELU: a.activation === 'relu' ? 1 : 0, F16: a.wDtype === 'float16' ? 1 : 0 };
    if (a.variant !== 'columns') {
      if (a.P > 0) throw new Error(`rnn/stream-step: variant '${a.variant}' has no projection; projSize runs 'columns'`);
      if (a.variant === 'subgroup' && !b.features.includes('subgroups')) throw new Error("rnn/stream-step: variant 'subgroup' needs the adapter feature 'subgroups'");
      const spec = a.variant === 'subgroup' ? KSPLIT_SUBGROUP : KSPLIT;
      b.dispatch(spec, { constants: cellConstants, storages, params, groups: [Math.ceil(C4 / KSPLIT_COLS), a.N] });
    } else if (a.P > 0) {
      b.dispatch(STEP_PROJ, { constants: { ...cellConstants, ROWS: 1, M_LEN: projRowLength(a.H) }, storages, params, groups: [1, a.N] });
    } else {
      // Rows per workgroup: each weight read serves that many batch rows.
      const rows = a.N === 1 ? 1 : a.N === 2 ? 2 : 4;
      b.dispatch(STEP, { constants: { ...cellConstants, ROWS: rows }, storages, params, groups: [Math.ceil(C4 / WG), Math.ceil(a.N / rows)] });
    }
    // Freed right after recording: the pool hands it out again only to commands recorded later (buffers.ts, rule 1).
    if (scratch) b.free(scratch);
  },

  packFloat16(b, { src, dst }) {
    packHalves(b, src, dst);
  },
};

/** m_sh's length in step_proj: the next power of two >= H (at least 64), so few pipelines and no 2048-float fill. */
function projRowLength(H: number): number {
  let m = 64;
  while (m < H) m *= 2;
  return m;
}
