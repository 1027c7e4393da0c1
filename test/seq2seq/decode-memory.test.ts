// Device memory while decoding an nn.Seq2Seq (seq2seq-decode.ts): greedy, the on-device beam search and the generic
// beam search must hold device.stats().liveBuffers flat once the beam is full, whatever the number of steps, and give
// every buffer back when they return. The CPU backend counts buffers the way the WebGPU pool does, so a leak here is
// a leak on the GPU. EOS is made to never win (its output bias is -1e4) so every decode runs its full maxLength.
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import type { Seq2SeqOptions } from '../../src/nn/index.ts';

const EOS = 2;
const V = 9;

async function noEosModel(o: Partial<Seq2SeqOptions>): Promise<{ m: InstanceType<typeof sg.nn.Seq2Seq>; dev: sg.Device }> {
  const dev = await sg.init('cpu'); // a fresh device: its counters see only this model
  const m = new sg.nn.Seq2Seq({ srcVocab: 8, tgtVocab: V, hiddenSize: 8, embedDim: 6, bosToken: 1, eosToken: EOS, padToken: 0, device: dev, generator: new sg.Generator(4), ...o });
  const bias = new Float32Array(await m.out.bias!.data());
  bias[EOS] = -1e4;
  m.out.bias!.assign(sg.tensor(bias, [V], { device: dev }));
  return { m, dev };
}

/**
 * Runs `decode` and samples liveBuffers each time the decoder reads back (once or twice per step, at the same point of
 * every step), plus the count before and after the call.
 */
async function probe(dev: sg.Device, decode: () => Promise<unknown>): Promise<{ before: number; samples: number[]; after: number }> {
  const backend = dev.backend;
  const read = backend.read.bind(backend);
  const samples: number[] = [];
  backend.read = (s) => {
    samples.push(dev.stats().liveBuffers);
    return read(s);
  };
  try {
    const before = dev.stats().liveBuffers;
    await decode();
    return { before, samples, after: dev.stats().liveBuffers };
  } finally {
    backend.read = read;
  }
}

const CASES: { name: string; o: Partial<Seq2SeqOptions> }[] = [
  { name: 'LSTM, bidirectional, bahdanau', o: { cell: 'lstm', bidirectional: true, attention: 'bahdanau' } },
  { name: 'GRU, luong-dot', o: { cell: 'gru', attention: 'luong-dot' } },
  { name: 'LSTM, 2 layers, luong-general', o: { cell: 'lstm', numLayers: 2, attention: 'luong-general' } },
  { name: 'GRU, no attention', o: { cell: 'gru', attention: 'none' } },
];

const DECODERS: { name: string; readsPerStep: number; run: (m: InstanceType<typeof sg.nn.Seq2Seq>, steps: number) => Promise<unknown> }[] = [
  { name: 'greedy', readsPerStep: 1, run: (m, steps) => m.greedy([[3, 4, 5, 6, 7], [5, 4]], { maxLength: steps }) },
  { name: 'beam (device)', readsPerStep: 2, run: (m, steps) => m.beamSearch([3, 4, 5, 6, 7], { beamWidth: 3, maxLength: steps }) },
  { name: 'beam (generic)', readsPerStep: 1, run: (m, steps) => m.beamSearch([3, 4, 5, 6, 7], { beamWidth: 3, maxLength: steps, impl: 'generic' }) },
];

describe('Seq2Seq decoding holds device memory flat', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const { m, dev } = await noEosModel(c.o);
      const rows: string[] = [];
      for (const d of DECODERS) {
        // Warm-up: one-time per-device caches (the zero initial-state buffer that bidirectional recurrent ops keep per
        // size) are made here, so before/after compares only what a decode itself holds.
        await d.run(m, 1);
        const short = await probe(dev, () => d.run(m, 10));
        const long = await probe(dev, () => d.run(m, 40));
        expect.soft(long.samples.length).toBe(40 * d.readsPerStep); // EOS never won: all 40 steps ran
        // From step 3 on (the beam is full: 1 row at step 0, k rows from step 1) every step holds the same buffers.
        const tail = long.samples.slice(3 * d.readsPerStep);
        const growth = Math.max(...tail) - Math.min(...tail);
        rows.push(`${d.name}: live before ${long.before}, at step 3 ${tail[0]}, at step 40 ${tail[tail.length - 1]}, ` +
          `peak 10 steps ${Math.max(...short.samples)} / 40 steps ${Math.max(...long.samples)}, after ${long.after}`);
        expect.soft(growth, rows[rows.length - 1]).toBe(0);
        expect.soft(Math.max(...long.samples)).toBe(Math.max(...short.samples));
        expect.soft(long.after, 'buffers left behind by the decode').toBe(long.before);
        expect.soft(short.after).toBe(short.before);
      }
      console.log(`${c.name}\n  ${rows.join('\n  ')}`);
    });
  }
});
