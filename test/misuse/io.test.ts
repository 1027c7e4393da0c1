// Misuse of io: malformed safetensors files and bad save arguments, a clear error of the right class, on both backends.
import * as sg from '../../src/index.ts';
import { misuseSuite } from './suite.ts';
import { build } from './io.cases.ts';

await misuseSuite('misuse: io (safetensors)', '/test/misuse/io.cases.ts', build, sg);
