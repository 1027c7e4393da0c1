// seqgpu/components: the lit elements, registered on import (each file defines its tag once, so importing this
// module twice, or alongside a single element's file, is harmless).
//
//   import 'seqgpu/components';            // registers every element
//   <gpu-cpu-check auto-run></gpu-cpu-check>
export { GpuCpuCheck } from './gpu-cpu-check.ts';
export type { CheckState, CheckSummary } from './gpu-cpu-check.ts';
export { LossChart } from './loss-chart.ts';
export type { LossPoint } from './loss-chart.ts';
export { defaultCases } from './lib/op-check-suite.ts';
export type { CheckCase, CheckFamily, CheckInput } from './lib/op-check-suite.ts';
export type { CaseResult, Diff } from './lib/op-check-runner.ts';
