// Misuse of optimisers, gradient clipping, LR and teacher-forcing schedules: a clear error of the right class, on both backends.
import * as sg from '../../src/index.ts';
import { misuseSuite } from './suite.ts';
import { build } from './optim.cases.ts';

await misuseSuite('misuse: optimisers, clipping, schedules', '/test/misuse/optim.cases.ts', build, sg);
