// Seq2seq demo: two date converters (teacher forcing vs scheduled sampling) trained side by side on WebGPU or the
// CPU, loss curves and exact-match accuracy, and a decode panel: greedy and beam outputs, the attention map and the
// beam tree. The loop is the shared TrainControls (demos/shared/train-controls.ts), with one loss per model.
// ?device=webgpu|cpu, ?steps=N, ?every=K (accuracy and decode refresh), ?autostart=1.
import '../../src/components/index.ts';
import { BeamTreeRecorder } from '../../src/components/index.ts';
import type { AttentionMap, BeamSearchTree, LossChart } from '../../src/components/index.ts';
import type { Device } from '../../src/index.ts';
import { numberParam, sg } from '../shared/page.ts';
import { TrainControls } from '../shared/train-controls.ts';
import { BOS, DateModel, EOS, LABELS, type Regime, VOCAB, convert, decodeTokens, randomDate } from './task.ts';

interface Decoded {
  regime: Regime;
  input: string;
  expected: string;
  greedy: string;
  beams: { text: string; logProb: number }[];
  attentionRows: number;
  treeNodes: number;
}

/** Published beside TrainControls' own state (window.seqgpuDemo). */
interface DemoExtra {
  accuracy: Record<Regime, [number, number][]>;
  decoded: Decoded | null;
}

const REGIMES: Regime[] = ['teacher-forcing', 'scheduled-sampling'];
const SHORT: Record<Regime, string> = { 'teacher-forcing': 'tf', 'scheduled-sampling': 'ss' };
const EVERY = numberParam('every', 50);
const HELD_OUT = (() => {
  const g = new sg.Generator(999);
  return Array.from({ length: 64 }, () => randomDate(g));
})();

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const charts: Record<Regime, LossChart> = { 'teacher-forcing': $<LossChart>('chart-tf'), 'scheduled-sampling': $<LossChart>('chart-ss') };
const attention = $<AttentionMap>('attention');
const beams = $<BeamSearchTree>('beams');

const state: DemoExtra = { accuracy: { 'teacher-forcing': [], 'scheduled-sampling': [] }, decoded: null };
let models: Record<Regime, DateModel> | null = null;
let shown: Regime = 'teacher-forcing';
let decoding: Promise<void> = Promise.resolve();

/** Exact-match accuracy of both models on the held-out dates; returns the error (1 - accuracy) per model for the
 *  charts' validation curves, or null if the models were replaced meanwhile. */
async function measure(ms: Record<Regime, DateModel>, step: number): Promise<Record<Regime, number> | null> {
  const out = {} as Record<Regime, number>;
  for (const r of REGIMES) {
    const acc = await ms[r].accuracy(HELD_OUT);
    if (models !== ms) return null;
    state.accuracy[r].push([step, acc]);
    out[r] = 1 - acc;
    $(`acc-${SHORT[r]}`).textContent = `${(100 * acc).toFixed(0)}%`;
  }
  return out;
}

