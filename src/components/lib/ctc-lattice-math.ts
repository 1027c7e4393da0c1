// <ctc-lattice>'s host-side maths, no DOM: the log-probability rows it accepts, read into one array, and the
// Viterbi alignment through the CTC lattice (the posterior comes from the engine's ctcAlphaBeta). Re-exported by
// ctc-lattice.ts.

export type LogProbRows = number[][] | { data: ArrayLike<number>; shape: readonly [number, number] | readonly number[] };

/** WebGPU encodes log 0 as a finite sentinel (-1e30); anything below this is treated as -Infinity. */
export const LOG_ZERO = -1e29;

export function toRows(lp: LogProbRows): { data: Float32Array; T: number; C: number } {
  if (Array.isArray(lp)) {
    const T = lp.length;
    const C = T ? lp[0].length : 0;
    const data = new Float32Array(T * C);
    lp.forEach((r, t) => {
      if (r.length !== C) throw new Error(`ctc-lattice: logProbs row ${t} has ${r.length} classes, row 0 has ${C}`);
      data.set(r, t * C);
    });
    return { data, T, C };
  }
  const [T, C] = lp.shape;
  if (lp.shape.length !== 2 || lp.data.length !== T * C) throw new Error(`ctc-lattice: logProbs data (${lp.data.length} values) does not match its shape [${lp.shape.join(', ')}]`);
  return { data: Float32Array.from(lp.data), T, C };
}

/** Most probable alignment through the CTC lattice (max instead of sum in the alpha recursion), with backpointers. */
export function ctcViterbi(lp: Float32Array, T: number, C: number, ext: number[], blank: number): number[] {
  const S = ext.length;
  const score = new Float64Array(T * S).fill(-Infinity);
  const back = new Int32Array(T * S).fill(-1);
  score[0] = lp[ext[0]];
  if (S > 1) score[1] = lp[ext[1]];
  for (let t = 1; t < T; t++) {
    for (let s = 0; s < S; s++) {
      let best = score[(t - 1) * S + s];
      let arg = s;
      if (s >= 1 && score[(t - 1) * S + s - 1] > best) {
        best = score[(t - 1) * S + s - 1];
        arg = s - 1;
      }
      // Skipping a blank is allowed only between two different labels.
      if (s >= 2 && ext[s] !== blank && ext[s] !== ext[s - 2] && score[(t - 1) * S + s - 2] > best) {
        best = score[(t - 1) * S + s - 2];
        arg = s - 2;
      }
      score[t * S + s] = best + lp[t * C + ext[s]];
      back[t * S + s] = arg;
    }
  }
  let s = S > 1 && score[(T - 1) * S + S - 2] > score[(T - 1) * S + S - 1] ? S - 2 : S - 1;
  const path = new Array<number>(T);
  for (let t = T - 1; t >= 0; t--) {
    path[t] = s;
    s = back[t * S + s];
  }
  return path;
}
