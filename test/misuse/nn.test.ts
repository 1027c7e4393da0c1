// Misuse of nn modules (constructors, forward, loadStateDict, Seq2Seq): a clear error of the right class, on both backends.
import * as sg from '../../src/index.ts';
import { misuseSuite } from './suite.ts';
import { build } from './nn.cases.ts';

await misuseSuite('misuse: nn modules', '/test/misuse/nn.cases.ts', build, sg);
