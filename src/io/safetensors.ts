// safetensors read/write (the format of huggingface/safetensors, which PyTorch users exchange weights in):
// 8-byte little-endian header length N, N bytes of JSON {name: {dtype, shape, data_offsets: [begin, end]},
// "__metadata__": {string: string}}, then the raw little-endian data, offsets relative to its start.
// The reader treats every file as hostile: each length, offset and shape is checked before any byte is read, and
// every violation is a FormatError naming the rule and the tensor. The rules (the format's spec and its reference
// reader, safetensors/src/tensor.rs):
//  1. The file holds at least the 8-byte header length N (u64, little-endian); N <= 100,000,000 (MAX_HEADER_BYTES)
//     and 8 + N <= file size.
//  2. The header is N bytes of UTF-8 JSON (trailing spaces allowed, as the writer pads with 0x20) whose top level
//     is an object; it begins with '{'. Nesting deeper than the format needs (MAX_JSON_DEPTH) is rejected.
//  3. No key appears twice in any object (JSON.parse would keep the last silently: the header is parsed here by a
//     strict parser that rejects duplicates). Keys are names only: '__proto__' or 'constructor' load as ordinary
//     tensor names (the result is a null-prototype object).
//  4. '__metadata__', when present, is an object of string -> string.
//  5. Every other key is a tensor: an object with a dtype string (one of the format's dtypes; seqgpu reads F32,
//     I32, F16, BF16, F64, I64 and names the others), shape an array of non-negative integers (written as integers,
//     not 2.0 or 1e3), data_offsets [begin, end] integers with 0 <= begin <= end <= data size. Other fields are
//     ignored, as the reference reader does.
//  6. end - begin == product(shape) * bytes per element.
//  7. Sorted by begin, the tensors tile the data section exactly: the first starts at 0, each starts where the
//     previous ended (no overlap, no hole), and the last ends at the end of the file (no trailing bytes).
//  8. I64 values must fit int32 (seqgpu's integer dtype): a wrap would silently change them.
import { Tensor } from '../tensor.ts';
import type { StateValue } from '../nn/module.ts';
import { fmtShape } from '../dtype.ts';
import { ArgumentError, FormatError, describeValue } from '../errors.ts';

/** dtypes we read (F16/BF16/F64 become float32, I64 becomes int32 when every value fits) and their byte sizes. */
const DTYPE_BYTES = { F32: 4, I32: 4, F16: 2, BF16: 2, F64: 8, I64: 8 } as const;
export type SafetensorsDType = keyof typeof DTYPE_BYTES;
/** Known to the format but not readable here; named in the error rather than called unknown. */
const OTHER_DTYPES = new Set(['BOOL', 'U8', 'I8', 'I16', 'U16', 'U32', 'U64', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'F4', 'F6_E2M3', 'F6_E3M2', 'C64']);

export interface LoadedTensor {
  data: Float32Array | Int32Array;
  shape: number[];
  /** The dtype stored in the file (data is float32 or int32 regardless). */
  dtype: SafetensorsDType;
}

/** The reference implementation's cap on the header (100 MB): larger is treated as corrupt, not allocated. */
export const MAX_HEADER_BYTES = 100_000_000;

const fail = (msg: string): never => {
  throw new FormatError(`loadSafetensors: ${msg}`);
};

/** Deepest JSON nesting a valid header needs is 3 (root -> tensor -> shape); anything past this is hostile. */
const MAX_JSON_DEPTH = 8;

/** A number written with a fraction or exponent (2.0, 1e3): not an integer in the format's sense. */
class JsonFloat {
  constructor(readonly raw: string) {}
  toJSON(): string {
    return this.raw;
  }
}

type JsonValue = string | number | boolean | null | JsonFloat | JsonValue[] | JsonObject;
/** A parsed JSON object: null prototype, so '__proto__' and 'constructor' are plain keys. */
type JsonObject = { [key: string]: JsonValue };

/**
 * Strict JSON (RFC 8259) parser for the header: rejects duplicate keys and limits nesting; strings are decoded by
 * JSON.parse on their exact source slice (escapes, surrogates), so only the structure is re-implemented here.
 */
