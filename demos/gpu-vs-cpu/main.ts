// GPU vs CPU demo: the <gpu-cpu-check> component, started once the WebGPU probe answers. Tests read the
// summary from window.seqgpuDemo.
import '../../src/components/index.ts';
import type { CheckSummary, GpuCpuCheck } from '../../src/components/index.ts';
import { markFailed, markReady, probeWebGPU, showWebGpuNotice } from '../shared/page.ts';
import { type SpeedRow, measureSpeeds } from './speed.ts';

interface DemoState {
  webgpu: { available: boolean; detail: string } | null;
  summary: CheckSummary | null;
  done: boolean;
  error: string | null;
  speed: { rows: SpeedRow[]; done: boolean };
}

const state: DemoState = { webgpu: null, summary: null, done: false, error: null, speed: { rows: [], done: false } };

/** The speed table: measured on request (it trains each model for a few steps on each backend). */
function setUpSpeedTable(): void {
  const button = document.getElementById('speed-run') as HTMLButtonElement;
  const table = document.getElementById('speed-table') as HTMLTableElement;
  const status = document.getElementById('speed-status')!;
  let controller: AbortController | null = null;
  const fmt = (v: number): string => (Number.isFinite(v) ? (v >= 10 ? v.toFixed(1) : v.toPrecision(3)) : '-');
  const run = async (): Promise<void> => {
    controller?.abort();
    controller = new AbortController();
    const signal = controller.signal;
    state.speed = { rows: [], done: false };
    const body = table.tBodies[0];
    body.replaceChildren();
    table.hidden = false;
    button.disabled = true;
    status.textContent = 'Measuring…';
    const steps = Number(new URLSearchParams(location.search).get('speedSteps') ?? 5);
    try {
      await measureSpeeds((r) => {
        state.speed.rows.push(r);
        const tr = body.insertRow();
        for (const text of [r.model, r.backend, r.note ?? fmt(r.stepsPerSecond), r.dispatchesPerStep === null ? '-' : String(r.dispatchesPerStep)]) {
          tr.insertCell().textContent = text;
        }
      }, signal, steps);
      status.textContent = signal.aborted ? 'Stopped.' : 'Done.';
    } catch (e) {
      status.textContent = `Failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      state.speed.done = true;
      button.disabled = false;
    }
  };
  button.addEventListener('click', () => void run());
  if (new URLSearchParams(location.search).get('speed') === '1') void run();
}

try {
  const check = document.getElementById('check') as GpuCpuCheck;
  check.addEventListener('check-complete', (e) => {
    state.summary = (e as CustomEvent<CheckSummary>).detail;
    state.done = true;
  });
  check.addEventListener('check-error', (e) => {
    state.error = (e as CustomEvent<{ message: string }>).detail.message;
    state.done = true;
  });
  setUpSpeedTable();
  markReady(state);
  const p = await probeWebGPU();
  state.webgpu = p;
  showWebGpuNotice(document.getElementById('webgpu')!, p, 'the comparison needs a GPU, but every other demo runs on the CPU backend');
  // Without WebGPU the component still runs far enough to say why, in place of the table.
  check.autoRun = true;
} catch (e) {
  markFailed(e);
  throw e;
}
