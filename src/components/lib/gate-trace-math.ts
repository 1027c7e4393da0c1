// The numbers behind <gate-trace>: runs a trained nn.LSTM or nn.GRU (layer 0, forward direction) over one sequence
// step by step with seqgpu ops on the model's own device, keeping every gate's activation and the hidden (and
// cell) state per timestep and unit, then checks the final hidden state against the module's own fused forward.
// PyTorch's gate order (LSTM i, f, g, o; GRU r, z, n) and GRU's reset-after candidate, as lib/cell-math.ts.
import type * as Seqgpu from '../../index.ts';
import type { Tensor } from '../../tensor.ts';

type SeqgpuModule = typeof Seqgpu;
export type TraceFamily = 'lstm' | 'gru';

export const TRACE_GATES: Record<TraceFamily, readonly string[]> = { lstm: ['i', 'f', 'g', 'o'], gru: ['r', 'z', 'n'] };

/** Gates squashed by a sigmoid (in [0, 1]); the others are tanh (in [-1, 1]). */
export const SIGMOID_GATES = new Set(['i', 'f', 'o', 'r', 'z']);

export interface GateTraceData {
  family: TraceFamily;
  /** Timesteps and hidden units. */
  T: number;
  H: number;
  /** Rows per quantity, each [T][H]: 'h', 'c' (LSTM), and each gate's name. */
  values: Record<string, number[][]>;
  /** Quantities in display order: h, c (LSTM), then the gates. */
  rows: string[];
  /** max |h_T(step by step) - h_T(module forward)|: the trace is the module's own computation. */
  agreement: number;
}

/**
 * Traces `rnn` over `x` ([T, F], one sequence of the layer's inputs, e.g. embedded characters or scaled values).
 * Graph building is synchronous inside a scope; reads come after and honour `signal`.
 */
export async function traceGates(sg: SeqgpuModule, rnn: Seqgpu.nn.LSTM | Seqgpu.nn.GRU, x: Tensor, signal?: AbortSignal): Promise<GateTraceData> {
  const family: TraceFamily = rnn instanceof sg.nn.LSTM ? 'lstm' : 'gru';
  if (x.ndim !== 2 || x.shape[1] !== rnn.inputSize) throw new sg.ShapeError(`gate-trace: input must be [T, ${rnn.inputSize}], got [${x.shape.join(', ')}]`);
  if (rnn.bidirectional || rnn.projSize > 0) throw new sg.ArgumentError('gate-trace: bidirectional and projected RNNs are not supported (layer 0, forward direction only)');
  const [T] = x.shape;
  const H = rnn.hiddenSize;
  const gates = TRACE_GATES[family];
  const G = gates.length;
  const sd = rnn.stateDict();
  const wIh = sd.weight_ih_l0; // [G*H, F]
  const wHh = sd.weight_hh_l0; // [G*H, H]
  const bIh = sd.bias_ih_l0 ?? null; // [G*H]
  const bHh = sd.bias_hh_l0 ?? null;
  const device = x.device;
  const out = sg.noGrad(() =>
    sg.scope(() => {
      // The input projection of all timesteps at once: [T, G*H].
      let xp = sg.matmul(x, sg.transpose(wIh, 0, 1));
      if (bIh) xp = sg.add(xp, bIh);
      let h = sg.tensor(new Float32Array(H), [1, H], { device });
      let c = family === 'lstm' ? sg.tensor(new Float32Array(H), [1, H], { device }) : null;
      const perStep: Tensor[] = []; // [1, R*H] per step: h, (c), gates
      for (let t = 0; t < T; t++) {
        const xt = sg.slice(xp, [t, 0], [1, G * H]);
        let hp = sg.matmul(h, sg.transpose(wHh, 0, 1));
        if (bHh) hp = sg.add(hp, bHh);
        const part = (v: Tensor, k: number): Tensor => sg.slice(v, [0, k * H], [1, H]);
        if (family === 'lstm') {
          const pre = sg.add(xt, hp);
          const i = sg.sigmoid(part(pre, 0));
          const f = sg.sigmoid(part(pre, 1));
          const g = sg.tanh(part(pre, 2));
          const o = sg.sigmoid(part(pre, 3));
          c = sg.add(sg.mul(f, c!), sg.mul(i, g));
          h = sg.mul(o, sg.tanh(c));
          perStep.push(sg.concat([h, c, i, f, g, o], 1));
        } else {
          const r = sg.sigmoid(sg.add(part(xt, 0), part(hp, 0)));
          const z = sg.sigmoid(sg.add(part(xt, 1), part(hp, 1)));
          const n = sg.tanh(sg.add(part(xt, 2), sg.mul(r, part(hp, 2))));
          h = sg.add(sg.mul(sg.sub(1, z), n), sg.mul(z, h));
          perStep.push(sg.concat([h, r, z, n], 1));
        }
      }
      // The module's own forward on the same sequence (batch 1), for the agreement check.
      const x3 = sg.reshape(x, [T, 1, rnn.inputSize]);
      const own = rnn instanceof sg.nn.LSTM ? rnn.forward(x3)[1][0] : rnn.forward(x3)[1];
      return [sg.concat(perStep, 0), sg.reshape(own, [1, H]), h] as const;
    }),
  );
  try {
    signal?.throwIfAborted();
    const [all, ownH, lastH] = await Promise.all(out.map((t) => t.data()));
    signal?.throwIfAborted();
    const rows = family === 'lstm' ? ['h', 'c', ...gates] : ['h', ...gates];
    const R = rows.length;
    const values: Record<string, number[][]> = {};
    rows.forEach((name, q) => {
      values[name] = Array.from({ length: T }, (_, t) => Array.from({ length: H }, (_, u) => Number(all[t * R * H + q * H + u])));
    });
    let agreement = 0;
    for (let u = 0; u < H; u++) agreement = Math.max(agreement, Math.abs(Number(ownH[u]) - Number(lastH[u])));
    return { family, T, H, values, rows, agreement };
  } finally {
    for (const t of out) t.dispose();
  }
}
