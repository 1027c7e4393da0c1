// The misuse suite's case runner (no vitest, no Node: the harness page imports it too). A case file (test/misuse/*.cases.ts) exports `build(sg, device)`, returning cases:
// a name, a function that misuses the public API, the error class it must throw and a pattern its message must
// match (it names the problem: the shape, the dim, what was passed). `misuseSuite` runs every case on the CPU
// backend in Node and on WebGPU in the harness page, where the case file is imported by URL, so its only
// access to seqgpu is the `sg` it is given (the page's own module: class identity holds for instanceof).
// After every case the device must still compute a known matmul: a misuse may not poison the device.
import type * as SG from '../../src/index.ts';

export type Sg = typeof SG;
export type DeviceKind = 'cpu' | 'webgpu';

export interface MisuseCase {
  name: string;
  /** The misuse; a returned Promise is awaited (rejections count as throws). */
  run: () => unknown;
  /** Class name of the expected error (SeqgpuError subclasses, or TypeError etc. where JS defines it). */
  error: string;
  /** What the message must say. */
  message: RegExp;
}
export type CaseBuilder = (sg: Sg, device: SG.Device) => MisuseCase[] | Promise<MisuseCase[]>;

export interface Outcome {
  name: string;
  expectedClass: string;
  pattern: string;
  flags: string;
  /** null when nothing was thrown. */
  gotClass: string | null;
  isSeqgpuError: boolean;
  message: string;
  /** The known matmul after the case, flattened. */
  after: number[];
}

/** Runs every case of `build` on a fresh device of `kind`; used in Node (cpu) and in the page (webgpu). */
export async function runCases(sg: Sg, kind: DeviceKind, build: CaseBuilder): Promise<Outcome[]> {
  const device = await sg.init(kind);
  const cases = await build(sg, device);
  const out: Outcome[] = [];
  for (const c of cases) {
    let gotClass: string | null = null;
    let message = '';
    let isSeqgpuError = false;
    try {
      await c.run();
    } catch (e) {
      gotClass = e instanceof Error ? e.constructor.name : typeof e;
      message = e instanceof Error ? e.message : String(e);
      isSeqgpuError = e instanceof sg.SeqgpuError;
    }
    const a = sg.tensor([[1, 2], [3, 4]], { device });
    const b = sg.tensor([[5, 6], [7, 8]], { device });
    const after = Array.from(await sg.matmul(a, b).data());
    out.push({ name: c.name, expectedClass: c.error, pattern: c.message.source, flags: c.message.flags, gotClass, isSeqgpuError, message, after });
  }
  return out;
}

