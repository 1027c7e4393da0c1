// optim: optimizers, gradient clipping and learning-rate schedules.
export { Optimizer } from './optimizer.ts';
export { SGD } from './sgd.ts';
export type { SgdOptions } from './sgd.ts';
export { Adam, AdamW } from './adam.ts';
export type { AdamOptions } from './adam.ts';
export { clipGradNorm } from './clip.ts';
export { warmupCosine, warmupLinear, stepDecay, LRScheduler } from './schedule.ts';
export type { Schedule } from './schedule.ts';
export type { OptimizerStateDict } from './optimizer.ts';
export { saveCheckpoint, loadCheckpoint } from './checkpoint.ts';
export type { Checkpointed } from './checkpoint.ts';
