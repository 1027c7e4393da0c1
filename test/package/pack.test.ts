// The package as a user gets it: build the library (npm run build:lib), `npm pack` it, install the tarball in a
// fresh consumer outside the repo (from the npm registry; npm's cache kept under test-artifacts/), then
//  - type-check a strict consumer (skipLibCheck: false) under TypeScript 5.9 and TypeScript 7: 0 errors, with
//    every TypeScript snippet of README.md and docs/*.md in it as written;
//  - bundle each single-element import alone (seqgpu/components/<tag>) with Vite, and check the chart elements
//    leave the engine out;
//  - run every README snippet against the installed package in Node (init('auto') picks the CPU there);
//  - init('auto') in Node finds Dawn's `webgpu` package on SwiftShader's Vulkan ICD;
//  - require('seqgpu') fails with the ESM-only message.
// SEQGPU_SKIP_PACK=1 skips it (e.g. offline).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentTags } from '../../vite.config.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const TS5 = '5.9.3';
const TS7 = '7.0.2';
/** Elements that draw data they are given: their bundles must not contain the engine. */
const ENGINE_FREE = ['loss-chart', 'forecast-chart', 'attention-map'];
/** A string only the engine contains (the CPU backend's description). */
const ENGINE_MARKER = 'float64 arithmetic';

let consumer = '';
const run = (cmd: string, args: string[], cwd: string, timeout = 240_000): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_cache: join(root, 'test-artifacts', 'npm-cache') } });

