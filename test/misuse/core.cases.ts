// Misuse cases for tensor creation, shapes, dtypes and operands (issue 11, part 1). Imported by the harness page
// too: use only the `sg` passed in (type imports are fine).
import type { CaseBuilder, MisuseCase } from './run-cases.ts';

export const build: CaseBuilder = (sg, device) => {
  const cases: MisuseCase[] = [];
  const add = (name: string, error: string, message: RegExp, run: () => unknown): void => {
    cases.push({ name, error, message, run });
  };
  const a = sg.tensor([[1, 2, 3], [4, 5, 6]], { device });
  add('add: shapes that do not broadcast', 'ShapeError', /add: shapes \[2, 3\] and \[3, 2\] cannot be broadcast/, () =>
    sg.add(a, sg.zeros([3, 2], { device })));
  return cases;
};
