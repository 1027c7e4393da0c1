// The op-case runner. It is self-contained on purpose: the same function runs in Node against the
// CPU backend and, sent as source text, in the Chromium page against WebGPU (see test/browser/remote.ts).
// For each case: build the inputs, run the op, and if asked backpropagate L = sum_i <out_i, W_i>
// with fixed weights W_i, returning outputs, input gradients and the dispatches the case cost.
import type { SeqgpuModule } from '../browser/remote.ts';

export interface WireInput {
  data: number[];
  shape: number[];
  dtype: 'float32' | 'int32';
  grad: boolean;
}
export interface WireCase {
  name: string;
  src: string;
  inputs: WireInput[];
  grad: boolean;
}
export interface WireResult {
  name: string;
  error?: string;
  outputs: { data: number[]; shape: number[] }[];
  grads: (number[] | null)[];
  loss: number;
  dispatches: number;
}

export async function runCases(sg: SeqgpuModule, arg: { device: 'cpu' | 'webgpu'; cases: WireCase[] }): Promise<WireResult[]> {
  // One device per page/process, so pipelines compile once per run.
  const cache = globalThis as unknown as { __seqgpuDevices?: Record<string, Awaited<ReturnType<SeqgpuModule['init']>>> };
  cache.__seqgpuDevices ??= {};
  const device = (cache.__seqgpuDevices[arg.device] ??= await sg.init(arg.device));
  const results: WireResult[] = [];
  // Upstream weights W_i[j] in [-0.9, 1.1]: fixed, non-uniform, identical on both sides.
  const weight = (n: number, salt: number): number[] => Array.from({ length: n }, (_, j) => (((j * 7919 + salt * 104729) % 101) / 50.5) - 0.9);
  for (const c of arg.cases) {
    try {
      const r = await sg.scope(async () => {
        const fn = new Function(`return (${c.src});`)() as (s: SeqgpuModule, xs: unknown[]) => unknown;
        const xs = c.inputs.map((i) => sg.tensor(i.data, i.shape, { device, dtype: i.dtype, requiresGrad: i.grad }));
        const before = device.stats().dispatches;
        const raw = fn(sg, xs);
        const outs = (Array.isArray(raw) ? raw : [raw]) as InstanceType<SeqgpuModule['Tensor']>[];
        let loss = 0;
        if (c.grad) {
          let total: InstanceType<SeqgpuModule['Tensor']> | null = null;
          outs.forEach((o, k) => {
            if (o.dtype !== 'float32' || !o.requiresGrad) return;
            const w = sg.tensor(weight(o.size, k), [...o.shape], { device });
            const term = sg.sum(sg.mul(o, w));
            total = total ? sg.add(total, term) : term;
          });
          if (total) {
            const t = total as InstanceType<SeqgpuModule['Tensor']>;
            t.backward();
            loss = await t.item();
          }
        }
        const dispatches = device.stats().dispatches - before;
        const outputs = [];
        for (const o of outs) outputs.push({ data: Array.from(await o.data()), shape: [...o.shape] });
        const grads = [];
        for (const x of xs) grads.push(x.grad ? Array.from(await x.grad.data()) : null);
        for (const x of xs) x.grad?.dispose();
        return { name: c.name, outputs, grads, loss, dispatches };
      });
      results.push(r);
    } catch (e) {
      results.push({ name: c.name, error: e instanceof Error ? e.message : String(e), outputs: [], grads: [], loss: 0, dispatches: 0 });
    }
  }
  return results;
}
