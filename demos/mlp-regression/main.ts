// MLP regression demo: device switch, start/pause/reset, progress, live loss curves (<loss-chart>) and the fit.
// The loop, its controls and its published state are the shared TrainControls (demos/shared/train-controls.ts);
// this page adds the learning-rate switch, the dispatch count per step and the fit plot.
// Query parameters: ?device=webgpu|cpu, ?steps=N, ?autostart=1, ?every=K (validation and fit refresh; default 25).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import '../../src/components/index.ts';
import type { LossChart } from '../../src/components/index.ts';
import type { Device } from '../../src/index.ts';
import { TrainControls } from '../shared/train-controls.ts';
import { DEFAULT_CONFIG, SineTrainer, target } from './trainer.ts';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const chart = $<LossChart>('chart');
const lrSelect = $<HTMLSelectElement>('lr');

let trainer: SineTrainer | null = null;
let fit: uPlot | null = null;

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function createFit(): void {
  const el = $('fit');
  fit?.destroy();
  const muted = cssVar('--sg-muted', '#5f6b7a');
  const grid = cssVar('--sg-border', '#dde1e6');
  const axis = (label: string): uPlot.Axis => ({ label, stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } });
  const d = trainer!.data;
  const truth = Array.from(d.x, target);
  fit = new uPlot(
    {
      width: Math.max(240, el.clientWidth),
      height: 260,
      scales: { x: { time: false }, y: { range: [-2, 2] } },
      axes: [axis('x'), axis('y')],
      legend: { live: false },
      cursor: { show: false },
      series: [
        {},
        { label: 'samples', stroke: muted, paths: () => null, points: { show: true, size: 3, fill: muted, stroke: muted } },
        { label: 'sin(1.5x)', stroke: cssVar('--sg-accent-2', '#e8590c'), width: 1.5, dash: [6, 5] },
        { label: 'model', stroke: cssVar('--sg-accent', '#4f46e5'), width: 2.5 },
      ],
    },
    [Array.from(d.x), Array.from(d.y), truth, truth.map(() => null)] as uPlot.AlignedData,
    el,
  );
}

async function refreshFit(): Promise<void> {
  if (!trainer || !fit) return;
  const pred = await trainer.predict();
  const d = trainer.data;
  fit.setData([Array.from(d.x), Array.from(d.y), Array.from(d.x, target), Array.from(pred)] as uPlot.AlignedData, false);
}

const controls = new TrainControls({
  defaultSteps: 1500,
  every: 25,
  chart,
  toolbar: [$('lr-control')],
  stats: [$('val-stat'), $('dispatch-stat')],
  fallbackNote: 'training runs on the CPU backend',
  hooks: {
    async reset(device: Device): Promise<void> {
      trainer?.dispose();
      trainer = new SineTrainer(device, { ...DEFAULT_CONFIG, lr: Number(lrSelect.value) });
      createFit();
      $('dispatches').textContent = '–';
      $('val').textContent = '–';
    },
    async step(): Promise<number> {
      const t = trainer!;
      const before = t.device.stats().dispatches;
      const lossT = t.step();
      try {
        return await lossT.item();
      } finally {
        lossT.dispose();
        $('dispatches').textContent = String(t.device.stats().dispatches - before);
      }
    },
    // Validation loss (the untrained model's at step 0, as the curve's start) and the fit plot.
    async evaluate(): Promise<number | null> {
      const t = trainer;
      if (!t) return null;
      const v = await t.valLoss();
      await refreshFit();
      $('val').textContent = v.toFixed(4);
      return v;
    },
  },
});

lrSelect.addEventListener('change', () => controls.rebuild());
window.addEventListener('resize', () => {
  if (fit) fit.setSize({ width: Math.max(240, $('fit').clientWidth), height: 260 });
});
await controls.start();
