/**
 * Safetensors mutation suite (issue 11, part 2): >= 1,000 seeded mutations of a valid file (bit flips, truncations,
 * header byte edits, offset edits, shape/size edits, appended bytes, header-length edits). Each load either succeeds
 * with every tensor the header names present and equal to what the bytes say (decoded here independently), or throws
 * a FormatError. No hang (each load and the whole run are timed), no other error class, no silently dropped tensor.
 * Also: '__proto__' and 'constructor' load as ordinary names. CPU only (the reader is host code).
 */
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function validFile(): Promise<Uint8Array> {
  const f = (n: number, k: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k) * 3);
  return sg.saveSafetensors({
    'encoder.weight': { data: f(12, 1), shape: [3, 4] },
    'encoder.bias': { data: f(3, 2), shape: [3] },
    'empty': { data: new Float32Array(0), shape: [0, 2] },
    'ids': { data: Int32Array.of(1, -2, 3, 2147483647), shape: [2, 2] },
    '__proto__': { data: f(2, 3), shape: [2] },
  }, { format: 'pt', note: 'mutation seed' });
}

const BYTES: Record<string, number> = { F32: 4, I32: 4, F16: 2, BF16: 2, F64: 8, I64: 8 };

/** What the bytes say, decoded without the reader: used only when the reader accepted the file. */
function expectMatchesBytes(b: Uint8Array, got: Record<string, { data: ArrayLike<number>; shape: number[]; dtype: string }>, label: string): void {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = Number(dv.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(b.subarray(8, 8 + n))) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const names = Object.keys(header).filter((k) => k !== '__metadata__');
  // Own keys of a null-prototype result: '__proto__' counts like any name. Nothing dropped, nothing invented.
  expect(Object.keys(got).sort(), `${label}: tensor names`).toEqual(names.sort());
  for (const k of names) {
    const h = header[k];
    const t = got[k];
    expect(t.dtype, `${label}: ${k} dtype`).toBe(h.dtype);
    expect(t.shape, `${label}: ${k} shape`).toEqual(h.shape);
    const [begin, end] = h.data_offsets;
    const count = h.shape.reduce((a, d) => a * d, 1);
    expect(count * BYTES[h.dtype], `${label}: ${k} size`).toBe(end - begin);
    expect(t.data.length, `${label}: ${k} length`).toBe(count);
    const at = 8 + n + begin;
    for (let i = 0; i < count; i++) {
      let want: number;
      switch (h.dtype) {
        case 'F32': want = dv.getFloat32(at + 4 * i, true); break;
        case 'I32': want = dv.getInt32(at + 4 * i, true); break;
        case 'F64': want = Math.fround(dv.getFloat64(at + 8 * i, true)); break;
        case 'I64': want = Number(dv.getBigInt64(at + 8 * i, true)); break;
        case 'BF16': want = new Float32Array(new Uint32Array([dv.getUint16(at + 2 * i, true) << 16]).buffer)[0]; break;
        default: continue; // F16: the reader's own half decoder is tested in safetensors.test.ts
      }
      if (Number.isNaN(want)) expect(Number.isNaN(t.data[i]), `${label}: ${k}[${i}] NaN`).toBe(true);
      else expect(t.data[i], `${label}: ${k}[${i}]`).toBe(want);
    }
  }
}

type Mutator = (b: Uint8Array, r: () => number) => Uint8Array;

const headerLen = (b: Uint8Array): number => Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));
const withHeader = (b: Uint8Array, text: string, keepLen = false): Uint8Array => {
  const n = headerLen(b);
  const h = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + h.length + (b.length - 8 - n));
  new DataView(out.buffer).setBigUint64(0, BigInt(keepLen ? n : h.length), true);
  out.set(h, 8);
  out.set(b.subarray(8 + n), 8 + h.length);
  return out;
};
const headerText = (b: Uint8Array): string => new TextDecoder().decode(b.subarray(8, 8 + headerLen(b)));
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const MUTATORS: Record<string, Mutator> = {
  bitFlip(b, r) {
    const out = b.slice();
    const flips = 1 + Math.floor(r() * 3);
    for (let i = 0; i < flips; i++) {
      const at = Math.floor(r() * out.length);
      out[at] ^= 1 << Math.floor(r() * 8);
    }
    return out;
  },
  dataBitFlip(b, r) {
    // Flips inside the data section only: the file stays valid and the values must follow the bytes.
    const out = b.slice();
    const start = 8 + headerLen(b);
    if (out.length > start) out[start + Math.floor(r() * (out.length - start))] ^= 1 << Math.floor(r() * 8);
    return out;
  },
  truncate(b, r) {
    return b.slice(0, Math.floor(r() * b.length));
  },
  append(b, r) {
    const out = new Uint8Array(b.length + 1 + Math.floor(r() * 16));
    out.set(b);
    return out;
  },
  headerLength(b, r) {
    const out = b.slice();
    const n = headerLen(b);
    const v = pick(r, [0, n - 1, n + 1, n + 8, b.length, 2 ** 32 + n, 2 ** 52, Math.floor(r() * 2 ** 31)]);
    new DataView(out.buffer).setBigUint64(0, BigInt(Math.max(0, v)), true);
    return out;
  },
  headerByte(b, r) {
    const text = headerText(b);
    const at = Math.floor(r() * text.length);
    const ch = pick(r, ['{', '}', '[', ']', '"', ',', ':', '0', '1', '9', '-', '.', 'e', ' ', 'x', '\\']);
    return withHeader(b, text.slice(0, at) + ch + text.slice(at + 1), true);
  },
  headerDelete(b, r) {
    const text = headerText(b);
    const at = Math.floor(r() * text.length);
    return withHeader(b, text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 4)));
  },
  offsetEdit(b, r) {
    // Rewrites one number of the header (an offset or a dim) to a nearby or hostile value, with a correct length.
    const text = headerText(b);
    const nums = [...text.matchAll(/-?\d+/g)];
    const m = pick(r, nums);
    const v = Number(m[0]);
    const nv = pick(r, [v + 1, v - 1, v + 4, v - 4, 0, -1, v * 2, 2 ** 53, 1e21, 0.5]);
    const s = typeof nv === 'number' && nv >= 1e21 ? '1e21' : String(nv);
    return withHeader(b, text.slice(0, m.index) + s + text.slice(m.index! + m[0].length));
  },
  dtypeEdit(b, r) {
    const text = headerText(b);
    const ds = [...text.matchAll(/"(F32|I32)"/g)];
    const m = pick(r, ds);
    const nd = pick(r, ['F16', 'BF16', 'F64', 'I64', 'U8', 'BOOL', 'Q7', 'f32', '']);
    return withHeader(b, text.slice(0, m.index) + `"${nd}"` + text.slice(m.index! + m[0].length));
  },
  duplicateKey(b, r) {
    const text = headerText(b);
    const keys = [...text.matchAll(/"([^"]+)":\{"dtype"/g)];
    const m = pick(r, keys);
    const other = pick(r, keys);
    return withHeader(b, text.slice(0, other.index) + `"${m[1]}"` + text.slice(other.index! + other[1].length + 2));
  },
  swapTensorData(b, r) {
    // Same header, data bytes shuffled: valid, and the values must follow the new bytes.
    const out = b.slice();
    const start = 8 + headerLen(b);
    for (let i = out.length - 1; i > start; i--) {
      if (r() < 0.2) {
        const j = start + Math.floor(r() * (i - start));
        [out[i], out[j]] = [out[j], out[i]];
      }
    }
    return out;
  },
};

