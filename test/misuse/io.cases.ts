// Misuse cases for io (issue 11, part 2): safetensors files that break a rule of the format (listed in the reader's
// header, src/io/safetensors.ts) fail with a FormatError naming the rule; saveSafetensors arguments of the wrong
// kind fail with an ArgumentError. Imported by the harness page too: use only the `sg` passed in.
import type { CaseBuilder, MisuseCase } from './run-cases.ts';

/** A file from header text (or an object) and a data section of `dataBytes` zero bytes. */
function file(header: unknown, dataBytes = 0, headerLen?: bigint): Uint8Array {
  const h = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, headerLen ?? BigInt(h.length), true);
  out.set(h, 8);
  return out;
}
const f32 = (shape: number[], begin: number, end: number): unknown => ({ dtype: 'F32', shape, data_offsets: [begin, end] });
const W = '"dtype":"F32","shape":[1],"data_offsets":[0,4]';

export const build: CaseBuilder = (sg, device) => {
  const cases: MisuseCase[] = [];
  const add = (name: string, error: string, message: RegExp, run: () => unknown): void => {
    cases.push({ name, error, message, run });
  };
  const load = (b: Uint8Array) => (): unknown => sg.io.loadSafetensors(b);
  add('safetensors: 5-byte file', 'FormatError', /file is 5 bytes, shorter than the 8-byte header length/, load(new Uint8Array(5)));
  add('safetensors: header length past the end', 'FormatError', /header length 1000 runs past the end of the 10-byte file/, load(file({}, 0, 1000n)));
  add('safetensors: header length above the limit', 'FormatError', /exceeds the 100000000-byte limit/, load(file({}, 0, 2n ** 40n)));
  add('safetensors: header not JSON', 'FormatError', /header is not valid JSON/, load(file('{"a": [1, 2')));
  add('safetensors: header not UTF-8', 'FormatError', /header is not valid UTF-8/, load((() => { const b = file('{"a":"x"}'); b[13] = 0xff; return b; })()));
  add('safetensors: header an array', 'FormatError', /header must be a JSON object/, load(file('[1, 2]')));
  add('safetensors: duplicate tensor key', 'FormatError', /header has the key 'w' twice \(duplicate keys are not allowed\)/, load(file(`{"w":{${W}},"w":{${W}}}`, 4)));
  add('safetensors: duplicate field in an entry', 'FormatError', /header has the key 'dtype' twice/, load(file(`{"w":{"dtype":"F32",${W}}}`, 4)));
  add('safetensors: duplicate __metadata__', 'FormatError', /header has the key '__metadata__' twice/, load(file('{"__metadata__":{},"__metadata__":{}}')));
  add('safetensors: duplicate __proto__ key', 'FormatError', /header has the key '__proto__' twice/, load(file(`{"__proto__":{${W}},"__proto__":{${W}}}`, 4)));
  add('safetensors: trailing text after the header object', 'FormatError', /unexpected text after the header object/, load(file('{} x')));
  add('safetensors: nesting too deep', 'FormatError', /nesting deeper than 8/, load(file('{"a":[[[[[[[[[[1]]]]]]]]]]}')));
  add('safetensors: unknown dtype', 'FormatError', /tensor 'w' has unknown dtype 'Q7'/, load(file({ w: { dtype: 'Q7', shape: [1], data_offsets: [0, 4] } }, 4)));
  add('safetensors: unreadable dtype', 'FormatError', /tensor 'w' has dtype BOOL, which seqgpu cannot read/, load(file({ w: { dtype: 'BOOL', shape: [1], data_offsets: [0, 1] } }, 1)));
  add('safetensors: dtype missing', 'FormatError', /tensor 'w' has no dtype string/, load(file({ w: { shape: [1], data_offsets: [0, 4] } }, 4)));
  add('safetensors: negative dim', 'FormatError', /tensor 'w' shape \[-1,2\] must hold non-negative integers/, load(file({ w: f32([-1, 2], 0, 8) }, 8)));
  add('safetensors: dim written as a float', 'FormatError', /tensor 'w' shape .* has 2.0, written as a float; dims must be integers/, load(file('{"w":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}', 8)));
  add('safetensors: offset written with an exponent', 'FormatError', /data_offsets .* has 8e0, written as a float/, load(file('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8e0]}}', 8)));
  add('safetensors: offsets past the data', 'FormatError', /tensor 'w' data_offsets \[0, 16\] run past the 8-byte data section/, load(file({ w: f32([4], 0, 16) }, 8)));
  add('safetensors: offsets reversed', 'FormatError', /must be integers with 0 <= begin <= end/, load(file({ w: f32([0], 8, 4) }, 8)));
  add('safetensors: size not shape times dtype', 'FormatError', /tensor 'w' F32 \[3\] needs 12 bytes but data_offsets \[0, 8\] hold 8/, load(file({ w: f32([3], 0, 8) }, 8)));
  add('safetensors: overlapping tensors', 'FormatError', /'b' data_offsets \[4, 12\] overlap the previous tensor's bytes/, load(file({ a: f32([2], 0, 8), b: f32([2], 4, 12) }, 12)));
  add('safetensors: hole in the data', 'FormatError', /gap in the data section: no tensor covers bytes \[4, 8\)/, load(file({ a: f32([1], 0, 4), b: f32([1], 8, 12) }, 12)));
  add('safetensors: trailing bytes', 'FormatError', /the data section is 12 bytes but the tensors cover 4/, load(file({ a: f32([1], 0, 4) }, 12)));
  add('safetensors: metadata value a number', 'FormatError', /__metadata__\['n'\] must be a string, got 3/, load(file({ __metadata__: { n: 3 } })));
  add('safetensors: metadata an array', 'FormatError', /__metadata__ must be an object of strings/, load(file({ __metadata__: ['a'] })));
  add('safetensors: entry a number', 'FormatError', /tensor 'w' must be an object with dtype, shape and data_offsets/, load(file({ w: 5 })));
  add('safetensors: I64 value outside int32', 'FormatError', /I64 value 1099511627776 at index 0 does not fit int32/, load((() => {
    const b = file({ w: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, 8);
    new DataView(b.buffer).setBigInt64(b.length - 8, 2n ** 40n, true);
    return b;
  })()));
  add('loadSafetensors: a string instead of bytes', 'ArgumentError', /expected the file's bytes \(a Uint8Array or ArrayBuffer\), got string/, () => sg.io.loadSafetensors('model.safetensors' as never));
  add('loadSafetensors: a Promise (forgot await on fetch)', 'ArgumentError', /got a Promise \(did you forget `await`\?\)/, () => sg.io.loadSafetensors(Promise.resolve(new Uint8Array(8)) as never));
  add('saveSafetensors: reserved name', 'ArgumentError', /'__metadata__' is reserved/, () => sg.io.saveSafetensors({ __metadata__: { data: [1], shape: [1] } }));
  add('saveSafetensors: data does not fit the shape', 'ArgumentError', /'w' has 3 values for shape \[2, 2\]/, () => sg.io.saveSafetensors({ w: { data: [1, 2, 3], shape: [2, 2] } }));
  add('saveSafetensors: state null', 'ArgumentError', /state must be an object of name -> tensor .* got null/, () => sg.io.saveSafetensors(null as never));
  add('saveSafetensors: value a number', 'ArgumentError', /'w' must be a Tensor or \{ data, shape \}, got number 3/, () => sg.io.saveSafetensors({ w: 3 as never }));
  add('saveSafetensors: metadata value a number', 'ArgumentError', /metadata\['epoch'\] must be a string, got number 3/, () => sg.io.saveSafetensors({ w: sg.zeros([1], { device }) }, { epoch: 3 as never }));
  return cases;
};
