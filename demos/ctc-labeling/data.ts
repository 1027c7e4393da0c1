// Synthetic "speech-like" sequences for the CTC demo, generated in the page: each digit is a short sound with its
// own two-formant pattern (two active frequency bins that glide up or down over 3-4 frames), digits are separated
// by gaps of silence, and everything sits in noise. The labels are digit strings; no frame-level alignment is
// given to the model, which is the point of CTC.
import * as sg from '../../src/index.ts';

export const BINS = 12; // feature channels ("frequency bins")
export const FRAMES = 28; // T: frames per utterance (padded with silence)
export const DIGITS = 10;
export const BLANK = 0; // class 0 is the CTC blank; digit d is class d + 1
export const CLASS_LABELS = ['-', ...Array.from({ length: DIGITS }, (_, d) => String(d))];

/** Two formant bins per digit, all pairs distinct. */
const FORMANTS: [number, number][] = [[0, 6], [1, 9], [2, 7], [3, 11], [4, 8], [5, 10], [0, 9], [2, 11], [1, 6], [4, 10]];

export interface Batch {
  /** Features [N, BINS, FRAMES], channel-major (Conv1d's layout). */
  x: Float32Array;
  /** Digit strings as class ids (digit + 1), and padded targets [N, maxLen]. */
  labels: number[][];
  targets: Int32Array;
  targetLengths: number[];
  maxLen: number;
  N: number;
}

/** One utterance of 1-4 digits: features [BINS][FRAMES] (written into x at item n) and its label. */
function utterance(g: sg.Generator, x: Float32Array, n: number): number[] {
  const len = 1 + Math.floor(g.next() * 4);
  const digits = Array.from({ length: len }, () => Math.floor(g.next() * DIGITS));
  const base = n * BINS * FRAMES;
  for (let i = 0; i < BINS * FRAMES; i++) x[base + i] = 0.25 * g.normal();
  let t = 1 + Math.floor(g.next() * 2);
  for (const d of digits) {
    const dur = 3 + Math.floor(g.next() * 2);
    const [f1, f2] = FORMANTS[d];
    const glide = d % 2 === 0 ? 1 : -1;
    for (let k = 0; k < dur && t < FRAMES; k++, t++) {
      const shift = Math.round((glide * k) / 2);
      for (const f of [f1, f2]) {
        const b = Math.min(BINS - 1, Math.max(0, f + shift));
        x[base + b * FRAMES + t] += 1.6 + 0.2 * g.normal();
      }
    }
    t += 1 + Math.floor(g.next() * 2); // a gap: repeated digits stay separable
  }
  return digits.map((d) => d + 1);
}

export function makeBatch(N: number, g: sg.Generator): Batch {
  const x = new Float32Array(N * BINS * FRAMES);
  const labels = Array.from({ length: N }, (_, n) => utterance(g, x, n));
  const maxLen = Math.max(...labels.map((l) => l.length));
  const targets = new Int32Array(N * maxLen);
  labels.forEach((l, n) => targets.set(l, n * maxLen));
  return { x, labels, targets, targetLengths: labels.map((l) => l.length), maxLen, N };
}

export const labelText = (ids: readonly number[]): string => ids.map((c) => CLASS_LABELS[c]).join('');
