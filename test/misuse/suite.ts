// The misuse suite's vitest side: declares one test per case on the CPU backend (in Node) and on WebGPU (in the
// harness page, which imports the case file and run-cases.ts by URL). See run-cases.ts for what a case is.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeWebGPU } from '../browser/remote.ts';
import { type CaseBuilder, type Outcome, type Sg, runCases } from './run-cases.ts';

function check(o: Outcome): void {
  const where = `case '${o.name}'`;
  expect(o.gotClass, `${where}: expected ${o.expectedClass}, but nothing was thrown`).not.toBeNull();
  expect(o.gotClass, `${where}: wrong error class; message was: ${o.message}`).toBe(o.expectedClass);
  expect(o.message, where).toMatch(new RegExp(o.pattern, o.flags));
  expect(o.after, `${where}: the device no longer computes [[1,2],[3,4]] @ [[5,6],[7,8]]`).toEqual([19, 22, 43, 50]);
}

/**
 * Declares the suite for one case file on both backends. `modulePath` is the case file's path from the repo
 * root (the page imports it by URL); `build` is the same file's export, for the in-process CPU run.
 */
export async function misuseSuite(title: string, modulePath: string, build: CaseBuilder, sg: Sg): Promise<void> {
  // Names are needed at collection time; building the cases on a throwaway CPU device runs none of them.
  const caseNames = (await build(sg, await sg.init('cpu'))).map((c) => c.name);
  const dup = caseNames.find((n, i) => caseNames.indexOf(n) !== i);
  if (dup) throw new Error(`misuseSuite ${title}: case name '${dup}' is used twice`);
  describe(`${title} (cpu)`, () => {
    let outcomes: Map<string, Outcome>;
    beforeAll(async () => {
      outcomes = new Map((await runCases(sg, 'cpu', build)).map((o) => [o.name, o]));
    });
    for (const name of caseNames) it(name, () => check(outcomes.get(name)!));
  });
  describeWebGPU(`${title} (webgpu)`, (remote) => {
    let outcomes: Map<string, Outcome>;
    beforeAll(async () => {
      const list = await remote().evaluate(
        async (_s, a: { path: string }) => {
          const runner = await import('/test/misuse/run-cases.ts' as string);
          const file = await import(a.path);
          return runner.runCases((window as unknown as { seqgpu: unknown }).seqgpu, 'webgpu', file.build);
        },
        { path: modulePath },
        { timeoutMs: 110_000 },
      );
      outcomes = new Map(list.map((o: Outcome) => [o.name, o]));
    }, 120_000);
    for (const name of caseNames) it(name, () => check(outcomes.get(name)!));
  });
}
