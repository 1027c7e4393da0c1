/**
 * io.saveSafetensors / io.loadSafetensors (src/io/safetensors.ts): interop with files PyTorch wrote
 * (scripts/fixtures/gen_safetensors.py, cross-checked there against the safetensors package), byte-identical
 * writing, every dtype the reader converts, and hostile files that must fail with a clear message.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { expectClose } from '../harness/compare.ts';
import { TOL } from '../harness/tolerances.ts';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/safetensors/${name}`, import.meta.url)));
const json = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/safetensors/${name}`, import.meta.url), 'utf8')) as T;

interface Fx { shape: number[]; data: number[] }

describe('safetensors interop with PyTorch', () => {
  it('loads a PyTorch LSTM state_dict into nn.LSTM and reproduces its output', async () => {
    const device = await sg.init('cpu');
    const ref = json<{ options: { inputSize: number; hiddenSize: number; numLayers: number; bidirectional: boolean; batchFirst: boolean }; x: Fx; output: Fx; hN: Fx; cN: Fx }>('lstm.json');
    const o = ref.options;
    const lstm = new sg.nn.LSTM(o.inputSize, o.hiddenSize, { ...o, device });
    const loaded = sg.loadSafetensors(fixture('lstm.safetensors'));
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(lstm.stateDict()).sort());
    lstm.loadStateDict(loaded);
    const [out, [hN, cN]] = lstm.forward(sg.tensor(new Float32Array(ref.x.data), ref.x.shape, { device }));
    expect([...out.shape]).toEqual(ref.output.shape);
    expectClose(await out.data(), ref.output.data, TOL.forward, 'output');
    expectClose(await hN.data(), ref.hN.data, TOL.forward, 'hN');
    expectClose(await cN.data(), ref.cN.data, TOL.forward, 'cN');
  });

  it('writes the same bytes as the reference writer for the same dict', async () => {
    const device = await sg.init('cpu');
    const ref = json<{ metadata: Record<string, string>; tensors: Record<string, Fx & { dtype: string }> }>('roundtrip.json');
    const state: Record<string, sg.Tensor> = {};
    for (const [k, t] of Object.entries(ref.tensors)) {
      state[k] = t.dtype === 'I32' ? sg.tensor(Int32Array.from(t.data), t.shape, { device }) : sg.tensor(new Float32Array(t.data), t.shape, { device });
    }
    const bytes = await sg.saveSafetensors(state, ref.metadata);
    expect(Buffer.from(bytes).equals(Buffer.from(fixture('roundtrip.safetensors')))).toBe(true);
  });

  it('round-trips a module state dict (save -> load -> loadStateDict) exactly', async () => {
    const device = await sg.init('cpu');
    const a = new sg.nn.GRU(3, 5, { numLayers: 2, bidirectional: true, device, generator: new sg.Generator(1) });
    const b = new sg.nn.GRU(3, 5, { numLayers: 2, bidirectional: true, device, generator: new sg.Generator(2) });
    const bytes = await sg.io.saveSafetensors(a.stateDict());
    b.loadStateDict(sg.io.loadSafetensors(bytes));
    for (const [k, p] of a.namedParameters()) expect(await b.stateDict()[k].data(), k).toEqual(await p.data());
  });

  it('reads F32, I32, F16, BF16, F64 and I64, converting to float32 / int32', () => {
    const want = json<Record<string, Fx & { dtype: string }>>('mixed.json');
    const got = sg.loadSafetensors(fixture('mixed.safetensors'));
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    for (const [k, w] of Object.entries(want)) {
      expect(got[k].dtype, k).toBe(w.dtype);
      expect(got[k].shape, k).toEqual(w.shape);
      const isInt = w.dtype === 'I32' || w.dtype === 'I64';
      expect(got[k].data, k).toBeInstanceOf(isInt ? Int32Array : Float32Array);
      // Each stored value is exactly representable in float32 except F64's thirds, which round once.
      expect(Array.from(got[k].data), k).toEqual(w.data.map((v) => (isInt ? v : Math.fround(v))));
    }
  });
});

// ---- hostile files ----------------------------------------------------------------------------------------

/** A file from a header object (or raw header text) and a data section. */
function file(header: unknown, dataBytes = 0, headerLenOverride?: bigint): Uint8Array {
  const h = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, headerLenOverride ?? BigInt(h.length), true);
  out.set(h, 8);
  return out;
}
const f32 = (shape: number[], begin: number, end: number) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

