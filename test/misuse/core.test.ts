// Misuse of tensor creation, shapes, dtypes and operands: a clear error of the right class, on both backends.
import * as sg from '../../src/index.ts';
import { misuseSuite } from './suite.ts';
import { build } from './core.cases.ts';

await misuseSuite('misuse: tensors, shapes, dtypes, operands', '/test/misuse/core.cases.ts', build, sg);
