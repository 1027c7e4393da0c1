// CTC greedy (best-path) decoding on the CPU: argmax per frame, merge repeats, drop blanks.
// Twins: src/decode/ctc-beam-search.ts (the prefix beam search), src/backends/webgpu/ctc.ts (argmax on the
// GPU, collapse on the host), src/backends/cpu/ctc.ts (the loss). Best path is not the most probable labelling
// (that needs a sum over paths); see ctc-beam-search.ts for the search that approximates it.

/**
 * CTC's many-to-one map B: merge runs of equal symbols first, then remove blanks. Order matters: in
 * [a, blank, a] the blank keeps the two a's apart ("aa"), in [a, a, blank] they merge ("a").
 */
export function collapseCtcPath(path: readonly number[], blank: number): number[] {
  const out: number[] = [];
  let prev = -1; // no symbol yet; class ids are >= 0
  for (const c of path) {
    if (c !== prev && c !== blank) out.push(c);
    prev = c;
  }
  return out;
}

/** Index of the largest logProbs[t, n, :]; ties keep the lowest class id (what argmax does on both backends). */
export function ctcArgmax(logProbs: Float32Array | Float64Array, t: number, n: number, N: number, C: number): number {
  const base = (t * N + n) * C;
  let best = 0;
  for (let c = 1; c < C; c++) if (logProbs[base + c] > logProbs[base + best]) best = c;
  return best;
}

/** logProbs: [T, N, C]; returns one label sequence per batch item, reading only its first inputLengths[n] frames. */
export function ctcGreedyDecode(
  logProbs: Float32Array | Float64Array,
  T: number,
  N: number,
  C: number,
  inputLengths: Int32Array,
  blank: number,
): number[][] {
  if (logProbs.length !== T * N * C) throw new Error(`ctcGreedyDecode: logProbs has ${logProbs.length} elements, expected T*N*C = ${T * N * C}`);
  if (inputLengths.length !== N) throw new Error(`ctcGreedyDecode: inputLengths has ${inputLengths.length} entries, N is ${N}`);
  if (!Number.isInteger(blank) || blank < 0 || blank >= C) throw new Error(`ctcGreedyDecode: blank ${blank} is outside [0, ${C})`);
  const result: number[][] = [];
  for (let n = 0; n < N; n++) {
    const len = inputLengths[n];
    if (len < 0 || len > T) throw new Error(`ctcGreedyDecode: inputLengths[${n}] = ${len} is outside [0, ${T}]`);
    const path: number[] = [];
    for (let t = 0; t < len; t++) path.push(ctcArgmax(logProbs, t, n, N, C));
    result.push(collapseCtcPath(path, blank));
  }
  return result;
}
