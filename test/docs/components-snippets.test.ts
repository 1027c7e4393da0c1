// docs/components.md's TypeScript snippets type-check under strict tsc against the source: every ```ts block is
// written to test-artifacts/docs-snippets/ with 'seqgpu' and 'seqgpu/components' pointed at src/, and compiled
// with the repo's TypeScript and tsconfig (strict). A listener whose `e.detail` is untyped, a wrong property type
// or a renamed export is a failing test. A second file holds misuses that must NOT compile (assigning read-only
// properties, reading a detail field an event does not have, the wrong detail in a typed dispatch), so the
// typing is shown to bite, not just to be permissive.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const doc = readFileSync(join(root, 'docs', 'components.md'), 'utf8');
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const outDir = join(root, 'test-artifacts', 'docs-snippets');

function materialise(code: string, name: string): string {
  const file = join(outDir, `${name}.ts`);
  const rel = (p: string): string => relative(outDir, join(root, p)).split('\\').join('/');
  const rewritten = code.replace(/from 'seqgpu\/components'/g, `from '${rel('src/components/index.ts')}'`).replace(/from 'seqgpu'/g, `from '${rel('src/index.ts')}'`).replace(/import 'seqgpu\/components'/g, `import '${rel('src/components/index.ts')}'`);
  // A snippet without imports would be a script sharing one global scope with the others.
  writeFileSync(file, /^\s*(import|export)\b/m.test(rewritten) ? rewritten : `${rewritten}\nexport {};\n`);
  return file;
}

// Must not compile: each line is one misuse, and the test expects an error on each line.
const MISUSES = `import '${'../../src/components/index.ts'}';
import { fire } from '../../src/components/lib/events.ts';
const check = document.querySelector('gpu-cpu-check')!;
const chart = document.querySelector('loss-chart')!;
const lattice = document.querySelector('ctc-lattice')!;
const tree = document.querySelector('beam-search-tree')!;
const att = document.querySelector('attention-map')!;
check.state = 'done';
check.results = [];
chart.points = { steps: [], train: [], val: [] };
lattice.result = null;
tree.selected = 'x';
att.loaded = Promise.resolve(null);
check.addEventListener('check-complete', (e) => console.log(e.detail.nope));
chart.addEventListener('loss-cursor', (e) => console.log(e.detail.x));
fire(chart, 'loss-cursor', { step: 1 });
export {};
`;

describe('docs/components.md TypeScript snippets', () => {
  const files: { file: string; code: string }[] = [];
  let program: ts.Program;
  beforeAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    blocks.forEach((code, i) => files.push({ file: materialise(code, `snippet-${i}`), code }));
    writeFileSync(join(outDir, 'misuses.ts'), MISUSES);
    const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    expect(parsed.options.strict).toBe(true);
    program = ts.createProgram([...files.map((f) => f.file), join(outDir, 'misuses.ts')], { ...parsed.options, noEmit: true });
  }, 240_000);

  it('has the snippets it promises (listeners for every element, the TypeScript section)', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    for (const ev of ['check-complete', 'check-error', 'loss-cursor', 'forecast-cursor', 'forecast-toggle', 'lattice-hover', 'beam-node-select', 'explainer-change']) {
      expect(blocks.some((b) => b.includes(`'${ev}'`)), `a snippet listens for ${ev}`).toBe(true);
    }
  });

  it('every snippet type-checks under strict tsc with no casts on event details', () => {
    const report: string[] = [];
    for (const { file, code } of files) {
      expect(code).not.toMatch(/as CustomEvent|as any|@ts-/);
      const sf = program.getSourceFile(file)!;
      for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
        const { line } = d.start !== undefined ? sf.getLineAndCharacterOfPosition(d.start) : { line: -1 };
        report.push(`${relative(root, file)}:${line + 1}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      }
    }
    expect(report).toEqual([]);
  }, 240_000);

  it('misuses do not compile: read-only properties, unknown detail fields, a wrong detail in fire()', () => {
    const sf = program.getSourceFile(join(outDir, 'misuses.ts'))!;
    const byLine = new Map<number, number[]>();
    for (const d of program.getSemanticDiagnostics(sf)) {
      const line = sf.getLineAndCharacterOfPosition(d.start!).line;
      byLine.set(line, [...(byLine.get(line) ?? []), d.code]);
    }
    const lines = MISUSES.split('\n');
    const expectErr = (text: string, codes: number[]): void => {
      const line = lines.findIndex((l) => l.startsWith(text));
      expect(line, text).toBeGreaterThanOrEqual(0);
      expect(byLine.get(line) ?? [], text).toEqual(expect.arrayContaining([expect.toSatisfy((c: number) => codes.includes(c))]));
    };
    // TS2540: cannot assign to a read-only property (a getter without a setter).
    for (const l of ['check.state', 'check.results', 'chart.points', 'lattice.result', 'tree.selected', 'att.loaded']) expectErr(l, [2540]);
    // TS2339: the detail type has no such property.
    expectErr("check.addEventListener('check-complete'", [2339]);
    expectErr("chart.addEventListener('loss-cursor'", [2339]);
    // TS2345: the detail passed to fire() does not match the event's declared type.
    expectErr("fire(chart, 'loss-cursor'", [2345]);
    // And nothing else in the file is an error (the setup lines compile).
    expect(byLine.size).toBe(9);
  });
});
