// Misuse of decoding (CTC greedy and beam search, step beam search, greedy, sampling): a clear error of the right class, on both backends.
import * as sg from '../../src/index.ts';
import { misuseSuite } from './suite.ts';
import { build } from './decode.cases.ts';

await misuseSuite('misuse: decoding', '/test/misuse/decode.cases.ts', build, sg);
