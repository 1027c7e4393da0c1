// Cell explainer demo: the <seq-explainer> element with a WebGPU / CPU switch. ?device=cpu|webgpu and
// ?cell=rnn|lstm|gru set the start; tests read the latest result from window.seqgpuDemo.
import '../../src/components/index.ts';
import type { CellResult, SeqExplainer } from '../../src/components/index.ts';
import { markFailed, markReady, param, probeWebGPU, showWebGpuNotice } from '../shared/page.ts';

interface DemoState {
  result: CellResult | null;
  changes: number;
  error: string | null;
}

const state: DemoState = { result: null, changes: 0, error: null };

try {
  const el = document.getElementById('explainer') as SeqExplainer;
  el.addEventListener('explainer-change', (e) => {
    state.result = (e as CustomEvent<{ result: CellResult }>).detail.result;
    state.changes++;
  });
  el.addEventListener('explainer-error', (e) => (state.error = (e as CustomEvent<{ message: string }>).detail.message));
  const cell = param('cell');
  if (cell === 'rnn' || cell === 'lstm' || cell === 'gru') el.cell = cell;
  // 'auto' is WebGPU when the browser has it, else the CPU: set before the first computation starts.
  const initial = param('device') === 'cpu' ? 'cpu' : 'auto';
  el.device = initial;
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('[data-device]')];
  const pick = (d: 'cpu' | 'auto'): void => {
    el.device = d;
    for (const b of buttons) b.setAttribute('aria-pressed', String((b.dataset.device === 'cpu') === (d === 'cpu')));
  };
  markReady(state);
  const p = await probeWebGPU();
  showWebGpuNotice(document.getElementById('webgpu')!, p, 'the cell is computed on the CPU backend');
  for (const b of buttons) {
    if (b.dataset.device === 'webgpu' && !p.available) b.disabled = true;
    b.addEventListener('click', () => pick(b.dataset.device === 'cpu' ? 'cpu' : 'auto'));
  }
  pick(p.available ? initial : 'cpu');
} catch (e) {
  markFailed(e);
  throw e;
}