/** Greedy and beam outputs, attention and beam tree for the date in the input box, on the shown model. */
function decodeNow(): Promise<void> {
  decoding = decoding.then(async () => {
    if (!models) return;
    const m = models[shown];
    const iso = $<HTMLInputElement>('date').value.trim();
    const out = $('outputs');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
      out.textContent = 'Type a date as YYYY-MM-DD.';
      return;
    }
    const expected = convert(iso);
    const greedyTokens = await m.greedy(iso);
    const rows = await m.attention(iso, greedyTokens);
    const rec = new BeamTreeRecorder({ candidatesPerBeam: 2, bosToken: BOS, beamWidth: 3 });
    const { step, release } = m.beamStep(iso);
    let result: sg.decode.BeamHypothesis[];
    try {
      result = await sg.decode.beamSearch(rec.wrap(step), { beamWidth: 3, maxLength: 11, bosToken: BOS, eosToken: EOS, vocabSize: VOCAB, nBest: 3 });
    } finally {
      release();
    }
    const tree = rec.finish(result);
    attention.sourceTokens = [...iso];
    attention.targetTokens = greedyTokens.map((t) => LABELS[t]);
    attention.weights = rows;
    beams.tokenLabels = LABELS;
    beams.tree = tree;
    const greedy = decodeTokens(greedyTokens);
    const beamTexts = result.map((h) => ({ text: decodeTokens(h.tokens), logProb: h.logProb }));
    state.decoded = { regime: shown, input: iso, expected, greedy, beams: beamTexts, attentionRows: rows.length, treeNodes: tree.nodes.length };
    const line = (label: string, text: string, extra = ''): HTMLDivElement => {
      const d = document.createElement('div');
      const l = document.createElement('span');
      l.className = 'muted';
      l.textContent = label.padEnd(10, ' ').replace(/ /g, '\u00a0');
      const t = document.createElement('span');
      t.className = text === expected ? 'ok' : 'bad';
      t.textContent = text || '∅';
      const x = document.createElement('span');
      x.className = 'muted';
      x.textContent = extra;
      d.append(l, t, x);
      return d;
    };
    const want = document.createElement('div');
    want.innerHTML = '<span class="muted">expected&nbsp;&nbsp;</span>';
    want.append(expected);
    out.replaceChildren(want, line('greedy', greedy), ...beamTexts.map((b, i) => line(`beam ${i + 1}`, b.text, `  log p = ${b.logProb.toFixed(3)}`)));
  });
  return decoding.catch((e: unknown) => {
    $('outputs').textContent = `decode failed: ${e instanceof Error ? e.message : String(e)}`;
    console.error(e);
  });
}

const controls = new TrainControls({
  defaultSteps: 400,
  every: EVERY,
  models: REGIMES,
  charts,
  stats: [$('ratio-stat')],
  fallbackNote: 'the models train on the CPU backend',
  state,
  hooks: {
    async reset(device: Device): Promise<void> {
      await decoding.catch(() => {});
      if (models) for (const r of REGIMES) models[r].dispose();
      // Scheduled sampling decays its teacher-forcing ratio over the run's planned steps.
      const total = Math.max(10, Math.floor(Number($<HTMLInputElement>('steps').value) || 400));
      models = { 'teacher-forcing': new DateModel(device, 'teacher-forcing', total), 'scheduled-sampling': new DateModel(device, 'scheduled-sampling', total) };
      state.accuracy = { 'teacher-forcing': [], 'scheduled-sampling': [] };
      state.decoded = null;
      for (const r of REGIMES) $(`acc-${SHORT[r]}`).textContent = '–';
      $('ratio').textContent = models['scheduled-sampling'].ratio.toFixed(2);
      $('outputs').textContent = 'Decoding appears here once the models have trained a little.';
    },
    async step(): Promise<Record<Regime, number>> {
      const ms = models!;
      const out = {} as Record<Regime, number>;
      for (const r of REGIMES) {
        const l = ms[r].step();
        try {
          out[r] = await l.item();
        } finally {
          l.dispose();
        }
      }
      $('ratio').textContent = ms['scheduled-sampling'].ratio.toFixed(2);
      return out;
    },
    // Accuracy and the decode panel every `every` steps (not at step 0: untrained models decode nothing useful).
    async evaluate(step: number): Promise<Record<Regime, number> | null> {
      const ms = models;
      if (!ms || step === 0) return null;
      const errs = await measure(ms, step);
      if (errs) await decodeNow();
      return errs;
    },
  },
});

$('decode').addEventListener('click', () => void decodeNow());
for (const b of document.querySelectorAll<HTMLButtonElement>('[data-model]')) {
  b.addEventListener('click', () => {
    shown = b.dataset.model as Regime;
    for (const o of document.querySelectorAll<HTMLButtonElement>('[data-model]')) o.setAttribute('aria-pressed', String(o === b));
    void decodeNow();
  });
}
await controls.start();
