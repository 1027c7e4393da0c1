// seqgpu/components: the lit elements, registered on import (each file defines its tag once, so importing this
// module twice, or alongside a single element's file, is harmless). Each element file also adds its tag to
// HTMLElementTagNameMap and its events to HTMLElementEventMap, so listeners are typed under strict TypeScript.
//
//   import 'seqgpu/components';            // registers every element
//   <gpu-cpu-check auto-run></gpu-cpu-check>
export { GpuCpuCheck } from './gpu-cpu-check.ts';
export type { CheckCancelDetail, CheckErrorDetail, CheckProgressDetail, CheckStartDetail, CheckState, CheckSummary } from './gpu-cpu-check.ts';
export { LossChart } from './loss-chart.ts';
export type { LossPoint } from './loss-chart.ts';
export { defaultCases } from './lib/op-check-suite.ts';
export type { CheckCase, CheckFamily, CheckInput } from './lib/op-check-suite.ts';
export type { CaseResult, Diff } from './lib/op-check-runner.ts';
export { SeqExplainer } from './seq-explainer.ts';
export type { ExplainerDevice } from './seq-explainer.ts';
export type { ExplainerChange } from './lib/seq-explainer-events.ts';
export { PRESETS as CELL_PRESETS, explainCell } from './lib/cell-math.ts';
export type { CellInput, CellKind, CellResult, GateWeights } from './lib/cell-math.ts';
export { ForecastChart, defaultXFormat, inferXType } from './forecast-chart.ts';
export type { AxisFormatter, ForecastCursor, ForecastSeries, ForecastToggle, XAxisType } from './forecast-chart.ts';
export { CtcLattice, ctcViterbi } from './ctc-lattice.ts';
export type { LatticeHover, LatticeResult, LogProbRows } from './ctc-lattice.ts';
export { BeamSearchTree, BeamTreeRecorder } from './beam-search-tree.ts';
export type { BeamNode, BeamNodeSelect, BeamNodeStatus, BeamRecorderOptions, BeamTree } from './beam-search-tree.ts';
export { AttentionMap } from './attention-map.ts';
export type { AttentionCell, AttentionLoaded } from './attention-map.ts';
export type { ComponentErrorDetail, CustomEventName, DetailOf } from './lib/events.ts';
export { GateTrace } from './gate-trace.ts';
export type { GateTraceCell, GateTraceData, GateTraceLoaded, GateTraceSelect } from './gate-trace.ts';
export { traceGates } from './lib/gate-trace-math.ts';