function parseHeaderJson(text: string): JsonValue {
  let i = 0;
  const err = (what: string): never => fail(`header is not valid JSON (${what} at character ${i})`);
  const ws = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= text.length) return err('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) i += 2;
      else if (c < 0x20) return err('control character in a string');
      else i++;
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return err('bad string escape');
    }
  };
  const NUM = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
  const value = (depth: number): JsonValue => {
    if (depth > MAX_JSON_DEPTH) return err(`nesting deeper than ${MAX_JSON_DEPTH}`);
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj = Object.create(null) as JsonObject;
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') return err('expected a key');
        const key = str();
        if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`header has the key '${key}' twice (duplicate keys are not allowed)`);
        ws();
        if (text[i] !== ':') return err("expected ':'");
        i++;
        obj[key] = value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        return err("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        return err("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    NUM.lastIndex = i;
    const m = NUM.exec(text);
    if (!m) return err('unexpected character');
    i += m[0].length;
    const n = Number(m[0]);
    return m[1] !== undefined || m[2] !== undefined ? (Number.isInteger(n) ? new JsonFloat(m[0]) : n) : n;
  };
  ws();
  if (text[i] !== '{') fail('header must be a JSON object (it must begin with \'{\')');
  const root = value(0);
  ws();
  if (i !== text.length) err('unexpected text after the header object');
  return root;
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonFloat);

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reads a safetensors file. Throws a FormatError naming the rule broken (and the tensor) for any malformed input.
 * The result has a null prototype: every key is a tensor name, '__proto__' included.
 */
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer): Record<string, LoadedTensor> {
  if (!(bytes instanceof Uint8Array) && !(bytes instanceof ArrayBuffer)) {
    throw new ArgumentError(`loadSafetensors: expected the file's bytes (a Uint8Array or ArrayBuffer), got ${describeValue(bytes)}`);
  }
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (buf.length < 8) fail(`file is ${buf.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  const headerLen = hi * 2 ** 32 + lo; // exact: below 2^53 whenever hi < 2^21, and anything larger fails below
  if (headerLen > MAX_HEADER_BYTES) fail(`header length ${headerLen} exceeds the ${MAX_HEADER_BYTES}-byte limit (corrupt or not a safetensors file)`);
  if (headerLen > buf.length - 8) fail(`header length ${headerLen} runs past the end of the ${buf.length}-byte file`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(8, 8 + headerLen));
  } catch {
    return fail('header is not valid UTF-8');
  }
  const header = parseHeaderJson(text);
  if (!isObject(header)) return fail('header must be a JSON object');
  const dataStart = 8 + headerLen;
  const dataLen = buf.length - dataStart;
  const entries: { name: string; dtype: SafetensorsDType; shape: number[]; begin: number; end: number }[] = [];
  for (const name of Object.keys(header)) {
    const info = header[name];
    if (name === '__metadata__') {
      checkMetadata(info);
      continue;
    }
    entries.push({ name, ...checkEntry(name, info, dataLen) });
  }
  // The data section must be tiled exactly: no overlaps (two tensors aliasing bytes) and no holes (as the
  // reference implementation requires), so every byte belongs to exactly one tensor.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.begin < at) fail(`tensor '${e.name}' data_offsets [${e.begin}, ${e.end}] overlap the previous tensor's bytes (which end at ${at})`);
    if (e.begin > at) fail(`gap in the data section: no tensor covers bytes [${at}, ${e.begin}) before '${e.name}'`);
    at = e.end;
  }
  if (at !== dataLen) fail(`the data section is ${dataLen} bytes but the tensors cover ${at}`);

  const out = Object.create(null) as Record<string, LoadedTensor>;
  for (const e of entries) out[e.name] = { data: decode(e.name, e.dtype, buf, dataStart + e.begin, dataStart + e.end), shape: e.shape, dtype: e.dtype };
  return out;
}

function checkMetadata(info: unknown): void {
  if (!isObject(info)) return fail('__metadata__ must be an object of strings');
  for (const k of Object.keys(info)) {
    const v = info[k];
    if (typeof v !== 'string') fail(`__metadata__['${k}'] must be a string, got ${JSON.stringify(v)}`);
  }
}

