// Prints the issue-10 target table of BENCHMARKS.md's summary from bench/results/{rnn,matmul,scaling}.json (one
// run of `npm run bench -- rnn matmul scaling`), so the summary's figures are the sections' figures.
// Usage: node bench/summary.mjs
import { readFileSync } from 'node:fs';

const load = (s) => JSON.parse(readFileSync(new URL(`./results/${s}.json`, import.meta.url), 'utf8'));
const rnn = load('rnn');
const mm = load('matmul');
const sc = load('scaling');
const f = (x) => (Math.abs(x) >= 100 ? String(Math.round(x)) : x.toPrecision(3));
const PEERS = ['tfjs-webgpu', 'tfjs-cpu', 'jax-webgpu', 'jax-wasm'];
const out = [];
out.push(`Runs: rnn ${rnn.date} (${rnn.host}), matmul ${mm.date} (${mm.host}), scaling ${sc.date} (${sc.host}); adapter \`${rnn.adapter}\`.`, '');
out.push('| issue 10 target (SwiftShader, ratios within one run) | row | seqgpu WebGPU auto | fastest peer | fastest peer / seqgpu | verdict |');
out.push('| --- | --- | ---: | ---: | ---: | --- |');
const shapes = [...new Map(rnn.records.map((r) => [`${r.shape.N}/${r.shape.T}/${r.shape.I}/${r.shape.H}`, r.shape])).values()];
for (const mode of ['train', 'infer']) {
  for (const cell of ['LSTM', 'GRU']) {
    for (const s of shapes) {
      const rows = rnn.records.filter((r) => r.cell === cell && r.mode === mode && r.shape.N === s.N && r.shape.T === s.T && r.shape.H === s.H);
      const auto = rows.find((r) => r.engine === 'seqgpu-webgpu:auto');
      const best = rows.filter((r) => PEERS.includes(r.engine)).sort((a, b) => a.medianMs - b.medianMs)[0];
      if (!auto || !best) continue;
      const x = best.medianMs / auto.medianMs;
      out.push(
        `| ${mode === 'train' ? 'training step' : 'inference'}: faster than the fastest peer | ${cell} N${s.N} T${s.T} H${s.H} | ${f(auto.medianMs)} ms | ${best.engine} ${f(best.medianMs)} ms | ${f(x)}x | ${x > 1 ? 'met' : 'MISSED'} |`,
      );
    }
  }
}
for (const n of [256, 512]) {
  const rows = mm.records.filter((r) => r.shape[0] === n && r.shape[1] === n && r.shape[2] === n);
  const auto = rows.find((r) => r.engine === 'seqgpu-webgpu' && r.variant === 'auto');
  for (const p of ['tfjs-webgpu', 'jax-webgpu']) {
    const peer = rows.find((r) => r.engine === p);
    if (!auto || !peer) continue;
    const x = auto.gflops / peer.gflops;
    out.push(`| matmul faster than ${p} | ${n}^3 | ${f(auto.gflops)} GFLOP/s (${auto.rung ?? '?'}) | ${f(peer.gflops)} GFLOP/s | ${f(x)}x (seqgpu / peer) | ${x > 1 ? 'met' : 'MISSED'} |`);
  }
}
const hs = sc.records.filter((r) => r.sweep === 'H').sort((a, b) => a.shape.H - b.shape.H);
if (hs.length) {
  const falls = hs.filter((r, i) => i > 0 && r.gflops < hs[i - 1].gflops).map((r) => `H ${r.shape.H}`);
  out.push(`| GFLOP/s rises with H (N8 T20) | H ${hs[0].shape.H}..${hs[hs.length - 1].shape.H} | ${hs.map((r) => f(r.gflops)).join(' → ')} GFLOP/s | – | – | ${falls.length ? `MISSED (falls at ${falls.join(', ')})` : 'met'} |`);
}
console.log(out.join('\n'));
