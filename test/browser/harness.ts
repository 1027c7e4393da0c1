// Page side of the WebGPU test driver (test/browser/harness.html; Node side: remote.ts).
// Imports seqgpu from source and exposes it as window.seqgpu, then sets window.seqgpuReady; if the import throws
// (a runtime error in src/, a missing file, a Vite transform error) it sets window.seqgpuError instead.

type SeqgpuModule = typeof import('../../src/index.ts') & typeof import('../../src/internal.ts');

declare global {
  interface Window {
    seqgpu?: SeqgpuModule;
    seqgpuReady?: boolean;
    seqgpuError?: string;
    /** Turns a caught error into one message; used by remote.ts for errors thrown by evaluated functions. */
    seqgpuDescribeError?: (e: unknown) => Promise<string>;
  }
}

/**
 * "Failed to fetch dynamically imported module: URL" is all a browser says when Vite could not transform a module
 * (a missing import, a syntax error) anywhere under it. Vite answers that URL with a 500 page that embeds the real
 * error as `const error = {...}`; fetch it and put its message (naming the file) into the error text.
 */
async function describeError(e: unknown): Promise<string> {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const url = /Failed to fetch dynamically imported module: (\S+)/.exec(text)?.[1];
  if (!url) return text;
  try {
    const res = await fetch(url);
    if (res.ok) return text;
    const body = await res.text();
    const json = /const error = (\{.*\})\s*$/m.exec(body)?.[1];
    const viteError = json ? (JSON.parse(json) as { message?: string; id?: string }) : undefined;
    if (!viteError?.message) return `${text} (HTTP ${res.status})`;
    return `${text}\nVite: ${viteError.message}${viteError.id ? ` [${viteError.id}]` : ''}`;
  } catch {
    return text;
  }
}
window.seqgpuDescribeError = describeError;

const status = document.getElementById('status');
const t0 = performance.now();
try {
  // Dynamic, so that a failing import is caught here with its message.
  // The public API plus seqgpu/internal, so tests can reach the building blocks (choleskySolve, ...) too.
  const [sg, internal] = await Promise.all([import('../../src/index.ts'), import('../../src/internal.ts')]);
  window.seqgpu = { ...sg, ...internal };
  window.seqgpuReady = true;
  if (status) status.textContent = `seqgpu loaded in ${Math.round(performance.now() - t0)} ms; use window.seqgpu`;
} catch (e) {
  const stack = e instanceof Error && e.stack ? `\n${e.stack}` : '';
  window.seqgpuError = `importing src/index.ts failed: ${await describeError(e)}${stack}`;
  if (status) status.textContent = window.seqgpuError;
}

export {};
