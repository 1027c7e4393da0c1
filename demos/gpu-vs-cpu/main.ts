// GPU vs CPU demo: the <gpu-cpu-check> component, started once the WebGPU probe answers. Tests read the
// summary from window.seqgpuDemo.
import '../../src/components/index.ts';
import type { CheckSummary, GpuCpuCheck } from '../../src/components/index.ts';
import { markFailed, markReady, probeWebGPU, showWebGpuNotice } from '../shared/page.ts';

interface DemoState {
  webgpu: { available: boolean; detail: string } | null;
  summary: CheckSummary | null;
  done: boolean;
  error: string | null;
}

const state: DemoState = { webgpu: null, summary: null, done: false, error: null };

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
