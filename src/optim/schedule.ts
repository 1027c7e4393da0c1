// Learning-rate schedules as pure functions of the step (easy to plot and test), and a scheduler
// that applies one to an optimizer each step.
import { Optimizer } from './optimizer.ts';
import { ArgumentError, describeValue } from '../errors.ts';
import { checkNonNeg, checkRange } from '../nn/check.ts';

function checkWarmup(who: string, o: { peak: number; warmup: number; total: number; min?: number }): void {
  if (o === null || typeof o !== 'object') throw new ArgumentError(`${who}: options must be an object { peak, warmup, total }, got ${describeValue(o)}`);
  checkNonNeg(who, 'peak', o.peak);
  checkRange(who, 'warmup', o.warmup, { min: 0, integer: true });
  checkRange(who, 'total', o.total, { min: 0, integer: true });
  if (o.total < o.warmup) throw new ArgumentError(`${who}: total ${o.total} is shorter than warmup ${o.warmup}`);
  if (o.min !== undefined) checkRange(who, 'min', o.min, { min: 0, max: o.peak });
}

export type Schedule = (step: number) => number;

/** Linear warmup from 0 to peak over `warmup` steps, then cosine decay to `min` at `total`. */
export function warmupCosine(o: { peak: number; warmup: number; total: number; min?: number }): Schedule {
  checkWarmup('warmupCosine', o);
  const min = o.min ?? 0;
  return (step) => {
    if (step < o.warmup) return (o.peak * (step + 1)) / o.warmup;
    const progress = Math.min(1, (step - o.warmup) / Math.max(1, o.total - o.warmup));
    return min + 0.5 * (o.peak - min) * (1 + Math.cos(Math.PI * progress));
  };
}

/** Linear warmup to peak, then linear decay to `min` at `total`. */
export function warmupLinear(o: { peak: number; warmup: number; total: number; min?: number }): Schedule {
  checkWarmup('warmupLinear', o);
  const min = o.min ?? 0;
  return (step) => {
    if (step < o.warmup) return (o.peak * (step + 1)) / o.warmup;
    const progress = Math.min(1, (step - o.warmup) / Math.max(1, o.total - o.warmup));
    return o.peak + (min - o.peak) * progress;
  };
}

/** Step decay (torch StepLR): base * gamma^floor(step / stepSize). */
export function stepDecay(o: { base: number; stepSize: number; gamma?: number }): Schedule {
  if (o === null || typeof o !== 'object') throw new ArgumentError(`stepDecay: options must be an object { base, stepSize, gamma }, got ${describeValue(o)}`);
  checkRange('stepDecay', 'stepSize', o.stepSize, { min: 1, integer: true });
  checkNonNeg('stepDecay', 'base', o.base);
  if (o.gamma !== undefined) checkNonNeg('stepDecay', 'gamma', o.gamma);
  const gamma = o.gamma ?? 0.1;
  return (step) => o.base * gamma ** Math.floor(step / o.stepSize);
}

/** Sets optimizer.lr from a schedule: call step() once per optimizer step. */
export class LRScheduler {
  private current = 0;
  constructor(readonly optimizer: Optimizer, readonly schedule: Schedule) {
    if (!(optimizer instanceof Optimizer)) throw new ArgumentError(`LRScheduler: optimizer must be an Optimizer, got ${describeValue(optimizer)}`);
    if (typeof schedule !== 'function') throw new ArgumentError(`LRScheduler: schedule must be a function step -> lr, got ${describeValue(schedule)}`);
    optimizer.lr = LRScheduler.checked(schedule, 0);
  }
  step(): number {
    this.current++;
    this.optimizer.lr = LRScheduler.checked(this.schedule, this.current);
    return this.optimizer.lr;
  }
  /** The schedule's value at `step`, which must be a learning rate (a number >= 0). */
  private static checked(schedule: Schedule, step: number): number {
    return checkNonNeg('LRScheduler', `schedule(${step})`, schedule(step));
  }
  get lastStep(): number {
    return this.current;
  }
  /** The scheduler's position, to save beside the optimizer's state (`optim.saveCheckpoint` does). */
  stateDict(): { step: number } {
    return { step: this.current };
  }
  /** Moves to a saved position and sets the optimizer's lr to the schedule's value there. */
  loadStateDict(state: { step: number }): void {
    const step = state?.step;
    if (!Number.isInteger(step) || step < 0) throw new ArgumentError(`LRScheduler.loadStateDict: step must be an integer >= 0, got ${describeValue(step)}`);
    this.current = step;
    this.optimizer.lr = LRScheduler.checked(this.schedule, this.current);
  }
}
