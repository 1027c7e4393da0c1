// The README's TypeScript examples are executed as written (imports pointed at src/; test/package/pack.test.ts
// runs them again against the packed tarball): on the CPU
// backend in Node, and the GPU ones on WebGPU in the page. A README example that stops working is a
// failing test, not a surprise for a newcomer.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { describeWebGPU } from '../browser/remote.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.includes("from 'seqgpu'"));
// Written under test-artifacts/ (gitignored, inside the Vite root, so the page can import them too).
const outDir = join(root, 'test-artifacts', 'readme');

function materialise(code: string, i: number, device: 'cpu' | 'webgpu'): string {
  const file = join(outDir, `example-${i}-${device}.ts`);
  const rewritten = code
    .replace(/from 'seqgpu\/datasets'/g, "from '../../src/datasets/index.ts'")
    .replace(/from 'seqgpu'/g, "from '../../src/index.ts'")
    .replace(/'\.\/data\//g, "'../../data/")
    .replace(/init\('(webgpu|auto)'\)/g, `init('${device}')`)
    // On the (software) WebGPU adapter the examples run a few steps: the CPU run shows they converge,
    // this one that the same code runs on the GPU.
    .replace(/step < (\d+); step\+\+/g, (m, n: string) => (device === 'webgpu' ? `step < ${Math.min(Number(n), 12)}; step++` : m));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(file, rewritten);
  return file;
}

describe('README examples on cpu', () => {
  it('has the examples it promises', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });
  blocks.forEach((code, i) => {
    const title = code.split('\n').find((l) => l.startsWith('import'))?.slice(0, 70) ?? `block ${i}`;
    it(`example ${i}: ${title}`, async () => {
      const logs: unknown[][] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args));
      try {
        await import(/* @vite-ignore */ materialise(code, i, 'cpu'));
      } finally {
        spy.mockRestore();
      }
      expect(logs.length).toBeGreaterThan(0); // every example prints what it computed
      for (const line of logs) for (const v of line) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    });
  });
});

describeWebGPU('README examples on webgpu', (remote) => {
  blocks.forEach((code, i) => {
    if (!/init\('(webgpu|auto)'\)/.test(code)) return;
    it(`example ${i} runs in the browser on WebGPU`, async () => {
      materialise(code, i, 'webgpu');
      const logged = await remote().evaluate(
        async (_sg, path: string) => {
          const lines: string[] = [];
          const orig = console.log;
          console.log = (...a: unknown[]) => void lines.push(a.map(String).join(' '));
          try {
            await import(/* @vite-ignore */ path);
          } finally {
            console.log = orig;
          }
          return lines;
        },
        `/test-artifacts/readme/example-${i}-webgpu.ts`,
        { timeoutMs: 110_000 },
      );
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.join('\n')).not.toMatch(/NaN/);
    });
  });
});
