// Comparing arrays against a reference with the tolerance table: a failure names the label, the
// max difference, its index and the first mismatches. GPU sentinels are mapped to -Infinity here,
// in the one place the numerics policy says.
import { appendFileSync } from 'node:fs';
import { inject } from 'vitest';
import { NEG_INF_THRESHOLD, type Tolerance } from './tolerances.ts';

export interface Comparison {
  ok: boolean;
  maxAbs: number;
  maxIndex: number;
  mismatches: { index: number; got: number; ref: number }[];
}

function norm(v: number): number {
  return v <= NEG_INF_THRESHOLD ? -Infinity : v;
}

export function compare(got: ArrayLike<number>, ref: ArrayLike<number>, tol: Tolerance): Comparison {
  const mismatches: Comparison['mismatches'] = [];
  let maxAbs = 0;
  let maxIndex = -1;
  const n = Math.max(got.length, ref.length);
  for (let i = 0; i < n; i++) {
    const g = norm(got[i]);
    const r = norm(ref[i]);
    let bad: boolean;
    if (Number.isNaN(r) || Number.isNaN(g)) bad = !(Number.isNaN(r) && Number.isNaN(g));
    else if (!Number.isFinite(r) || !Number.isFinite(g)) bad = g !== r;
    else {
      const d = Math.abs(g - r);
      if (d > maxAbs) {
        maxAbs = d;
        maxIndex = i;
      }
      bad = d > tol.atol + tol.rtol * Math.abs(r);
    }
    if (bad || got.length !== ref.length) mismatches.push({ index: i, got: got[i], ref: ref[i] });
  }
  return { ok: mismatches.length === 0 && got.length === ref.length, maxAbs, maxIndex, mismatches };
}

let counted = 0;

/** Throws a descriptive error unless got matches ref within tol. Counts GPU-vs-CPU checks for the run summary. */
export function expectClose(got: ArrayLike<number>, ref: ArrayLike<number>, tol: Tolerance, label: string, kind: 'gpu-vs-cpu' | 'other' = 'other'): void {
  const c = compare(got, ref, tol);
  if (kind === 'gpu-vs-cpu') recordComparison();
  if (c.ok) return;
  const first = c.mismatches.slice(0, 5).map((m) => `[${m.index}] got ${m.got} ref ${m.ref}`).join('; ');
  throw new Error(
    `${label}: ${c.mismatches.length} of ${ref.length} values outside atol ${tol.atol} + rtol ${tol.rtol}` +
      `${got.length !== ref.length ? ` (length ${got.length} vs ${ref.length})` : ''}; ` +
      `max |diff| ${c.maxAbs.toExponential(3)} at [${c.maxIndex}]; first: ${first}`,
  );
}

function recordComparison(): void {
  counted++;
  const log = inject('comparisonLog');
  if (log) appendFileSync(log, '1\n');
}

export function comparisonsInThisFile(): number {
  return counted;
}
