// Gradient-flow demo: a vanilla RNN, an LSTM and a GRU on "recall the first token after T steps". For each cell it
// plots ||dL/dh_t|| against t, from seqgpu's own backward pass (src/components/lib/gradient-flow.ts: a zero probe
// on each h_t, so probe.grad = dL/dh_t), on WebGPU or the CPU reference; trains each cell for a few steps at
// several T and shows held-out accuracy; gradient clipping and a large recurrent init show the exploding case.
// ?device=cpu|webgpu, ?T=N, ?init=default|0.5|1.5|relu3, ?clip=1, ?steps=N (training steps per cell and T), ?sweep=5,10,20, ?autostart=1; tests read
// window.seqgpuDemo.
import { sg, markFailed, markReady, numberParam, param, probeWebGPU, showWebGpuNotice } from '../shared/page.ts';
import { DEFAULT_RECALL, FLOW_CELLS, RecallModel, type FlowCell, type RecallConfig } from '../../src/components/lib/gradient-flow.ts';
import type { Device } from '../../src/index.ts';
import { accuracyPlot, gradPlot } from './plot.ts';

interface DemoState {
  status: 'idle' | 'running' | 'done' | 'error';
  device: string;
  /** Last measurement: cell -> ||dL/dh_t||, t = 1..T. */
  norms: Record<string, number[]>;
  /** Parameter-gradient norm before clipping, per cell, at the last measurement. */
  paramNorms: Record<string, number>;
  sweep: { T: number; acc: Record<string, number> }[];
  error: string | null;
}

const state: DemoState = { status: 'idle', device: '', norms: {}, paramNorms: {}, sweep: [], error: null };
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
let device: Device | null = null;
let run = 0; // a newer click cancels the older run

function config(): RecallConfig {
  const clip = $<HTMLInputElement>('clip').checked ? 1 : null;
  const scaleSel = $<HTMLSelectElement>('init').value;
  // 'relu3': the exploding case (a ReLU RNN does not saturate, so a spectral radius above 1 compounds).
  const relu = scaleSel.startsWith('relu');
  const scale = scaleSel === 'default' ? null : Number(scaleSel.replace('relu', ''));
  return { ...DEFAULT_RECALL, T: Math.max(2, Math.min(200, Math.round(Number($<HTMLInputElement>('T').value) || 20))), clip, recurrentScale: scale, rnnNonlinearity: relu ? 'relu' : 'tanh' };
}

function status(msg: string): void {
  $('status').textContent = msg;
}

async function getDevice(): Promise<Device> {
  const want = document.querySelector<HTMLButtonElement>('[data-device][aria-pressed="true"]')?.dataset.device ?? 'cpu';
  if (device && device.kind === want) return device;
  device = await sg.init(want === 'webgpu' ? 'webgpu' : 'cpu');
  state.device = device.kind;
  return device;
}

/** Measures ||dL/dh_t|| for each cell at the current settings (untrained, or after `train` steps). */
async function measure(train: number): Promise<void> {
  const my = ++run;
  state.status = 'running';
  try {
    const dev = await getDevice();
    const cfg = config();
    for (const kind of FLOW_CELLS) {
      const m = new RecallModel(sg, dev, kind, cfg);
      try {
        for (let i = 0; i < train; i++) {
          await m.step();
          if (my !== run) return;
          if (i % 5 === 0) status(`${kind.toUpperCase()}: training step ${i + 1}/${train}…`);
        }
        const s = await m.step(false);
        if (my !== run) return;
        state.norms[kind] = s.gradNorms;
        state.paramNorms[kind] = s.paramGradNorm;
        gradPlot($('grad') as unknown as SVGSVGElement, state.norms);
        legend();
      } finally {
        m.dispose();
      }
    }
    status(`||dL/dh_t|| at T = ${cfg.T}${train ? ` after ${train} training steps` : ' (untrained)'}, ${dev.kind === 'webgpu' ? 'WebGPU' : 'CPU reference'}`);
    state.status = 'done';
  } catch (e) {
    state.status = 'error';
    state.error = e instanceof Error ? e.message : String(e);
    status(`error: ${state.error}`);
  }
}

function legend(): void {
  const rows = FLOW_CELLS.filter((k) => state.norms[k]).map((k) => {
    const g = state.norms[k];
    const ratio = g[0] / g[g.length - 1];
    return `<li><span class="swatch ${k}"></span><b>${k.toUpperCase()}</b> ‖∂L/∂h<sub>1</sub>‖ / ‖∂L/∂h<sub>T</sub>‖ = <span class="mono">${ratio.toExponential(1)}</span>; ‖∇θ‖ = <span class="mono">${state.paramNorms[k].toExponential(1)}</span></li>`;
  });
  $('legend').innerHTML = rows.join('');
}

/** Trains each cell `steps` steps at each T and evaluates on fresh batches. */
async function sweep(Ts: number[], steps: number): Promise<void> {
  const my = ++run;
  state.status = 'running';
  state.sweep = [];
  try {
    const dev = await getDevice();
    for (const T of Ts) {
      const row = { T, acc: {} as Record<string, number> };
      for (const kind of FLOW_CELLS) {
        const m = new RecallModel(sg, dev, kind, { ...config(), T, lr: 0.02 });
        try {
          for (let i = 0; i < steps; i++) {
            await m.step();
            if (my !== run) return;
            if (i % 10 === 0) status(`T = ${T}, ${kind.toUpperCase()}: step ${i + 1}/${steps}…`);
          }
          let acc = 0;
          for (let k = 0; k < 2; k++) acc += (await m.step(false)).accuracy / 2;
          row.acc[kind] = acc;
        } finally {
          m.dispose();
        }
      }
      state.sweep.push(row);
      accuracyPlot($('acc') as unknown as SVGSVGElement, state.sweep, 1 / DEFAULT_RECALL.K);
    }
    status(`accuracy after ${steps} training steps per cell`);
    state.status = 'done';
  } catch (e) {
    state.status = 'error';
    state.error = e instanceof Error ? e.message : String(e);
    status(`error: ${state.error}`);
  }
}

try {
  const T0 = numberParam('T', 30);
  const init = param('init');
  if (init) $<HTMLSelectElement>('init').value = init;
  if (param('clip') === '1') $<HTMLInputElement>('clip').checked = true;
  $<HTMLInputElement>('T').value = String(T0);
  $<HTMLOutputElement>('T-out').textContent = String(T0);
  $<HTMLInputElement>('T').addEventListener('input', (e) => ($('T-out').textContent = (e.target as HTMLInputElement).value));
  const steps = numberParam('steps', 60);
  const sweepTs = (param('sweep') ?? '5,10,20,40').split(',').map(Number).filter((v) => v >= 2);
  markReady(state);
  const p = await probeWebGPU();
  showWebGpuNotice($('webgpu'), p, 'the gradients are computed on the CPU backend');
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('[data-device]')];
  const pick = (d: string): void => {
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.device === d));
  };
  for (const b of buttons) {
    if (b.dataset.device === 'webgpu' && !p.available) b.disabled = true;
    b.addEventListener('click', () => pick(b.dataset.device!));
  }
  pick(param('device') === 'cpu' || !p.available ? 'cpu' : 'webgpu');
  $('measure').addEventListener('click', () => void measure(0));
  $('measure-trained').addEventListener('click', () => void measure(steps));
  $('sweep').addEventListener('click', () => void sweep(sweepTs, steps));
  if (param('autostart') === '1') {
    await measure(0);
    await sweep(sweepTs, steps);
  }
} catch (e) {
  markFailed(e);
  throw e;
}

export type { FlowCell };