describe.skipIf(process.env.SEQGPU_SKIP_PACK === '1')('the packed package in a consumer', () => {
  beforeAll(() => {
    run('npm', ['run', 'build:lib'], root);
    const packDir = join(root, 'test-artifacts', 'pack');
    rmSync(packDir, { recursive: true, force: true });
    mkdirSync(packDir, { recursive: true });
    run('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir], root);
    const tarball = join(packDir, `${pkg.name}-${pkg.version}.tgz`);
    consumer = mkdtempSync(join(tmpdir(), 'seqgpu-consumer-'));
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, `typescript@${TS5}`, `ts7@npm:typescript@${TS7}`], consumer);
    mkdirSync(join(consumer, 'src'));
    // create-vite's vanilla-ts compiler options, with skipLibCheck off so seqgpu's declarations are checked.
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'ESNext', lib: ['ES2022', 'DOM', 'DOM.Iterable'], moduleResolution: 'bundler',
        verbatimModuleSyntax: true, moduleDetection: 'force', noEmit: true, strict: true, noUnusedLocals: true,
        noUnusedParameters: true, noFallthroughCasesInSwitch: true, noUncheckedSideEffectImports: true, skipLibCheck: false,
      },
      include: ['src'],
    }, null, 2));
    const elementImports = componentTags().map((t, i) => `import * as el${i} from 'seqgpu/components/${t}';\nconsole.log(el${i});`).join('\n');
    writeFileSync(join(consumer, 'src', 'main.ts'), `import { init, tensor, mseLoss, nn, optim, stats, SeqgpuError, type Device } from 'seqgpu';
import { nile, airPassengers, alice } from 'seqgpu/datasets';
import 'seqgpu/components';
import { LossChart } from 'seqgpu/components/loss-chart';
${elementImports}
const device: Device = await init('auto');
console.log(device.kind, device.reason);
const x = tensor([1, 2, 3], [3, 1], { device });
const m = new nn.Linear(1, 1, { device });
const opt = new optim.Adam(m.parameters(), { lr: 0.1 });
mseLoss(m.forward(x), x).backward();
opt.step();
const chart: LossChart = document.createElement('loss-chart');
console.log(stats.fitARIMA([...nile.values], { p: 1, d: 1, q: 1 }).aic, chart, SeqgpuError.name, airPassengers.index[0], alice.text.length);
`);
    // Every TypeScript snippet of the README and docs/*.md, as written (imports from the package): type-checked below.
    const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    mkdirSync(join(consumer, 'src', 'snippets'));
    for (const doc of docs) {
      const blocks = [...readFileSync(join(root, doc), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => /from 'seqgpu(\/[a-z-]+)?'/.test(b)); // self-contained ones (fragments like docs/stats.md's are not)
      blocks.forEach((code, i) => {
        const name = `${doc.replace(/[^a-z0-9]+/gi, '-')}-${i}.ts`;
        writeFileSync(join(consumer, 'src', 'snippets', name), /^\s*(import|export)\b/m.test(code) ? code : `${code}\nexport {};\n`);
      });
    }
  }, 400_000);
  afterAll(() => {
    if (consumer) rmSync(consumer, { recursive: true, force: true });
  });

  for (const [label, bin] of [[`TypeScript ${TS5}`, 'typescript'], [`TypeScript ${TS7}`, 'ts7']] as const) {
    it(`type-checks a strict consumer (skipLibCheck: false) under ${label} with 0 errors`, () => {
      let out = '';
      try {
        out = run(process.execPath, [join(consumer, 'node_modules', bin, 'bin', 'tsc'), '-p', '.'], consumer);
      } catch (e) {
        out = `${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}` || String(e);
      }
      expect(out.trim()).toBe('');
    });
  }

  it('builds each single-element import alone; the chart elements without the engine', async () => {
    const sizes: Record<string, number> = {};
    for (const tag of componentTags()) {
      const dir = join(consumer, 'el', tag);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'index.html'), `<!doctype html><script type="module">import 'seqgpu/components/${tag}';</script><${tag}></${tag}>`);
      const out = join(dir, 'dist');
      await build({ root: dir, configFile: false, logLevel: 'silent', build: { outDir: out, minify: false } });
      const js = readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(out, 'assets', f), 'utf8')).join('\n');
      expect(js, tag).toContain(`"${tag}"`);
      if (ENGINE_FREE.includes(tag)) expect(js.includes(ENGINE_MARKER), `${tag} bundles the engine`).toBe(false);
      sizes[tag] = js.length;
    }
    expect(Object.keys(sizes).length).toBe(componentTags().length);
  }, 180_000);

  it('runs every README snippet from the package in Node', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => /from 'seqgpu(\/[a-z-]+)?'/.test(b));
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const [i, code] of blocks.entries()) {
      expect(code, `README block ${i} imports from the repo, not the package`).not.toMatch(/from '\.\.?\//);
      const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
      const file = join(consumer, `readme-${i}.mjs`);
      writeFileSync(file, js);
      const out = run(process.execPath, [file], consumer, 120_000);
      expect(out.length, `README block ${i} printed nothing`).toBeGreaterThan(0);
      expect(out, `README block ${i}`).not.toMatch(/NaN/);
    }
  }, 300_000);

  // Dawn's `webgpu` package (the optional peer) on SwiftShader's Vulkan ICD, as Debian's chromium ships it: found
  // by init('auto') and taken as init('webgpu', { gpu }), with no WebGPU global installed, and a matmul on it
  // agrees with the CPU. (Dawn aborts the process if the GPU object a device came from is garbage-collected;
  // adapter.ts holds it.)
  const icd = ['/usr/lib/chromium/vk_swiftshader_icd.json', '/usr/lib/chromium-browser/vk_swiftshader_icd.json'].find((p) => existsSync(p));
  it.skipIf(!icd && process.env.CI !== 'true')("init('auto') in Node finds Dawn's webgpu package, and a matmul on it matches the CPU", () => {
    expect(icd, "no vk_swiftshader_icd.json (install Debian's chromium)").toBeTruthy();
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', 'webgpu@0.6.2'], consumer);
    writeFileSync(join(consumer, 'dawn.mjs'), `import { init, tensor, matmul } from 'seqgpu';
import { create } from 'webgpu';
const auto = await init('auto');
const explicit = await init('webgpu', { gpu: create([]) });
const cpu = await init('cpu');
const a = Array.from({ length: 16 * 24 }, (_, i) => Math.sin(i));
const b = Array.from({ length: 24 * 8 }, (_, i) => Math.cos(i));
const ref = await matmul(tensor(a, [16, 24], { device: cpu }), tensor(b, [24, 8], { device: cpu })).data();
let maxDiff = 0;
for (const dev of [auto, explicit]) {
  const got = await matmul(tensor(a, [16, 24], { device: dev }), tensor(b, [24, 8], { device: dev })).data();
  got.forEach((v, i) => { maxDiff = Math.max(maxDiff, Math.abs(v - ref[i])); });
}
console.log(JSON.stringify({ auto: auto.kind, reason: auto.reason, explicit: explicit.kind, globals: typeof globalThis.GPUBufferUsage, maxDiff }));
`);
    const env = { ...process.env, VK_ICD_FILENAMES: icd, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? tmpdir() };
    const r = spawnSync(process.execPath, ['dawn.mjs'], { cwd: consumer, encoding: 'utf8', timeout: 120_000, env });
    expect(r.status, `exit ${r.status} ${r.signal ?? ''}; stderr: ${r.stderr}`).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { auto: string; reason: string; explicit: string; globals: string; maxDiff: number };
    expect(out.auto).toBe('webgpu');
    expect(out.reason).toMatch(/init\('auto'\) chose WebGPU: .*swiftshader/i);
    expect(out.explicit).toBe('webgpu');
    expect(out.globals).toBe('undefined'); // Dawn's globals were never installed: seqgpu needs none
    expect(out.maxDiff).toBeLessThan(1e-4);
  }, 240_000);

  it("require('seqgpu') says the package is ESM-only and what to do", () => {
    let msg = '';
    try {
      run(process.execPath, ['-e', "require('seqgpu')"], consumer);
    } catch (e) {
      msg = String((e as { stderr?: string }).stderr);
    }
    expect(msg).toMatch(/seqgpu is ESM-only .* await import\('seqgpu'\)/);
  });

  it('ships no TypeScript sources and no @webgpu/types reference', () => {
    const installed = join(consumer, 'node_modules', 'seqgpu');
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(existsSync(join(installed, 'LICENSE'))).toBe(true);
    expect(readFileSync(join(installed, 'dist', 'index.d.ts'), 'utf8')).not.toMatch(/@webgpu\/types/);
  });
});
