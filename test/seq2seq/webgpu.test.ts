// nn.Seq2Seq on WebGPU (headless Chromium, SwiftShader): forward + backward agree with the CPU reference, the
// on-device beam search returns the CPU's hypotheses, and a tiny model learns to reverse 3-digit strings.
// Skips visibly without a browser. Weights are drawn on the host from the same seed on both sides.
import { expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { describeWebGPU } from '../browser/remote.ts';

const CFG = { srcVocab: 9, tgtVocab: 8, hiddenSize: 8, embedDim: 6, bosToken: 1, eosToken: 2, padToken: 0 };
const SRC = [[3, 4, 5, 6], [7, 3, 4]];
const TGT = [[6, 5, 4, 2], [4, 3, 2, 0]];
const NAMES = ['attention.v', 'attention.key_proj.weight', 'decoder.weight_ih_l0', 'encoder.weight_hh_l0_reverse', 'bridge_h.weight', 'out.weight', 'tgt_embedding.weight'];

describeWebGPU('Seq2Seq on WebGPU', (remote) => {
  it('forward + backward agree with the CPU (bahdanau, bidirectional LSTM), and so does beam search', async () => {
    const arg = { cfg: CFG, src: SRC, tgt: TGT, names: NAMES };
    const run = async (s: typeof sg, a: typeof arg, device: 'cpu' | 'webgpu') => {
      const dev = await s.init(device);
      const m = new s.nn.Seq2Seq({ ...a.cfg, attention: 'bahdanau', bidirectional: true, device: dev, generator: new s.Generator(5) });
      const loss = m.loss(a.src, a.tgt);
      loss.backward();
      const params = new Map(m.namedParameters());
      const grads: Record<string, Float32Array> = {};
      for (const n of a.names) grads[n] = (await params.get(n)!.grad!.data()) as Float32Array;
      const beams = await m.beamSearch(a.src[0], { beamWidth: 3, maxLength: 5, nBest: 3 });
      return { loss: await loss.item(), grads, beams: beams.map((h) => h.tokens), scores: beams.map((h) => h.score) };
    };
    const gpu = await remote().evaluate(async (s, a) => {
      const dev = await s.init('webgpu');
      const m = new s.nn.Seq2Seq({ ...a.cfg, attention: 'bahdanau', bidirectional: true, device: dev, generator: new s.Generator(5) });
      const loss = m.loss(a.src, a.tgt);
      loss.backward();
      const params = new Map(m.namedParameters());
      const grads: Record<string, Float32Array> = {};
      for (const n of a.names) grads[n] = (await params.get(n)!.grad!.data()) as Float32Array;
      const beams = await m.beamSearch(a.src[0], { beamWidth: 3, maxLength: 5, nBest: 3 });
      return { loss: await loss.item(), grads, beams: beams.map((h) => h.tokens), scores: beams.map((h) => h.score) };
    }, arg);
    const cpu = await run(sg, arg, 'cpu');
    expect(gpu.loss).toBeCloseTo(cpu.loss, 4);
    for (const n of NAMES) {
      const g = gpu.grads[n];
      const c = cpu.grads[n];
      let worst = 0;
      for (let i = 0; i < c.length; i++) worst = Math.max(worst, Math.abs(g[i] - c[i]) - 1e-4 * Math.abs(c[i]));
      expect(worst, `${n}: max |gpu - cpu| beyond rtol`).toBeLessThan(1e-4);
    }
    expect(gpu.beams).toEqual(cpu.beams);
    gpu.scores.forEach((s, i) => expect(s).toBeCloseTo(cpu.scores[i], 4));
  });

  it('a tiny model learns to reverse 3-digit strings (>= 80% token accuracy)', async () => {
    const out = await remote().evaluate(async (s) => {
      const dev = await s.init('webgpu');
      const g = new s.Generator(3);
      const m = new s.nn.Seq2Seq({ srcVocab: 8, tgtVocab: 8, hiddenSize: 16, embedDim: 8, attention: 'luong-dot', bosToken: 1, eosToken: 2, padToken: 0, device: dev, generator: g });
      const opt = new s.optim.Adam(m.parameters(), { lr: 0.03 });
      const make = (n: number, gen: InstanceType<typeof s.Generator>) => {
        const src = Array.from({ length: n }, () => Array.from({ length: 3 }, () => 3 + gen.int(5)));
        return { src, tgt: src.map((x) => [...x].reverse().concat(2)) };
      };
      const t0 = performance.now();
      let loss = 0;
      for (let i = 0; i < 60; i++) {
        const b = make(16, g);
        const l = s.scope(() => {
          opt.zeroGrad();
          const l = m.loss(b.src, b.tgt);
          l.backward();
          opt.step();
          return l;
        });
        if (i % 20 === 19) loss = await l.item();
        l.dispose();
      }
      const test = make(32, new s.Generator(77));
      const pred = await m.greedy(test.src, { maxLength: 4 });
      let right = 0;
      test.tgt.forEach((t, n) => t.forEach((v, j) => (right += pred[n][j] === v ? 1 : 0)));
      return { acc: right / (32 * 4), loss, seconds: (performance.now() - t0) / 1000 };
    }, undefined, { timeoutMs: 110_000 });
    console.log(`WebGPU reverse: token accuracy ${(out.acc * 100).toFixed(1)}% after 60 steps, loss ${out.loss.toFixed(3)}, ${out.seconds.toFixed(1)} s`);
    expect(out.acc).toBeGreaterThanOrEqual(0.8);
  });
});
