// Reading what a decoding step callback returns: number[][], a flat typed array with its shape, or a Tensor [k, V]
// (read back once per step). Shared by beam-search.ts and sampling.ts, so both validate shapes the same way and
// every message names the caller, the expected shape and what arrived.
import { ArgumentError, DTypeError, ShapeError } from '../errors.ts';
import { Tensor } from '../tensor.ts';
import { fmtShape } from '../dtype.ts';

/** Rows of numbers: nested arrays, a flat typed array with its [rows, cols] shape, or a 2-D Tensor. */
export type Rows = number[][] | { data: ArrayLike<number>; shape: readonly number[] } | Tensor;

/** A step's result: the log-probabilities alone, or with attention weights [k, S] (for the coverage penalty). */
export interface StepResult {
  logProbs: Rows;
  attention?: Rows;
}
export type StepOutput = Rows | StepResult;

export interface ReadRows {
  data: ArrayLike<number>;
  cols: number;
}

function isStepResult(out: StepOutput): out is StepResult {
  return !(out instanceof Tensor) && !Array.isArray(out) && 'logProbs' in out;
}

export function splitStepOutput(out: StepOutput): { logProbs: Rows; attention: Rows | undefined } {
  if (out === null || typeof out !== 'object') {
    throw new ArgumentError(`step callback returned ${String(out)}; expected log-probabilities [k, V] (number[][], { data, shape } or a Tensor)`);
  }
  return isStepResult(out) ? { logProbs: out.logProbs, attention: out.attention } : { logProbs: out, attention: undefined };
}

/**
 * Validates and reads `rows` as [expectRows, cols] (cols checked against expectCols when given). A Tensor is read
 * with one `data()` call; nested arrays are flattened row by row.
 */
export async function readRows(op: string, what: string, rows: Rows, expectRows: number, expectCols?: number): Promise<ReadRows> {
  let shape: readonly number[];
  let data: ArrayLike<number>;
  if (rows instanceof Tensor) {
    if (rows.dtype !== 'float32') throw new DTypeError(`${op}: ${what} must be float32, got ${rows.dtype} ${fmtShape(rows.shape)}`);
    shape = rows.shape;
    checkShape(op, what, shape, expectRows, expectCols);
    data = await rows.data();
  } else if (Array.isArray(rows)) {
    if (rows.length !== expectRows || rows.some((r) => !Array.isArray(r))) {
      throw new ShapeError(`${op}: ${what} must have ${expectRows} row(s) (one per prefix), got ${rows.length}`);
    }
    const cols = rows.length ? rows[0].length : (expectCols ?? 0);
    rows.forEach((r, i) => {
      if (r.length !== cols) throw new ShapeError(`${op}: ${what} row ${i} has ${r.length} entries but row 0 has ${cols} (ragged)`);
    });
    shape = [rows.length, cols];
    checkShape(op, what, shape, expectRows, expectCols);
    data = rows.flat();
  } else if (rows && typeof rows === 'object' && 'data' in rows && 'shape' in rows) {
    shape = rows.shape;
    checkShape(op, what, shape, expectRows, expectCols);
    if (rows.data.length !== shape[0] * shape[1]) {
      throw new ShapeError(`${op}: ${what} holds ${rows.data.length} values but its shape ${fmtShape(shape)} needs ${shape[0] * shape[1]}`);
    }
    data = rows.data;
  } else {
    throw new ArgumentError(`${op}: ${what} must be number[][], { data, shape } or a Tensor, got ${String(rows)}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (Number.isNaN(data[i])) throw new ArgumentError(`${op}: ${what} has NaN at row ${Math.floor(i / shape[1])}, column ${i % shape[1]}`);
  }
  return { data, cols: shape[1] };
}

function checkShape(op: string, what: string, shape: readonly number[], expectRows: number, expectCols?: number): void {
  const ok = shape.length === 2 && shape[0] === expectRows && (expectCols === undefined || shape[1] === expectCols) && shape[1] > 0;
  if (!ok) {
    const want = `[${expectRows}, ${expectCols ?? 'V'}]`;
    throw new ShapeError(`${op}: ${what} must have shape ${want} (one row per prefix), got ${fmtShape(shape)}`);
  }
}
