// Character-level LM demo: a GRU trained on a small public-domain text in the browser; every few steps it
// continues a prompt by greedy decoding, temperature sampling and beam search (decode.greedyDecode / sampleDecode /
// beamSearch over one step callback), and <beam-search-tree> shows a short beam search step by step.
// Chrome (device switch, start/pause/reset, progress) from ../shared/train-controls.ts. ?steps, ?every, ?device,
// ?autostart as the other demos; ?len=N sets the sample length (default 100).
import '../../src/components/index.ts';
import { BeamTreeRecorder } from '../../src/components/index.ts';
import type { BeamSearchTree, GateTrace, LossChart } from '../../src/components/index.ts';
import raw from '../../data/alice-chapter1.txt?raw';
import { numberParam, sg } from '../shared/page.ts';
import { TrainControls } from '../shared/train-controls.ts';
import { CharLm, DEFAULT_CONFIG, Vocab, normalizeText } from './model.ts';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const chart = $<LossChart>('chart');
const tree = $<BeamSearchTree>('tree');
const trace = $<GateTrace>('trace');
const TRACE_LEN = 40; // characters traced through the GRU
const text = normalizeText(raw);
const vocab = new Vocab(text);
const ids = Int32Array.from(vocab.encode(text));
const split = Math.floor(ids.length * 0.9);
const LEN = numberParam('len', 100);
tree.tokenLabels = vocab.chars;

let model: CharLm | null = null;
let sampler = new sg.Generator(5);
/** Published for the tests: the samples of each evaluation. */
const extra = { samples: [] as { step: number; greedy: string; sample: string; beam: string }[], trace: { text: '', agreement: null as number | null } };

/** <gate-trace> on the live model: the prompt and its greedy continuation, embedded, through the GRU. */
async function traceGru(m: CharLm, s: string): Promise<void> {
  const old = trace.input;
  const input = m.embed(s);
  trace.labels = [...s];
  trace.model = m.gru;
  trace.input = input;
  const data = await trace.loaded;
  old?.dispose(); // the element has moved on to the new input
  if (data && m === model) {
    // Mutated in place: TrainControls publishes a shallow copy of `extra` for the tests.
    extra.trace.text = s;
    extra.trace.agreement = data.agreement;
  }
}

function show(id: string, prompt: string, out: string, logProb: number): void {
  const box = $(id);
  const t = box.querySelector('.text')!;
  t.replaceChildren();
  const p = document.createElement('span');
  p.className = 'prompt';
  p.textContent = prompt;
  t.append(p, document.createTextNode(out));
  box.querySelector('.lp')!.textContent = `log P = ${logProb.toFixed(1)} (${(logProb / Math.max(1, out.length)).toFixed(2)} per char)`;
}

/** The three decodings of the current prompt, and the beam tree. */
async function decodeAll(step: number): Promise<void> {
  const m = model;
  if (!m) return;
  const prompt = normalizeText($<HTMLInputElement>('prompt').value) || 'alice ';
  const temperature = Number($<HTMLSelectElement>('temperature').value);
  $('s-sample').querySelector('.t')!.textContent = String(temperature);
  const greedy = await sg.decode.greedyDecode(m.stepFn(prompt), { maxLength: LEN });
  const sample = await sg.decode.sampleDecode(m.stepFn(prompt), { maxLength: LEN, temperature, generator: sampler });
  const [beam] = await sg.decode.beamSearch(m.stepFn(prompt), { beamWidth: 4, maxLength: Math.min(LEN, 60) });
  if (m !== model) return; // reset meanwhile
  const g = vocab.decode(greedy.tokens);
  const s = vocab.decode(sample.tokens);
  const b = vocab.decode(beam.tokens);
  show('s-greedy', prompt, g, greedy.logProb);
  show('s-sample', prompt, s, sample.logProb);
  show('s-beam', prompt, b, beam.logProb);
  $('sample-step').textContent = step === 0 ? 'untrained model (step 0)' : `after ${step} steps`;
  extra.samples.push({ step, greedy: g, sample: s, beam: b });
  await traceGru(m, (prompt + g).slice(0, TRACE_LEN));
  const li = document.createElement('li');
  const a = document.createElement('span');
  a.textContent = `step ${step}`;
  const c = document.createElement('span');
  c.className = 'text';
  c.textContent = prompt + s;
  li.append(a, c);
  const hist = $('history');
  hist.prepend(li);
  while (hist.children.length > 8) hist.lastElementChild!.remove();
  const rec = new BeamTreeRecorder({ candidatesPerBeam: 2, beamWidth: 3 });
  const result = await sg.decode.beamSearch(rec.wrap(m.stepFn(prompt)), { beamWidth: 3, maxLength: 7, nBest: 3 });
  if (m === model) tree.tree = rec.finish(result);
}

const controls = new TrainControls({
  defaultSteps: 600,
  every: 50,
  chart,
  hooks: {
    async reset(device) {
      model?.dispose();
      model = new CharLm(device, vocab, ids.subarray(0, split), ids.subarray(split), DEFAULT_CONFIG);
      sampler = new sg.Generator(5);
      extra.samples.length = 0;
      $('history').replaceChildren();
    },
    async step() {
      const loss = model!.step();
      try {
        return await loss.item();
      } finally {
        loss.dispose();
      }
    },
    async evaluate(step) {
      const v = await model!.valLoss();
      await decodeAll(step);
      return v;
    },
  },
});

$('resample').addEventListener('click', () => {
  if (controls.state.status !== 'running' && controls.state.status !== 'loading') void decodeAll(controls.state.step);
});
await controls.start(extra);