describe('safetensors: hostile or malformed files get clear errors', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['shorter than 8 bytes', new Uint8Array(5), /5 bytes, shorter than the 8-byte header length/],
    ['header length past the end', file({}, 0, 1000n), /header length 1000 runs past the end of the 10-byte file/],
    ['absurd header length (2^63)', file({}, 0, 2n ** 63n), /exceeds the 100000000-byte limit/],
    ['invalid JSON', file('{"a": [1, 2'), /not valid JSON/],
    ['invalid UTF-8', (() => { const b = file('{"a":1}'); b[10] = 0xff; return b; })(), /not valid UTF-8/],
    ['header not an object', file('[1, 2]'), /must be a JSON object/],
    ['unknown dtype', file({ w: { dtype: 'Q7', shape: [1], data_offsets: [0, 4] } }, 4), /tensor 'w' has unknown dtype 'Q7'/],
    ['known but unsupported dtype', file({ w: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }, 1), /tensor 'w' has dtype U8, which seqgpu cannot read/],
    ['negative shape', file({ w: f32([-1, 2], 0, 8) }, 8), /tensor 'w' shape \[-1,2\] must hold non-negative integers/],
    ['non-integer shape', file({ w: f32([1.5], 0, 4) }, 4), /tensor 'w' shape \[1.5\] must hold non-negative integers/],
    ['shape not an array', file({ w: { dtype: 'F32', shape: 3, data_offsets: [0, 12] } }, 12), /shape must be an array/],
    ['offsets past the data', file({ w: f32([4], 0, 16) }, 8), /tensor 'w' data_offsets \[0, 16\] run past the 8-byte data section/],
    ['offsets reversed', file({ w: f32([0], 8, 4) }, 8), /0 <= begin <= end/],
    ['offsets negative', file({ w: f32([1], -4, 0) }, 8), /0 <= begin <= end/],
    ['offsets not a pair', file({ w: { dtype: 'F32', shape: [1], data_offsets: [0] } }, 4), /data_offsets must be \[begin, end\]/],
    ['size not shape * dtype', file({ w: f32([3], 0, 8) }, 8), /tensor 'w' F32 \[3\] needs 12 bytes but data_offsets \[0, 8\] hold 8/],
    ['huge shape product', file({ w: f32([2 ** 40, 2 ** 40], 0, 8) }, 8), /needs .* bytes but data_offsets \[0, 8\] hold 8/],
    ['overlapping tensors', file({ a: f32([2], 0, 8), b: f32([2], 4, 12) }, 12), /'b' data_offsets \[4, 12\] overlap/],
    ['hole in the data', file({ a: f32([1], 0, 4), b: f32([1], 8, 12) }, 12), /gap in the data section: no tensor covers bytes \[4, 8\)/],
    ['trailing bytes', file({ a: f32([1], 0, 4) }, 12), /data section is 12 bytes but the tensors cover 4/],
    ['metadata not strings', file({ __metadata__: { n: 3 } }), /__metadata__\['n'\] must be a string/],
    ['entry not an object', file({ w: 5 }), /tensor 'w' must be an object/],
  ];
  for (const [name, bytes, msg] of cases) {
    it(name, () => {
      expect(() => sg.loadSafetensors(bytes)).toThrow(msg);
    });
  }

  it('I64 values outside int32 are an error, not a silent wrap', () => {
    const b = file({ w: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, 8);
    new DataView(b.buffer).setBigInt64(b.length - 8, 2n ** 40n, true);
    expect(() => sg.loadSafetensors(b)).toThrow(/I64 value 1099511627776 at index 0 does not fit int32/);
  });

  it('reads tensors at unaligned offsets and empty tensors', () => {
    // A header of odd length puts the data at an unaligned byte offset; a 0-element tensor takes no bytes.
    const b = file({ e: f32([0, 3], 0, 0), w: f32([2], 0, 8) }, 8);
    const dv = new DataView(b.buffer);
    dv.setFloat32(b.length - 8, 1.5, true);
    dv.setFloat32(b.length - 4, -2, true);
    const got = sg.loadSafetensors(b);
    expect(Array.from(got.w.data)).toEqual([1.5, -2]);
    expect(got.e.shape).toEqual([0, 3]);
    expect(got.e.data.length).toBe(0);
  });

  it('saveSafetensors rejects a reserved name and a shape that does not match the data', async () => {
    await expect(sg.saveSafetensors({ __metadata__: { data: [1], shape: [1] } })).rejects.toThrow(/reserved/);
    await expect(sg.saveSafetensors({ w: { data: [1, 2, 3], shape: [2, 2] } })).rejects.toThrow(/'w' has 3 values for shape \[2, 2\]/);
  });
});
