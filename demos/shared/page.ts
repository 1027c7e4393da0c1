// Helpers every demo page shares: one WebGPU probe per page (the engine's own init, so its message is the one
// users see), the WebGPU/CPU notice, and the hooks the headless tests use (window.seqgpu, seqgpuReady, and a
// per-demo state object). Query parameters let tests and links configure a demo: ?device=cpu|webgpu, ?steps=N,
// ?autostart=1.
import * as sg from '../../src/index.ts';

export { sg };

export interface WebGpuProbe {
  available: boolean;
  /** Adapter description when available; the engine's reason when not. */
  detail: string;
}

let probe: Promise<WebGpuProbe> | null = null;

/** Asks the engine for a WebGPU device once per page, then releases it. */
export function probeWebGPU(): Promise<WebGpuProbe> {
  probe ??= (async () => {
    try {
      const device = await sg.init('webgpu');
      const detail = device.description;
      device.destroy();
      return { available: true, detail };
    } catch (e) {
      return { available: false, detail: e instanceof Error ? e.message : String(e) };
    }
  })();
  return probe;
}

/** Fills a .notice element with the WebGPU status (and the CPU fallback note when there is none). */
export function showWebGpuNotice(el: HTMLElement, p: WebGpuProbe, fallbackNote = 'this demo runs on the CPU backend instead'): void {
  el.classList.remove('pending');
  el.classList.add(p.available ? 'ok' : 'warn');
  el.replaceChildren();
  const strong = document.createElement('strong');
  strong.textContent = p.available ? 'WebGPU available. ' : 'WebGPU unavailable: ';
  const text = document.createElement('span');
  text.textContent = p.available ? `Adapter: ${p.detail}` : `${p.detail}. Falling back: ${fallbackNote}.`;
  el.append(strong, text);
  if (!p.available) {
    const hint = document.createElement('div');
    hint.className = 'hint';
    hint.style.marginTop = '4px';
    hint.style.fontSize = '13px';
    hint.textContent = 'WebGPU needs a recent Chrome or Edge (113+), Safari 26+, or Firefox 141+ on Windows; on Linux Chrome may need chrome://flags/#enable-unsafe-webgpu.';
    el.append(hint);
  }
}

export function param(name: string): string | null {
  return new URLSearchParams(location.search).get(name);
}

export function numberParam(name: string, fallback: number): number {
  const v = Number(param(name));
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

interface TestHooks {
  seqgpu?: typeof sg;
  seqgpuReady?: boolean;
  seqgpuError?: string;
  seqgpuDemo?: unknown;
}

/** Marks the page ready for test/browser/remote.ts and publishes the demo's state object for the tests. */
export function markReady(state: unknown): void {
  const w = window as unknown as TestHooks;
  w.seqgpu = sg;
  w.seqgpuDemo = state;
  w.seqgpuReady = true;
}

/** Marks the page as failed (remote.ts reports the message instead of waiting). */
export function markFailed(e: unknown): void {
  (window as unknown as TestHooks).seqgpuError = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
}
