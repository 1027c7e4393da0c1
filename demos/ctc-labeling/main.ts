// CTC demo: synthetic digit-string utterances, Conv1d + BiGRU + CTCLoss trained in the browser, greedy vs prefix
// beam decoding accuracy as it trains, and <ctc-lattice> for one validation utterance (computed on the same device
// as the model). Training chrome (device switch, start/pause/reset, progress) from ../shared/train-controls.ts.
import '../../src/components/index.ts';
import type { CtcLattice, LossChart } from '../../src/components/index.ts';
import { sg } from '../shared/page.ts';
import { TrainControls } from '../shared/train-controls.ts';
import { BINS, BLANK, CLASS_LABELS, FRAMES, type Batch, labelText, makeBatch } from './data.ts';
import { CtcModel, DEFAULT_CONFIG } from './model.ts';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const chart = $<LossChart>('chart');
const lattice = $<CtcLattice>('lattice');
lattice.labels = CLASS_LABELS;

const VAL = 32;
let model: CtcModel | null = null;
let train: sg.Generator;
let val: Batch = makeBatch(VAL, new sg.Generator(1234));
let lastLogProbs: Float32Array | null = null;
let example = 0;

/** Extra state for the tests: accuracies over time. */
const extra = { accuracy: [] as { step: number; greedy: number; beam: number }[] };

function drawFeatures(): void {
  const c = $<HTMLCanvasElement>('features');
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(FRAMES, BINS);
  const accent = [79, 70, 229];
  for (let b = 0; b < BINS; b++) {
    for (let t = 0; t < FRAMES; t++) {
      const v = Math.max(0, Math.min(1, val.x[example * BINS * FRAMES + b * FRAMES + t] / 2));
      const i = ((BINS - 1 - b) * FRAMES + t) * 4; // low bins at the bottom
      for (let k = 0; k < 3; k++) img.data[i + k] = Math.round(246 - (246 - accent[k]) * v);
      img.data[i + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
}

function showExample(): void {
  $('ex-index').textContent = String(example + 1);
  $('ex-truth').textContent = labelText(val.labels[example]);
  drawFeatures();
  if (!lastLogProbs) return;
  const C = CLASS_LABELS.length;
  lattice.logProbs = Array.from({ length: FRAMES }, (_, t) => Array.from(lastLogProbs!.subarray((t * VAL + example) * C, (t * VAL + example + 1) * C)));
  lattice.target = val.labels[example];
}

const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

async function evaluate(step: number): Promise<number | null> {
  if (!model) return null;
  const { logProbs, loss } = await model.predict(val);
  const C = CLASS_LABELS.length;
  const lengths = new Int32Array(VAL).fill(FRAMES);
  const greedy = sg.decode.ctcGreedyDecode(logProbs, FRAMES, VAL, C, lengths, BLANK);
  const beam = sg.decode.ctcBeamSearchRaw(logProbs, FRAMES, VAL, C, lengths, { beamWidth: 8, blank: BLANK }).map((h) => h[0]?.tokens ?? []);
  const accG = greedy.filter((g, n) => same(g, val.labels[n])).length / VAL;
  const accB = beam.filter((g, n) => same(g, val.labels[n])).length / VAL;
  extra.accuracy.push({ step, greedy: accG, beam: accB });
  $('acc-greedy').textContent = `${Math.round(100 * accG)}%`;
  $('acc-beam').textContent = `${Math.round(100 * accB)}%`;
  $('val-loss').textContent = loss.toFixed(3);
  // Per-utterance -log P(truth): the same CTC loss, item by item, computed on the model's device.
  const dev = model.device;
  const perItem = sg.noGrad(() => sg.scope(() => sg.ctcLoss(sg.tensor(logProbs, [FRAMES, VAL, C], { device: dev }), sg.tensor(val.targets, [VAL, val.maxLen], { device: dev, dtype: 'int32' }), lengths, val.targetLengths, { blank: BLANK, reduction: 'none' })));
  const nll = await perItem.data().finally(() => perItem.dispose());
  const rows = Array.from({ length: 6 }, (_, n) => {
    const cell = (ids: number[]): string => `<td class="mono ${same(ids, val.labels[n]) ? 'ok' : 'bad'}">${labelText(ids) || '∅'}</td>`;
    return `<tr><td class="mono">${labelText(val.labels[n])}</td>${cell(greedy[n])}${cell(beam[n])}<td>${nll[n].toFixed(3)}</td></tr>`;
  });
  $('examples').innerHTML = rows.join('');
  lastLogProbs = logProbs;
  lattice.device = dev;
  showExample();
  return loss;
}

const controls = new TrainControls({
  defaultSteps: 400,
  every: 25,
  chart,
  hooks: {
    async reset(device) {
      model?.dispose();
      model = new CtcModel(device, DEFAULT_CONFIG);
      train = new sg.Generator(DEFAULT_CONFIG.seed + 100);
      val = makeBatch(VAL, new sg.Generator(1234));
      extra.accuracy.length = 0;
      lastLogProbs = null;
    },
    async step() {
      const loss = model!.step(makeBatch(DEFAULT_CONFIG.batch, train));
      try {
        return await loss.item();
      } finally {
        loss.dispose();
      }
    },
    evaluate,
  },
  fallbackNote: 'training runs on the CPU backend',
});

$('prev').addEventListener('click', () => {
  example = (example + VAL - 1) % VAL;
  showExample();
});
$('next').addEventListener('click', () => {
  example = (example + 1) % VAL;
  showExample();
});
drawFeatures();
await controls.start(extra);
