// Glue for the matmul ladder: picks a rung by shape and adapter unless one is forced, packs strides, and for the
// vec4 and register rungs derives their layout flags (operand transposes, vec4 paths) from the strides.
// Twins: shaders/matmul/{naive,tiled,blocked,vec4,register}.wgsl, backends/cpu/matmul.ts, ops/matmul.ts.
import type { KernelArgs, MatmulVariant } from '../../kernels/index.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import { Params } from './params.ts';
import naiveWgsl from '../../../shaders/matmul/naive.wgsl?raw';
import tiledWgsl from '../../../shaders/matmul/tiled.wgsl?raw';
import blockedWgsl from '../../../shaders/matmul/blocked.wgsl?raw';
import vec4Wgsl from '../../../shaders/matmul/vec4.wgsl?raw';
import registerWgsl from '../../../shaders/matmul/register.wgsl?raw';

/** Every rung this build has (the benchmark page reads this list). */
export const MATMUL_VARIANTS: readonly MatmulVariant[] = ['naive', 'tiled', 'blocked', 'vec4', 'register'];

const SPECS: Record<MatmulVariant, KernelSpec> = {
  naive: { name: 'matmul/naive', code: naiveWgsl, bindings: ['read', 'read', 'write'], uniform: true },
  tiled: { name: 'matmul/tiled', code: tiledWgsl, bindings: ['read', 'read', 'write'], uniform: true },
  blocked: { name: 'matmul/blocked', code: blockedWgsl, bindings: ['read', 'read', 'write'], uniform: true },
  vec4: { name: 'matmul/vec4', code: vec4Wgsl, bindings: ['read', 'read', 'write'], uniform: true },
  register: { name: 'matmul/register', code: registerWgsl, bindings: ['read', 'read', 'write'], uniform: true },
};
/** Output tile [rows, columns] per workgroup of each rung. */
const TILE: Record<MatmulVariant, [number, number]> = {
  naive: [16, 16], tiled: [16, 16], blocked: [64, 64], vec4: [64, 128], register: [32, 64],
};
/** Workgroup memory the vec4 rung declares (two halves of a 64x8 A tile and an 8x128 B tile, f32). */
const VEC4_WORKGROUP_BYTES = 2 * (64 * 8 + 8 * 128) * 4;

/** What the pick needs to know of the adapter. */
export interface MatmulAdapter {
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
  /** A CPU implementation of the API (SwiftShader, the fallback adapter), where workgroup memory buys nothing. */
  software: boolean;
}

/** The pick's view of a backend: its limits, and software when the adapter string names SwiftShader or a fallback. */
export function matmulAdapterOf(b: WebGpuBackend): MatmulAdapter {
  return {
    maxComputeWorkgroupStorageSize: b.limits.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: b.limits.maxComputeInvocationsPerWorkgroup,
    software: /swiftshader|fallback|llvmpipe|lavapipe|warp/i.test(b.description),
  };
}