function checkEntry(name: string, info: unknown, dataLen: number): { dtype: SafetensorsDType; shape: number[]; begin: number; end: number } {
  if (!isObject(info)) return fail(`tensor '${name}' must be an object with dtype, shape and data_offsets`);
  const dtype: unknown = info.dtype;
  const shape: unknown = info.shape;
  const offsets: unknown = info.data_offsets;
  if (typeof dtype !== 'string') return fail(`tensor '${name}' has no dtype string`);
  if (!Object.prototype.hasOwnProperty.call(DTYPE_BYTES, dtype)) {
    return fail(OTHER_DTYPES.has(dtype)
      ? `tensor '${name}' has dtype ${dtype}, which seqgpu cannot read (supported: ${Object.keys(DTYPE_BYTES).join(', ')})`
      : `tensor '${name}' has unknown dtype '${dtype}'`);
  }
  if (!Array.isArray(shape)) return fail(`tensor '${name}' shape must be an array, got ${JSON.stringify(shape)}`);
  let count = 1;
  for (const d of shape as unknown[]) {
    if (d instanceof JsonFloat) return fail(`tensor '${name}' shape ${JSON.stringify(shape)} has ${d.raw}, written as a float; dims must be integers`);
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) return fail(`tensor '${name}' shape ${JSON.stringify(shape)} must hold non-negative integers`);
    count *= d;
  }
  if (!Array.isArray(offsets) || offsets.length !== 2) return fail(`tensor '${name}' data_offsets must be [begin, end], got ${JSON.stringify(offsets)}`);
  const [begin, end] = offsets as unknown[];
  for (const o of [begin, end]) {
    if (o instanceof JsonFloat) return fail(`tensor '${name}' data_offsets ${JSON.stringify(offsets)} has ${o.raw}, written as a float; offsets must be integers`);
  }
  if (typeof begin !== 'number' || typeof end !== 'number' || !Number.isSafeInteger(begin) || !Number.isSafeInteger(end) || begin < 0 || end < begin) {
    return fail(`tensor '${name}' data_offsets ${JSON.stringify(offsets)} must be integers with 0 <= begin <= end`);
  }
  if (end > dataLen) return fail(`tensor '${name}' data_offsets [${begin}, ${end}] run past the ${dataLen}-byte data section`);
  const itemBytes = DTYPE_BYTES[dtype as SafetensorsDType];
  // count may be astronomically large for a hostile shape; compared against end - begin it can only fail.
  if (count * itemBytes !== end - begin) {
    return fail(`tensor '${name}' ${dtype} ${fmtShape(shape as number[])} needs ${count * itemBytes} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`);
  }
  return { dtype: dtype as SafetensorsDType, shape: shape as number[], begin, end };
}

/** Bytes [start, end) as float32 or int32. Copies first, so the source need not be aligned. */
function decode(name: string, dtype: SafetensorsDType, buf: Uint8Array, start: number, end: number): Float32Array | Int32Array {
  const copy = buf.slice(start, end).buffer; // a fresh, aligned ArrayBuffer
  const n = (end - start) / DTYPE_BYTES[dtype];
  const dv = new DataView(copy);
  switch (dtype) {
    case 'F32':
      if (LITTLE_ENDIAN) return new Float32Array(copy);
      return Float32Array.from({ length: n }, (_, i) => dv.getFloat32(4 * i, true));
    case 'I32':
      if (LITTLE_ENDIAN) return new Int32Array(copy);
      return Int32Array.from({ length: n }, (_, i) => dv.getInt32(4 * i, true));
    case 'F64':
      return Float32Array.from({ length: n }, (_, i) => dv.getFloat64(8 * i, true));
    case 'F16':
      return Float32Array.from({ length: n }, (_, i) => halfToFloat(dv.getUint16(2 * i, true)));
    case 'BF16': {
      // bfloat16 is the top half of a float32: shift into place and reinterpret.
      const bits = new Uint32Array(n);
      for (let i = 0; i < n; i++) bits[i] = dv.getUint16(2 * i, true) << 16;
      return new Float32Array(bits.buffer);
    }
    case 'I64': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = dv.getBigInt64(8 * i, true);
        if (v < -2147483648n || v > 2147483647n) fail(`tensor '${name}' I64 value ${v} at index ${i} does not fit int32`);
        out[i] = Number(v);
      }
      return out;
    }
    default:
      return dtype satisfies never;
  }
}

