// The browser helpers for checkpoints, in the headless Chromium page: a checkpoint saved to IndexedDB and loaded
// back resumes training bit for bit; downloadBytes offers exactly the bytes; readFileBytes reads an uploaded File.
import { expect, it } from 'vitest';
import { describeWebGPU } from '../browser/remote.ts';

describeWebGPU('browser save/load helpers', (remote) => {
  it('IndexedDB round trip of a checkpoint, download and upload of the same bytes', async () => {
    const r = await remote().evaluate(async (sg) => {
      const device = await sg.init('cpu');
      const make = () => {
        const m = new sg.nn.Linear(2, 1, { device });
        m.loadStateDict({ weight: { data: [0.5, -0.25], shape: [1, 2] }, bias: { data: [0.1], shape: [1] } });
        return { m, opt: new sg.optim.Adam(m.parameters(), { lr: 0.05 }) };
      };
      const x = sg.tensor([1, 2, 3, 4, 5, 6], [3, 2], { device });
      const y = sg.tensor([1, 0, -1], [3, 1], { device });
      const steps = (o: ReturnType<typeof make>, n: number) => {
        for (let i = 0; i < n; i++) sg.scope(() => { o.opt.zeroGrad(); sg.mseLoss(o.m.forward(x), y).backward(); o.opt.step(); });
      };
      const straight = make();
      steps(straight, 6);
      const a = make();
      steps(a, 3);
      const bytes = await sg.optim.saveCheckpoint({ model: a.m, optimizer: a.opt });
      await sg.io.saveToIndexedDB('ckpt', bytes, { dbName: 'seqgpu-test' });
      const back = await sg.io.loadFromIndexedDB('ckpt', { dbName: 'seqgpu-test' });
      const b = make();
      sg.optim.loadCheckpoint(back, { model: b.m, optimizer: b.opt });
      steps(b, 3);
      let missing = '';
      await sg.io.removeFromIndexedDB('ckpt', { dbName: 'seqgpu-test' });
      try { await sg.io.loadFromIndexedDB('ckpt', { dbName: 'seqgpu-test' }); } catch (e) { missing = (e as Error).message; }
      const anchor = sg.io.downloadBytes(bytes, 'ckpt.safetensors');
      const downloaded = new Uint8Array(await (await fetch(anchor.href)).arrayBuffer());
      const uploaded = await sg.io.readFileBytes(new File([downloaded], 'ckpt.safetensors'));
      return {
        same: Array.from(back).every((v, i) => v === bytes[i]) && back.length === bytes.length,
        straight: Array.from(await straight.m.weight.data()),
        resumed: Array.from(await b.m.weight.data()),
        missing,
        download: anchor.download,
        roundTrip: uploaded.length === bytes.length && Array.from(uploaded).every((v, i) => v === bytes[i]),
      };
    });
    expect(r.same).toBe(true);
    expect(r.resumed).toEqual(r.straight);
    expect(r.missing).toMatch(/nothing stored under 'ckpt'/);
    expect(r.download).toBe('ckpt.safetensors');
    expect(r.roundTrip).toBe(true);
  });
});
