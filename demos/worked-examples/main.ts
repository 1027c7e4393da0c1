// Worked examples page: runs examples.ts on the chosen device and renders one card per example (the lecture's
// numbers struck through where seqgpu disagrees, with the reason), plus <ctc-lattice> for the CTC example and
// <beam-search-tree> for the beam search. ?device=webgpu|cpu.
import '../../src/components/index.ts';
import { BeamTreeRecorder } from '../../src/components/index.ts';
import type { Device } from '../../src/index.ts';
import { markFailed, markReady, param, probeWebGPU, sg, showWebGpuNotice } from '../shared/page.ts';
import { BEAM_WORDS, type Check, type Example, beamExample, convExample, ctcExample, gruExample, lstmExample, rnnExample, seq2seqExample, trendExamples } from './examples.ts';

type Kind = 'webgpu' | 'cpu';
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const state = { status: 'loading', device: null as Kind | null, webgpu: null as null | { available: boolean; detail: string }, examples: [] as Example[], error: null as string | null };
const devices: Partial<Record<Kind, Device>> = {};
let run = 0;

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const fmt = (v: number[] | null, d: number): string => (v === null ? '—' : v.length === 1 ? v[0].toFixed(d) : `[${v.map((x) => x.toFixed(d)).join(', ')}]`);

function row(c: Check): string {
  const shown = Math.max(c.decimals, c.ok === false ? c.decimals + 1 : c.decimals);
  const lecture = `<td class="num ${c.ok === false ? 'bad' : ''}">${fmt(c.lecture, c.decimals)}</td>`;
  const mine = `<td class="num ${c.ok === false ? 'good' : ''}">${fmt(c.seqgpu, shown)}</td>`;
  const mark = c.ok === null ? '' : c.ok ? '✓' : '✗';
  return `<tr data-ok="${c.ok}"><td>${esc(c.what)}</td>${lecture}${mine}<td>${mark}</td><td class="why">${esc(c.why ?? (c.ok === null ? 'intermediate (not printed by the lecture)' : ''))}</td></tr>`;
}

function card(e: Example): HTMLElement {
  const el = document.createElement('section');
  el.className = 'panel example';
  el.id = `ex-${e.id}`;
  const slips = e.checks.filter((c) => c.ok === false).length;
  const badge = !e.checks.length ? '<span class="badge none">nothing to check</span>' : slips ? `<span class="badge slip">${slips} slip${slips > 1 ? 's' : ''}</span>` : '<span class="badge ok">agrees</span>';
  const table = e.checks.length
    ? `<table><thead><tr><th>quantity</th><th>lecture</th><th>seqgpu</th><th></th><th>why</th></tr></thead><tbody>${e.checks.map(row).join('')}</tbody></table>`
    : '';
  el.innerHTML = `<header><h2>${esc(e.title)}</h2>${badge}</header>
    <div class="source">${esc(e.source)}</div>
    <p class="setup">${esc(e.setup)}</p>${table}
    <p class="verdict">${esc(e.verdict)}</p><div class="extra"></div>`;
  return el;
}

async function compute(kind: Kind): Promise<void> {
  const mine = ++run;
  state.status = 'loading';
  state.device = kind;
  $('status').textContent = `computing on ${kind === 'webgpu' ? 'WebGPU' : 'the CPU'}…`;
  for (const k of ['webgpu', 'cpu'] as const) $(`dev-${k}`).setAttribute('aria-pressed', String(k === kind));
  const device = (devices[kind] ??= await sg.init(kind));
  const recorder = new BeamTreeRecorder({ candidatesPerBeam: 3, beamWidth: 2 });
  const examples = [
    await rnnExample(device),
    await lstmExample(device),
    gruExample(),
    await convExample(device),
    ...trendExamples(),
    await beamExample(device, (s) => recorder.wrap(s)),
    await ctcExample(device),
    await seq2seqExample(device),
  ];
  if (mine !== run) return;
  state.examples = examples;
  const host = $('examples');
  host.replaceChildren(...examples.map(card));
  // Beam search: the tree the search explored.
  const beam = examples.find((e) => e.id === 'beam')!;
  const tree = document.createElement('beam-search-tree');
  tree.tokenLabels = BEAM_WORDS;
  tree.tree = recorder.finish((beam.extra!.result as { text: string; logProb: number }[]).map((r) => ({ tokens: [...r.text].map((ch) => BEAM_WORDS.indexOf(ch)), score: r.logProb, logProb: r.logProb, finished: false, group: 0 })));
  $('ex-beam').querySelector('.extra')!.append(tree);
  // CTC: the eight paths, and the lattice from ctcAlphaBeta on the same device.
  const ctc = examples.find((e) => e.id === 'ctc')!;
  const paths = ctc.extra!.paths as { path: string; p: number; collapses: string; listed: boolean }[];
  const extra = $('ex-ctc').querySelector('.extra')!;
  const list = document.createElement('div');
  list.className = 'paths';
  list.innerHTML = paths
    .map((q) => {
      const cls = q.collapses === 'A' ? 'valid' : q.listed ? 'trap' : 'other';
      const note = q.collapses === 'A' ? '' : q.listed ? ' ← listed by the lecture' : '';
      return `<span class="path ${cls}">${q.path} → ${q.collapses} · ${q.p.toFixed(3)}${note}</span>`;
    })
    .join('');
  const lattice = document.createElement('ctc-lattice');
  lattice.device = device;
  lattice.labels = ['-', 'A'];
  lattice.logProbs = ctc.extra!.rows as number[][];
  lattice.target = [1];
  extra.append(list, lattice);
  await lattice.computed;
  const checks = examples.flatMap((e) => e.checks).filter((c) => c.ok !== null);
  const slips = checks.filter((c) => !c.ok).length;
  $('summary').innerHTML = `<span><b>${examples.length}</b> examples</span><span><b>${checks.length}</b> printed quantities checked</span><span><b>${checks.length - slips}</b> agree</span><span><b>${slips}</b> slips</span><span>computed on <b>${esc(device.description)}</b></span>`;
  $('status').textContent = `done on ${kind === 'webgpu' ? 'WebGPU' : 'the CPU'}`;
  state.status = 'done';
}

try {
  markReady(state);
  const p = await probeWebGPU();
  state.webgpu = p;
  showWebGpuNotice($('webgpu'), p, 'the examples are computed on the CPU backend');
  $<HTMLButtonElement>('dev-webgpu').disabled = !p.available;
  const kind: Kind = param('device') === 'cpu' || !p.available ? 'cpu' : 'webgpu';
  for (const k of ['webgpu', 'cpu'] as const) {
    $(`dev-${k}`).addEventListener('click', () => {
      if (k !== state.device) void compute(k).catch(fail);
    });
  }
  await compute(kind);
} catch (e) {
  fail(e);
  markFailed(e);
}

function fail(e: unknown): void {
  state.error = e instanceof Error ? e.message : String(e);
  state.status = 'error';
  $('status').textContent = `error: ${state.error}`;
  console.error(e);
}
