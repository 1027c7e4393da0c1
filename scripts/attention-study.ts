// Attention vs the fixed context vector, on the CPU backend: for each source length range and attention kind, the
// same seq2seq (same weight seed, same batches) learns digit reversal for a fixed budget of Adam steps; held-out greedy
// token accuracy at checkpoints, averaged over seeds. The test (test/seq2seq/attention-vs-none.test.ts) is one cell of
// this grid; run it through attention-study.mjs. Prints a markdown table, and writes JSON with --out.
import { writeFileSync } from 'node:fs';
import * as sg from '../src/index.ts';
import type { AttentionKind, RecurrentCell } from '../src/nn/index.ts';
import { reverseBatch, trainReverse } from '../test/seq2seq/reverse-task.ts';

const KINDS: (AttentionKind | 'none')[] = ['none', 'luong-dot', 'luong-general', 'bahdanau'];
const LENGTHS: [number, number][] = [[3, 5], [5, 7], [8, 10], [12, 14]];

function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}

export async function main(args: string[]): Promise<number> {
  const steps = Number(arg(args, 'steps', '150'));
  const hidden = Number(arg(args, 'hidden', '32'));
  const cell = arg(args, 'cell', 'gru') as RecurrentCell;
  const seeds = arg(args, 'seeds', '11,5,3').split(',').map(Number);
  const checkpoints = [Math.round(steps / 3), Math.round((2 * steps) / 3)];
  const rows: { lengths: string; kind: string; curve: { step: number; accuracy: number }[]; seconds: number }[] = [];
  console.log(`reverse digit strings, ${cell} hidden ${hidden}, batch 32, Adam lr 0.02, ${steps} steps, seeds ${seeds.join(',')}`);
  console.log(`| lengths | attention | ${[...checkpoints, steps].map((s) => `acc @${s}`).join(' | ')} | train s/run |`);
  console.log(`|---|---|${[...checkpoints, steps].map(() => '---').join('|')}|---|`);
  for (const [minLen, maxLen] of LENGTHS) {
    const test = reverseBatch(new sg.Generator(99), 64, minLen, maxLen);
    for (const kind of KINDS) {
      const sums = new Map<number, number>();
      let seconds = 0;
      for (const seed of seeds) {
        const r = await trainReverse({ model: { hiddenSize: hidden, embedDim: 12, cell, attention: kind }, steps, batch: 32, minLen, maxLen, lr: 0.02, seed, test, checkpoints });
        for (const c of r.curve) sums.set(c.step, (sums.get(c.step) ?? 0) + c.accuracy / seeds.length);
        seconds += r.trainSeconds / seeds.length;
      }
      const curve = [...sums].map(([step, accuracy]) => ({ step, accuracy }));
      rows.push({ lengths: `${minLen}-${maxLen}`, kind, curve, seconds });
      console.log(`| ${minLen}-${maxLen} | ${kind} | ${curve.map((c) => `${(100 * c.accuracy).toFixed(1)}%`).join(' | ')} | ${seconds.toFixed(1)} |`);
    }
  }
  const out = arg(args, 'out', '');
  if (out) writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), steps, hidden, cell, seeds, rows }, null, 2));
  return 0;
}
