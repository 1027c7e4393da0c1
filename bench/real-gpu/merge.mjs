// Merges the two halves of the real-GPU benchmark (bench/real-gpu/run.sh): real-gpu-node.json (seqgpu, TF.js,
// jax-js on Dawn) and real-gpu-torch.json (PyTorch on CUDA) in DIR into DIR/real-gpu.json, and renders
// DIR/real-gpu.md: the tables and issue 10's item-5 targets, for BENCHMARKS.md. Usage: node merge.mjs DIR
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.';
const read = (f) => (existsSync(join(dir, f)) ? JSON.parse(readFileSync(join(dir, f), 'utf8')) : null);
const node = read('real-gpu-node.json');
const torch = read('real-gpu-torch.json');
const f = (x, d = 3) => (typeof x === 'number' && Number.isFinite(x) ? (Math.abs(x) >= 100 ? String(Math.round(x)) : x.toPrecision(d)) : '–');
const r = (a, b) => (typeof a === 'number' && typeof b === 'number' && a > 0 && b > 0 ? `${f(a / b)}x` : '–');
const md = [];
md.push(`Node side: ${node ? `\`${node.adapter}\`, ${node.date}, node ${node.node}${node.quick ? ' (QUICK smoke run)' : ''}, ${node.wallS} s` : 'missing (see node.log)'}.`);
md.push(`PyTorch side: ${torch ? `torch ${torch.torch}, CUDA ${torch.cuda}, cuDNN ${torch.cudnn}, ${torch.device}, ${torch.date}${torch.quick ? ' (QUICK smoke run)' : ''}` : 'missing (see torch.log)'}.`);
if (node) for (const [k, v] of Object.entries(node.peers ?? {})) md.push(`${k}: ${v}.`);
md.push('');

const tshape = (s) => s; // both sides label shapes the same way ("N 8, T 20, I 8, H 32[, 3 layers]")
md.push('| cell | shape | seqgpu train ms | PyTorch train ms | seqgpu / PyTorch | tfjs-webgpu train ms | tfjs / seqgpu | jax-webgpu train ms | jax / seqgpu | seqgpu infer ms | seqgpu infer ms, f16 W_hh | PyTorch infer ms | tfjs infer ms | jax infer ms | seqgpu dispatches/step | jax first-step loss rel. diff |');
md.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const targets = [];
for (const row of node?.rnn ?? []) {
  const t = torch?.rnn?.find((x) => x.cell === row.cell && tshape(x.shape) === row.shape);
  md.push(
    `| ${row.cell} | ${row.shape} | ${f(row.seqgpuTrainMs)} | ${f(t?.trainMs)} | ${r(row.seqgpuTrainMs, t?.trainMs)} | ${f(row.tfjsTrainMs)} | ${r(row.tfjsTrainMs, row.seqgpuTrainMs)} | ` +
      `${f(row.jaxTrainMs)} | ${r(row.jaxTrainMs, row.seqgpuTrainMs)} | ${f(row.seqgpuInferMs)} | ${f(row.seqgpuInferF16Ms)} | ${f(t?.inferMs)} | ${f(row.tfjsInferMs)} | ${f(row.jaxInferMs)} | ${f(row.dispatchesPerStep)} | ${typeof row.jaxFirstLoss === 'number' ? (Math.abs(row.jaxFirstLoss - row.seqgpuFirstLoss) / Math.abs(row.seqgpuFirstLoss)).toExponential(1) : '–'} |`,
  );
  if (row.cell === 'LSTM' && row.shape === 'N 64, T 100, I 64, H 256' && t) {
    const x = row.seqgpuTrainMs / t.trainMs;
    targets.push(`LSTM training step at N64 T100 I64 H256 within 3x of PyTorch/cuDNN: ${x <= 3 ? 'MET' : 'MISSED'} (${f(x)}x PyTorch's time).`);
  }
  if (typeof row.tfjsTrainMs === 'number') {
    const x = row.tfjsTrainMs / row.seqgpuTrainMs;
    targets.push(`${row.cell} ${row.shape}: at least 10x faster than TF.js-webgpu (training step): ${x >= 10 ? 'MET' : 'MISSED'} (${f(x)}x).`);
  }
}
md.push('');
md.push('| matmul (FP32) | seqgpu naive | seqgpu tiled | seqgpu blocked | seqgpu vec4 | seqgpu auto | PyTorch (TF32 off) | auto / PyTorch | tfjs-webgpu | jax-webgpu |');
md.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of node?.matmulGflops ?? []) {
  const t = torch?.matmul?.find((x) => x.shape === row.shape);
  md.push(`| ${row.shape} GFLOP/s | ${f(row['seqgpu naive'])} | ${f(row['seqgpu tiled'])} | ${f(row['seqgpu blocked'])} | ${f(row['seqgpu vec4'])} | ${f(row['seqgpu auto'])} | ${f(t?.gflops)} | ${r(row['seqgpu auto'], t?.gflops)} | ${f(row['tfjs-webgpu'])} | ${f(row['jax-webgpu'])} |`);
  if (row.shape === '[4096,4096]x[4096,4096]' && t) {
    const x = row['seqgpu auto'] / t.gflops;
    targets.push(`matmul 4096^3 at least 50% of PyTorch FP32: ${x >= 0.5 ? 'MET' : 'MISSED'} (${f(100 * x)}%).`);
  }
}
md.push('');
if (node?.stream?.length) {
  md.push('| streaming step (one LSTM layer, ms, synced) | PyTorch | seqgpu auto (chose) | columns | ksplit | subgroup | columns f16 | ksplit f16 | subgroup f16 | auto / PyTorch |');
  md.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of node.stream) {
    const t = torch?.stream?.find((x) => x.config === row.config);
    md.push(`| ${row.config} | ${f(t?.stepMs)} | ${f(row.auto)} (${row.autoChoice ?? '–'}) | ${f(row.columns)} | ${f(row.ksplit)} | ${f(row.subgroup)} | ${f(row['columns f16'])} | ${f(row['ksplit f16'])} | ${f(row['subgroup f16'])} | ${r(row.auto, t?.stepMs)} |`);
  }
  md.push('');
}
if (node?.ctc?.length) {
  md.push('| CTC loss + gradient (seqgpu) | ms | dispatches |', '| --- | ---: | ---: |', ...node.ctc.map((c) => `| ${c.case} | ${f(c.ms)} | ${c.dispatches} |`), '');
}
if (targets.length) md.push('Targets (issue 10 item 5):', '', ...targets.map((t) => `- ${t}`), '');
if (node?.notes?.length) md.push('Notes:', '', ...[...new Set(node.notes)].map((n) => `- ${n}`), '');
writeFileSync(join(dir, 'real-gpu.json'), JSON.stringify({ node, torch }, null, 1));
writeFileSync(join(dir, 'real-gpu.md'), md.join('\n'));
console.log(md.join('\n'));
