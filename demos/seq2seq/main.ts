// Seq2seq demo: two date converters (teacher forcing vs scheduled sampling) trained side by side on WebGPU or the
// CPU, loss curves and exact-match accuracy, and a decode panel: greedy and beam outputs, the attention map and the
// beam tree. ?device=webgpu|cpu, ?steps=N, ?every=K (accuracy and decode refresh), ?autostart=1.
import '../../src/components/index.ts';
import { BeamTreeRecorder } from '../../src/components/index.ts';
import type { AttentionMap, BeamSearchTree, LossChart } from '../../src/components/index.ts';
import type { Device } from '../../src/index.ts';
import { markFailed, markReady, numberParam, param, probeWebGPU, sg, showWebGpuNotice } from '../shared/page.ts';
import { BOS, DateModel, EOS, LABELS, type Regime, VOCAB, convert, decodeTokens, randomDate } from './task.ts';

type Status = 'loading' | 'ready' | 'running' | 'paused' | 'done' | 'error';
type Kind = 'webgpu' | 'cpu';

interface Decoded {
  regime: Regime;
  input: string;
  expected: string;
  greedy: string;
  beams: { text: string; logProb: number }[];
  attentionRows: number;
  treeNodes: number;
}

interface DemoState {
  status: Status;
  device: Kind | null;
  step: number;
  total: number;
  losses: Record<Regime, number[]>;
  accuracy: Record<Regime, [number, number][]>;
  decoded: Decoded | null;
  error: string | null;
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
const startBtn = $<HTMLButtonElement>('start');
const stepsInput = $<HTMLInputElement>('steps');

const state: DemoState = {
  status: 'loading',
  device: null,
  step: 0,
  total: 0,
  losses: { 'teacher-forcing': [], 'scheduled-sampling': [] },
  accuracy: { 'teacher-forcing': [], 'scheduled-sampling': [] },
  decoded: null,
  error: null,
};
const devices: Partial<Record<Kind, Device>> = {};
let models: Record<Regime, DateModel> | null = null;
let run: AbortController | null = null;
let shown: Regime = 'teacher-forcing';
let decoding: Promise<void> = Promise.resolve();

function setStatus(s: Status, text?: string): void {
  state.status = s;
  $('status').textContent = text ?? { loading: 'loading…', ready: 'ready', running: 'training…', paused: 'paused', done: 'done', error: 'error' }[s];
  startBtn.textContent = s === 'running' ? 'Pause' : s === 'paused' ? 'Resume' : s === 'done' ? 'Train more' : 'Start';
  startBtn.disabled = s === 'loading' || s === 'error';
}

function updateStats(rate: number | null): void {
  $('step').textContent = String(state.step);
  $('total').textContent = String(state.total);
  $('bar').style.width = `${(100 * state.step) / Math.max(1, state.total)}%`;
  if (models) $('ratio').textContent = models['scheduled-sampling'].ratio.toFixed(2);
  if (rate !== null) $('rate').textContent = rate.toFixed(rate >= 100 ? 0 : 1);
}

async function measure(ms: Record<Regime, DateModel>): Promise<void> {
  for (const r of REGIMES) {
    const acc = await ms[r].accuracy(HELD_OUT);
    if (models !== ms) return;
    state.accuracy[r].push([state.step, acc]);
    charts[r].push(state.step, undefined, 1 - acc);
    $(`acc-${SHORT[r]}`).textContent = `${(100 * acc).toFixed(0)}%`;
  }
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

async function getDevice(kind: Kind): Promise<Device> {
  return (devices[kind] ??= await sg.init(kind));
}

async function reset(kind: Kind): Promise<void> {
  run?.abort();
  run = null;
  await decoding.catch(() => {});
  if (models) for (const r of REGIMES) models[r].dispose();
  models = null;
  setStatus('loading', kind === 'webgpu' ? 'compiling…' : 'loading…');
  state.device = kind;
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-device]')) b.setAttribute('aria-pressed', String(b.dataset.device === kind));
  const device = await getDevice(kind);
  state.step = 0;
  state.total = Math.max(10, Math.floor(Number(stepsInput.value) || 400));
  models = { 'teacher-forcing': new DateModel(device, 'teacher-forcing', state.total), 'scheduled-sampling': new DateModel(device, 'scheduled-sampling', state.total) };
  state.losses = { 'teacher-forcing': [], 'scheduled-sampling': [] };
  state.accuracy = { 'teacher-forcing': [], 'scheduled-sampling': [] };
  state.decoded = null;
  for (const r of REGIMES) {
    charts[r].clear();
    $(`acc-${SHORT[r]}`).textContent = '–';
  }
  updateStats(null);
  $('rate').textContent = '–';
  $('outputs').textContent = 'Decoding appears here once the models have trained a little.';
  setStatus('ready');
}

async function train(signal: AbortSignal): Promise<void> {
  const ms = models!;
  setStatus('running');
  let lastYield = performance.now();
  let windowStart = performance.now();
  let windowSteps = 0;
  let rate: number | null = null;
  while (state.step < state.total) {
    const losses: Partial<Record<Regime, number>> = {};
    for (const r of REGIMES) {
      const l = ms[r].step();
      try {
        losses[r] = await l.item();
      } finally {
        l.dispose();
      }
    }
    if (signal.aborted || models !== ms) return;
    state.step++;
    for (const r of REGIMES) {
      state.losses[r].push(losses[r]!);
      charts[r].push(state.step, losses[r]!);
    }
    if (state.step % EVERY === 0 || state.step === state.total) {
      await measure(ms);
      await decodeNow();
      if (signal.aborted || models !== ms) return;
    }
    windowSteps++;
    const now = performance.now();
    if (now - windowStart > 500) {
      rate = (1000 * windowSteps) / (now - windowStart);
      windowStart = now;
      windowSteps = 0;
    }
    if (now - lastYield > 14) {
      updateStats(rate);
      await new Promise((r) => setTimeout(r, 0));
      lastYield = performance.now();
    }
  }
  updateStats(rate);
  setStatus('done');
}

function toggle(): void {
  if (state.status === 'running') {
    run?.abort();
    run = null;
    setStatus('paused');
    return;
  }
  if (state.status === 'done') state.total = state.step + Math.max(10, Math.floor(Number(stepsInput.value) || 400));
  const controller = new AbortController();
  run = controller;
  train(controller.signal).catch((e: unknown) => {
    state.error = e instanceof Error ? e.message : String(e);
    setStatus('error', `error: ${state.error}`);
    console.error(e);
  });
}

try {
  setStatus('loading');
  markReady(state);
  const p = await probeWebGPU();
  showWebGpuNotice($('webgpu'), p, 'the models train on the CPU backend');
  const devButtons = [...document.querySelectorAll<HTMLButtonElement>('[data-device]')];
  for (const b of devButtons) if (b.dataset.device === 'webgpu' && !p.available) b.disabled = true;
  const kind: Kind = param('device') === 'cpu' || !p.available ? 'cpu' : 'webgpu';
  stepsInput.value = String(numberParam('steps', 400));
  await reset(kind);
  startBtn.addEventListener('click', toggle);
  $('reset').addEventListener('click', () => void reset(state.device ?? kind));
  $('decode').addEventListener('click', () => void decodeNow());
  for (const b of devButtons) b.addEventListener('click', () => b.dataset.device !== state.device && void reset(b.dataset.device as Kind));
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-model]')) {
    b.addEventListener('click', () => {
      shown = b.dataset.model as Regime;
      for (const o of document.querySelectorAll<HTMLButtonElement>('[data-model]')) o.setAttribute('aria-pressed', String(o === b));
      void decodeNow();
    });
  }
  if (param('autostart') === '1') toggle();
} catch (e) {
  state.error = e instanceof Error ? e.message : String(e);
  setStatus('error', `error: ${state.error}`);
  markFailed(e);
  throw e;
}