/**
 * Default rung by shape and adapter (bench/results/matmul.json; the vec4 figures in BENCHMARKS.md):
 * - naive for skinny products (few rows, as an RNN's [B, H] x [H, 4H] with small B): the tiled rungs' workgroup
 *   barriers cost more than the reuse they buy;
 * - vec4 on a hardware adapter once the output fills at least one of its 64x128 tiles and K spans a few of its 8-deep
 *   k-tiles, if the limits hold its 256 invocations and 12 KiB of workgroup memory (the WebGPU defaults do). It is
 *   built for what a GPU rewards (coalesced vec4 loads, load latency hidden behind FMAs); NOT YET MEASURED on one
 *   (no device was lent when it was written): bench/real-gpu's 'auto' column runs it.
 * - register on a software adapter (SwiftShader, the fallback adapter), and without adapter information (the
 *   benchmark's label lookup): no workgroup memory, no barriers. There workgroup memory is ordinary memory and a
 *   barrier switches every invocation's coroutine, so vec4 showed no consistent gain over blocked (vec4/blocked
 *   GFLOP/s, 2026-12-05, load 10-15 on 2 cores: 0.86x and 0.93x at 256^3, 0.56x and 0.84x at 512^3), while the
 *   register rung ran 2.5-4.4x blocked's speed at 256^3, 1.3-2.4x at 512^3, 3.0-4.7x at 128^3 and 2.8-3.5x at
 *   [64, 128] x [128, 512] (2026-12-05, SwiftShader, three single-sample interleaved `bench --quick matmul`
 *   rounds, load average 3.9-6.6 on 2 cores). That is the untransposed layout with K and N multiples of 4, which
 *   has its own loop in register.wgsl; other layouts (the backward's transposed products) take its general loop,
 *   which ran 0.8-2.7x blocked's speed in the same kind of rounds (measured as the whole kernel, before the loop
 *   was split).
 * - blocked otherwise (a hardware adapter below vec4's sizes or limits).
 * The tiled rung stays selectable and benchmarked, but is never the default: it lost at every measured shape.
 */
export function pickMatmulVariant(M: number, N: number, K: number, adapter?: MatmulAdapter): MatmulVariant {
  if (M <= 16 || (K <= 8 && M * N <= 4096)) return 'naive';
  if (adapter === undefined || adapter.software) return 'register';
  const vec4Fits = adapter.maxComputeWorkgroupStorageSize >= VEC4_WORKGROUP_BYTES && adapter.maxComputeInvocationsPerWorkgroup >= 256;
  if (vec4Fits && M >= 64 && N >= 128 && K >= 32) return 'vec4';
  return 'blocked';
}

/**
 * The vec4 rung's layout flags from one operand's strides [batch, row, col] over its [R, C] matrix:
 * transposed when the row stride is the unit one; the vec4 path when the unit-stride axis's length and the other
 * two strides are multiples of 4, so every vec4 the kernel loads starts on a 16-byte boundary and lies inside the
 * matrix. Null when neither stride is 1 (a layout the vec4 rung does not read; no op makes one today).
 */
function vec4Layout([bs, rs, cs]: [number, number, number], R: number, C: number): { t: boolean; vec: boolean } | null {
  if (cs === 1) return { t: false, vec: C % 4 === 0 && rs % 4 === 0 && bs % 4 === 0 };
  if (rs === 1) return { t: true, vec: R % 4 === 0 && cs % 4 === 0 && bs % 4 === 0 };
  return null;
}

export function matmul(b: WebGpuBackend, args: KernelArgs['matmul']): void {
  const { M, N, K, batch, aStrides, bStrides } = args;
  let variant = args.variant === 'auto' ? pickMatmulVariant(M, N, K, matmulAdapterOf(b)) : args.variant;
  let flags = 0;
  if (variant === 'vec4' || variant === 'register') {
    const la = vec4Layout(aStrides, M, K);
    const lb = vec4Layout(bStrides, K, N);
    // Storage buffers come from the pool in power-of-two sizes of at least 16 bytes (buffers.ts), so binding
    // them as array<vec4<f32>> loses no trailing element. Bits as in vec4.wgsl's and register.wgsl's F_* constants.
    if (la && lb) flags = +la.t | (+lb.t << 1) | (+la.vec << 2) | (+lb.vec << 3) | (+(N % 4 === 0) << 4);
    else variant = 'blocked';
  }
  const [tm, tn] = TILE[variant];
  // The fourth word is padding for the other rungs, the layout flags for vec4 and register.
  const params = new Params().u32(M).u32(N).u32(K).u32(flags)
    .u32(aStrides[0]).u32(aStrides[1]).u32(aStrides[2]).u32(0)
    .u32(bStrides[0]).u32(bStrides[1]).u32(bStrides[2]).u32(0).build();
  b.dispatch(SPECS[variant], { storages: [args.a, args.b, args.out], params, groups: [Math.ceil(N / tn), Math.ceil(M / tm), batch] });
}
