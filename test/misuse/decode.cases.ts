// Misuse cases for decoding (issue 11, part 1): CTC greedy and prefix beam search (tensor and raw forms), step-callback
// beam search, greedy and sampling. Imported by the harness page too: use only the `sg` passed in.
import type { CaseBuilder, MisuseCase } from './run-cases.ts';

export const build: CaseBuilder = (sg, device) => {
  const cases: MisuseCase[] = [];
  const add = (name: string, error: string, message: RegExp, run: () => unknown): void => {
    cases.push({ name, error, message, run });
  };
  const { decode } = sg;
  const lp = (): InstanceType<typeof sg.Tensor> => sg.logSoftmax(sg.rand([3, 2, 4], { device }), -1); // [T, N, C]
  const raw = new Float32Array(3 * 2 * 4).fill(Math.log(0.25));
  const step = (): number[][] => [[Math.log(0.5), Math.log(0.25), Math.log(0.25)]];

  add('ctcBeamSearch: raw array where a tensor is expected', 'ArgumentError', /ctcBeamSearch: logProbs must be a Tensor \[T, N, C\], got a Float32Array \(for raw arrays use ctcBeamSearchRaw/, () => decode.ctcBeamSearch(raw as never, [3, 3]));
  add('ctcBeamSearch: a Promise', 'ArgumentError', /logProbs must be a Tensor \[T, N, C\], got a Promise/, () => decode.ctcBeamSearch(Promise.resolve(lp()) as never, [3, 3]));
  add('ctcBeamSearch: 2-D logProbs', 'ShapeError', /ctcBeamSearch: logProbs must be \[T, N, C\], got \[3, 4\]/, () => decode.ctcBeamSearch(sg.zeros([3, 4], { device }), [3]));
  add('ctcBeamSearch: int32 logProbs', 'DTypeError', /ctcBeamSearch: logProbs must be float32, got int32/, () => decode.ctcBeamSearch(sg.zeros([3, 2, 4], { device, dtype: 'int32' }), [3, 3]));
  add('ctcBeamSearch: beamWidth 0', 'ArgumentError', /ctcBeamSearch: beamWidth must be an integer >= 1, got 0/, () => decode.ctcBeamSearch(lp(), [3, 3], { beamWidth: 0 }));
  add('ctcBeamSearch: beamWidth 2.5', 'ArgumentError', /beamWidth must be an integer >= 1, got 2.5/, () => decode.ctcBeamSearch(lp(), [3, 3], { beamWidth: 2.5 }));
  add('ctcBeamSearch: blank outside classes', 'IndexError', /ctcBeamSearch: blank 4 is outside \[0, 4\)/, () => decode.ctcBeamSearch(lp(), [3, 3], { blank: 4 }));
  add('ctcBeamSearch: inputLengths count', 'ShapeError', /ctcBeamSearch: inputLengths has 1 entries, N is 2/, () => decode.ctcBeamSearch(lp(), [3]));
  add('ctcBeamSearch: inputLength past T', 'IndexError', /inputLengths\[1\] = 5 is outside \[0, 3\]/, () => decode.ctcBeamSearch(lp(), [3, 5]));
  add('ctcBeamSearch: fractional inputLength', 'ArgumentError', /inputLengths\[0\] = number 2.5 is not an integer/, () => decode.ctcBeamSearch(lp(), [2.5, 3]));
  add('ctcBeamSearch: NaN pruneThreshold', 'ArgumentError', /pruneThreshold must be a number, got NaN/, () => decode.ctcBeamSearch(lp(), [3, 3], { pruneThreshold: Number.NaN }));
  add('ctcBeamSearch: lm without score', 'ArgumentError', /lm must be an object with a score\(prefix, next\) function/, () => decode.ctcBeamSearch(lp(), [3, 3], { lm: { weight: 1, insertionBonus: 0 } as never }));
  add('ctcBeamSearch: lm weight NaN', 'ArgumentError', /lm.weight must be a finite number, got NaN/, () => decode.ctcBeamSearch(lp(), [3, 3], { lm: { score: () => 0, weight: Number.NaN, insertionBonus: 0 } }));
  add('ctcBeamSearch: options a number', 'ArgumentError', /ctcBeamSearch: options must be an object, got 8/, () => decode.ctcBeamSearch(lp(), [3, 3], 8 as never));
  add('ctcBeamSearchRaw: a tensor where raw data is expected', 'ArgumentError', /ctcBeamSearchRaw: logProbs must be a Float32Array or Float64Array .* \(for tensors use ctcBeamSearch/, () => decode.ctcBeamSearchRaw(lp() as never, 3, 2, 4, [3, 3]));
  add('ctcBeamSearchRaw: size mismatch', 'ShapeError', /ctcBeamSearchRaw: logProbs has 24 elements, expected T\*N\*C = 30/, () => decode.ctcBeamSearchRaw(raw, 3, 2, 5, [3, 3]));
  add('ctcBeamSearchRaw: negative T', 'ArgumentError', /ctcBeamSearchRaw: T must be an integer >= 0, got -3/, () => decode.ctcBeamSearchRaw(raw, -3, 2, 4, [3, 3]));
  add('ctcBeamSearchRaw: negative blank', 'IndexError', /blank -1 is outside \[0, 4\)/, () => decode.ctcBeamSearchRaw(raw, 3, 2, 4, [3, 3], { blank: -1 }));
  add('ctcGreedyDecode: 2-D logProbs', 'ShapeError', /ctcGreedyDecode: logProbs must be \[T, N, C\], got \[3, 4\]/, () => decode.ctcGreedyDecode(sg.zeros([3, 4], { device }), [3]));
  add('ctcGreedyDecode: blank outside classes', 'IndexError', /ctcGreedyDecode: blank 9 is outside \[0, 4\)/, () => decode.ctcGreedyDecode(lp(), [3, 3], { blank: 9 }));
  add('ctcGreedyDecode: inputLength negative', 'IndexError', /inputLengths\[0\] = -1 is outside \[0, 3\]/, () => decode.ctcGreedyDecode(lp(), [-1, 3]));
  add('ctcGreedyDecode: a Promise', 'ArgumentError', /ctcGreedyDecode: logProbs must be a Tensor .* got a Promise/, () => decode.ctcGreedyDecode(Promise.resolve(0) as never, [3]));
  add('beamSearch: beamWidth 0', 'ArgumentError', /beamSearch: beamWidth must be an integer >= 1, got 0/, () => decode.beamSearch(step, { beamWidth: 0, maxLength: 3 }));
  add('beamSearch: maxLength missing', 'ArgumentError', /beamSearch: maxLength must be an integer >= 1, got undefined/, () => decode.beamSearch(step, {} as never));
  add('beamSearch: nBest above beamWidth', 'ArgumentError', /nBest 3 exceeds beamWidth 2/, () => decode.beamSearch(step, { beamWidth: 2, maxLength: 2, nBest: 3 }));
  add('beamSearch: beamWidth not a multiple of numGroups', 'ArgumentError', /beamWidth 3 must be a multiple of numGroups 2/, () => decode.beamSearch(step, { beamWidth: 3, maxLength: 2, numGroups: 2 }));
  add('beamSearch: negative coveragePenalty', 'ArgumentError', /coveragePenalty must be >= 0, got -1/, () => decode.beamSearch(step, { maxLength: 2, coveragePenalty: -1 }));
  add('beamSearch: negative diversityStrength', 'ArgumentError', /diversityStrength must be >= 0, got -0.5/, () => decode.beamSearch(step, { maxLength: 2, diversityStrength: -0.5 }));
  add('beamSearch: eosToken outside the vocabulary', 'IndexError', /beamSearch: eosToken 3 is outside the vocabulary 0..2/, () => decode.beamSearch(step, { maxLength: 2, eosToken: 3 }));
  add('beamSearch: bosToken fractional', 'IndexError', /bosToken 0.5 is outside the vocabulary 0..2/, () => decode.beamSearch(step, { maxLength: 2, bosToken: 0.5, vocabSize: 3 }));
  add('beamSearch: step not a function', 'ArgumentError', /beamSearch: step must be a function .* got a plain array/, () => decode.beamSearch([[0]] as never, { maxLength: 2 }));
  add('beamSearch: step returns positive scores', 'ArgumentError', /rows must be log-probabilities \(pass normalize: true/, () => decode.beamSearch(() => [[1, 2]], { maxLength: 2 }));
  add('beamSearch: step returns NaN', 'ArgumentError', /NaN at row 0, column 0/, () => decode.beamSearch(() => [[Number.NaN, 0]], { maxLength: 2 }));
  add('beamSearch: step returns the wrong row count', 'ShapeError', /must have 1 row\(s\) \(one per prefix\), got 2/, () => decode.beamSearch(() => [[0], [0]], { maxLength: 2 }));
  add('greedyDecode: maxLength 0', 'ArgumentError', /greedyDecode: maxLength must be an integer >= 1, got 0/, () => decode.greedyDecode(step, { maxLength: 0 }));
  add('greedyDecode: eosToken outside the vocabulary', 'IndexError', /greedyDecode: eosToken 7 is outside the vocabulary 0..2/, () => decode.greedyDecode(step, { maxLength: 2, eosToken: 7 }));
  add('sampleDecode: negative temperature', 'ArgumentError', /sampleDecode: temperature must be finite and >= 0, got -1/, () => decode.sampleDecode(step, { maxLength: 2, temperature: -1 }));
  add('sampleDecode: infinite temperature', 'ArgumentError', /temperature must be finite and >= 0, got Infinity/, () => decode.sampleDecode(step, { maxLength: 2, temperature: Number.POSITIVE_INFINITY }));
  add('sampleDecode: negative topK', 'ArgumentError', /sampleDecode: topK must be an integer >= 0, got -2/, () => decode.sampleDecode(step, { maxLength: 2, topK: -2 }));
  add('sampleToken: NaN temperature', 'ArgumentError', /sampleToken: temperature must be finite and >= 0, got NaN/, () => decode.sampleToken([0, -1], { temperature: Number.NaN }));
  add('sampleToken: topK fractional', 'ArgumentError', /sampleToken: topK must be an integer >= 0, got 1.5/, () => decode.sampleToken([0, -1], { topK: 1.5 }));
  add('sampleToken: topK above the vocabulary', 'ArgumentError', /sampleToken: topK 5 exceeds the 2 tokens of the row/, () => decode.sampleToken([0, -1], { topK: 5 }));
  add('sampleToken: empty row', 'ShapeError', /sampleToken: empty score row/, () => decode.sampleToken([]));
  // ctcLoss (src/ops/ctc.ts)
  const tg = (v: number[], shape: number[]): InstanceType<typeof sg.Tensor> => sg.tensor(Int32Array.from(v), shape, { device });
  add('ctcLoss: target equals blank', 'IndexError', /ctcLoss: target 0 position 1 equals the blank label 0/, () => sg.ctcLoss(lp(), tg([1, 0, 2, 1], [2, 2]), [3, 3], [2, 2]));
  add('ctcLoss: label outside the classes', 'IndexError', /target 1 position 0 is 4, outside \[0, 4\)/, () => sg.ctcLoss(lp(), tg([1, 2, 4, 1], [2, 2]), [3, 3], [2, 2]));
  add('ctcLoss: inputLength longer than T', 'IndexError', /inputLengths\[0\] = 4 is longer than T = 3/, () => sg.ctcLoss(lp(), tg([1, 2, 2, 1], [2, 2]), [4, 3], [2, 2]));
  add('ctcLoss: negative targetLength', 'IndexError', /targetLengths\[1\] = -1 is negative/, () => sg.ctcLoss(lp(), tg([1, 2, 2, 1], [2, 2]), [3, 3], [2, -1]));
  add('ctcLoss: fractional inputLength', 'ArgumentError', /ctcLoss: inputLengths\[1\] = 2.5 is not an integer/, () => sg.ctcLoss(lp(), tg([1, 2, 2, 1], [2, 2]), [3, 2.5], [2, 2]));
  add('ctcLoss: lengths a string', 'ArgumentError', /ctcLoss: targetLengths must be an Int32Array, a number\[\] or an int32 tensor, got string/, () => sg.ctcLoss(lp(), tg([1, 2, 2, 1], [2, 2]), [3, 3], '22' as never));
  add('ctcLoss: blank outside the classes', 'IndexError', /ctcLoss: blank must be an integer in \[0, 4\), got 4/, () => sg.ctcLoss(lp(), tg([1, 2, 2, 1], [2, 2]), [3, 3], [2, 2], { blank: 4 }));
  add('ctcLoss: unknown reduction', 'ArgumentError', /unknown reduction 'avg'/, () => sg.ctcLoss(lp(), tg([1, 2, 2, 1], [2, 2]), [3, 3], [2, 2], { reduction: 'avg' as never }));
  add('ctcLoss: 2-D logProbs', 'ShapeError', /ctcLoss: logProbs must be \[T, N, C\], got \[6, 4\]/, () => sg.ctcLoss(sg.zeros([6, 4], { device }), tg([1, 2, 2, 1], [2, 2]), [3, 3], [2, 2]));
  add('ctcLoss: batch of lengths differs', 'ShapeError', /inputLengths has 3 entries but logProbs \[3, 2, 4\] has batch size N = 2/, () => sg.ctcLoss(lp(), tg([1, 2, 2, 1], [2, 2]), [3, 3, 3], [2, 2]));
  return cases;
};