/** IEEE binary16 -> number (subnormals, infinities and NaN included). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? Number.NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Writes a state dict (Module.stateDict(), or {data, shape} values) as safetensors: float32 as F32, int32 as I32.
 * The byte layout follows the reference writer (huggingface/safetensors), so the same dict gives the same bytes:
 * tensors ordered by dtype (F32 before I32) then name, compact JSON with __metadata__ first, the header padded
 * with spaces to a multiple of 8 so the data starts aligned.
 */
export async function saveSafetensors(state: Record<string, StateValue>, metadata?: Record<string, string>): Promise<Uint8Array> {
  if (state === null || typeof state !== 'object' || Array.isArray(state) || state instanceof Tensor) {
    throw new ArgumentError(`saveSafetensors: state must be an object of name -> tensor (e.g. module.stateDict()), got ${describeValue(state)}`);
  }
  if (metadata !== undefined) {
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
      throw new ArgumentError(`saveSafetensors: metadata must be an object of string -> string, got ${describeValue(metadata)}`);
    }
    for (const k of Object.keys(metadata)) {
      if (typeof metadata[k] !== 'string') throw new ArgumentError(`saveSafetensors: metadata['${k}'] must be a string, got ${describeValue(metadata[k])}`);
    }
  }
  const items: { name: string; dtype: 'F32' | 'I32'; shape: number[]; bytes: Uint8Array }[] = [];
  for (const [name, value] of Object.entries(state)) {
    if (name === '__metadata__') throw new ArgumentError("saveSafetensors: '__metadata__' is reserved and cannot name a tensor");
    let data: ArrayLike<number>;
    let shape: number[];
    let int: boolean;
    if (value instanceof Tensor) {
      data = await value.data();
      shape = [...value.shape];
      int = value.dtype === 'int32';
    } else if (value !== null && typeof value === 'object' && 'data' in value && 'shape' in value && Array.isArray(value.shape)) {
      data = value.data;
      shape = [...value.shape];
      int = value.data instanceof Int32Array;
    } else {
      throw new ArgumentError(`saveSafetensors: '${name}' must be a Tensor or { data, shape }, got ${describeValue(value)}`);
    }
    const count = shape.reduce((a, d) => a * d, 1);
    if (shape.some((d) => !Number.isSafeInteger(d) || d < 0) || count !== data.length) {
      throw new ArgumentError(`saveSafetensors: '${name}' has ${data.length} values for shape ${fmtShape(shape)}`);
    }
    const typed = int ? Int32Array.from(data) : Float32Array.from(data);
    const bytes = new Uint8Array(typed.byteLength);
    const dv = new DataView(bytes.buffer);
    for (let i = 0; i < typed.length; i++) {
      if (int) dv.setInt32(4 * i, typed[i], true);
      else dv.setFloat32(4 * i, typed[i], true);
    }
    items.push({ name, dtype: int ? 'I32' : 'F32', shape, bytes });
  }
  // The reference writer sorts by dtype, descending in its enum order (F32 after I32 there, so F32 first), then by name.
  items.sort((a, b) => (a.dtype === b.dtype ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.dtype === 'F32' ? -1 : 1));
  const header = Object.create(null) as Record<string, unknown>; // '__proto__' is a tensor name like any other
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const it of items) {
    header[it.name] = { dtype: it.dtype, shape: it.shape, data_offsets: [offset, offset + it.bytes.length] };
    offset += it.bytes.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - (json.length % 8)) % 8;
  if (pad) {
    const padded = new Uint8Array(json.length + pad).fill(0x20);
    padded.set(json);
    json = padded;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const it of items) {
    out.set(it.bytes, at);
    at += it.bytes.length;
  }
  return out;
}
