// Learning on the CPU backend: an LSTM seq2seq with Luong attention learns to reverse digit strings of length 3-5
// (10 digits, padded batches) to >= 90% token accuracy under greedy decoding, in at most 200 Adam steps
// (about 0.15-0.2 s per step on the CPU reference; it usually gets there well before).
import { expect, it } from 'vitest';
import * as sg from '../../src/index.ts';

const PAD = 0, BOS = 1, EOS = 2, DIGITS = 10, V = 3 + DIGITS;

function batch(g: sg.Generator, n: number, minLen: number, maxLen: number): { src: number[][]; tgt: number[][] } {
  const src: number[][] = [];
  const tgt: number[][] = [];
  for (let i = 0; i < n; i++) {
    const len = minLen + g.int(maxLen - minLen + 1);
    const s = Array.from({ length: len }, () => 3 + g.int(DIGITS));
    src.push(s);
    tgt.push([...s].reverse().concat(EOS));
  }
  return { src, tgt };
}

async function accuracy(m: InstanceType<typeof sg.nn.Seq2Seq>, data: { src: number[][]; tgt: number[][] }): Promise<number> {
  const out = await m.greedy(data.src, { maxLength: 7 });
  let right = 0;
  let total = 0;
  data.tgt.forEach((t, n) => t.forEach((v, i) => { total++; if (out[n][i] === v) right++; }));
  return right / total;
}

it('reverses digit strings (length 3-5) to >= 90% token accuracy within 200 steps (hidden 32, batch 32)', async () => {
  const g = new sg.Generator(11);
  const m = new sg.nn.Seq2Seq({ srcVocab: V, tgtVocab: V, hiddenSize: 32, embedDim: 12, attention: 'luong-general', bosToken: BOS, eosToken: EOS, padToken: PAD, generator: g });
  const opt = new sg.optim.Adam(m.parameters(), { lr: 0.02 });
  const test = batch(new sg.Generator(99), 48, 3, 5);
  const t0 = performance.now();
  let acc = 0;
  let steps = 0;
  for (; steps < 200; steps++) {
    const { src, tgt } = batch(g, 32, 3, 5);
    sg.scope(() => {
      opt.zeroGrad();
      const loss = m.loss(src, tgt);
      loss.backward();
      opt.step();
    });
    if ((steps + 1) % 20 === 0) {
      acc = await accuracy(m, test);
      if (acc >= 0.9) break;
    }
  }
  console.log(`reverse: token accuracy ${(acc * 100).toFixed(1)}% after ${steps + 1} steps, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  expect(acc).toBeGreaterThanOrEqual(0.9);
});