describe('safetensors mutation suite', () => {
  it('1,200 seeded mutations: each load succeeds with intact tensors or throws FormatError, quickly', async () => {
    const valid = await validFile();
    expectMatchesBytes(valid, sg.loadSafetensors(valid), 'valid');
    const names = Object.keys(MUTATORS);
    const r = rng(20261205);
    const tally: Record<string, { ok: number; rejected: number }> = {};
    const t0 = performance.now();
    let slowest = 0;
    for (let i = 0; i < 1200; i++) {
      const kind = names[i % names.length];
      const b = MUTATORS[kind](valid, r);
      const label = `mutation ${i} (${kind})`;
      const s = performance.now();
      let got: ReturnType<typeof sg.loadSafetensors> | null = null;
      try {
        got = sg.loadSafetensors(b);
      } catch (e) {
        expect(e, `${label}: ${(e as Error).message}`).toBeInstanceOf(sg.FormatError);
        expect((e as Error).message, label).toMatch(/^loadSafetensors: /);
      }
      slowest = Math.max(slowest, performance.now() - s);
      tally[kind] ??= { ok: 0, rejected: 0 };
      if (got) {
        tally[kind].ok++;
        expectMatchesBytes(b, got, label);
      } else {
        tally[kind].rejected++;
      }
    }
    const total = performance.now() - t0;
    console.log(`safetensors mutations: ${JSON.stringify(tally)}; slowest load ${slowest.toFixed(1)} ms, total ${total.toFixed(0)} ms`);
    expect(slowest).toBeLessThan(1000);
    expect(total).toBeLessThan(60_000);
    // Both outcomes occur: valid edits (data flips, shuffles) load, structural ones are rejected.
    expect(tally.dataBitFlip.ok).toBeGreaterThan(0);
    for (const k of ['truncate', 'headerLength', 'dtypeEdit', 'duplicateKey']) expect(tally[k].rejected, k).toBeGreaterThan(0);
  }, 120_000);

  it("'__proto__', 'constructor' and 'toString' are ordinary tensor names (null-prototype result)", async () => {
    const bytes = await sg.saveSafetensors({
      ['__proto__']: { data: [1, 2], shape: [2] },
      constructor: { data: [3], shape: [1] },
      toString: { data: Int32Array.of(7), shape: [1] },
    });
    const got = sg.loadSafetensors(bytes);
    expect(Object.getPrototypeOf(got)).toBeNull();
    expect(Object.keys(got).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Array.from(got['__proto__'].data)).toEqual([1, 2]);
    expect(Array.from(got['constructor'].data)).toEqual([3]);
    expect(Array.from(got['toString'].data)).toEqual([7]);
    // A hand-written header with the same keys (as PyTorch could write them) reads the same.
    const header = '{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"constructor":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    const h = new TextEncoder().encode(header);
    const b = new Uint8Array(8 + h.length + 8);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(0, BigInt(h.length), true);
    b.set(h, 8);
    dv.setFloat32(8 + h.length, 1.5, true);
    dv.setFloat32(8 + h.length + 4, -2, true);
    const g2 = sg.loadSafetensors(b);
    expect(Array.from(g2['__proto__'].data)).toEqual([1.5]);
    expect(Array.from(g2['constructor'].data)).toEqual([-2]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a module loads a state dict whose names collide with Object.prototype members', async () => {
    const device = await sg.init('cpu');
    const lin = new sg.nn.Linear(2, 1, { device });
    const bytes = await sg.saveSafetensors(lin.stateDict());
    const state = sg.loadSafetensors(bytes);
    lin.loadStateDict(state);
    expect(() => lin.loadStateDict(Object.assign(Object.create(null), state, { constructor: { data: [1], shape: [1] } }))).toThrow(/unexpected keys: constructor/);
  });
});
