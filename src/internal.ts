// seqgpu/internal: the building blocks ops, stats and tests share, outside the documented API. No stability
// promise: names and signatures here change without notice. Everything public is in seqgpu (src/index.ts).
export { binaryRaw, unaryRaw, scalarRaw, sumTo, ctcFrameArgmax, PERSISTENT_MAX_STATE, TOPK_MAX_K } from './ops/index.ts';
export { MAX_SPD_SIZE, DEFAULT_PIVOT_TOL, choleskySolve, arLeastSquares, armaLoglik } from './ops/index.ts';
export type { CholeskySolveResult, ARLeastSquaresOptions, ARLeastSquaresResult } from './ops/index.ts';
export { packFloat16 } from './ops/stream.ts';
export { float32ToHalfBits, halfBitsToFloat32 } from './backends/cpu/f16.ts';
