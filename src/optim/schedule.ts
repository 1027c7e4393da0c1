// Learning-rate schedules as pure functions of the step (easy to plot and test), and a scheduler
// that applies one to an optimizer each step.
import type { Optimizer } from './optimizer.ts';

export type Schedule = (step: number) => number;

/** Linear warmup from 0 to peak over `warmup` steps, then cosine decay to `min` at `total`. */
export function warmupCosine(o: { peak: number; warmup: number; total: number; min?: number }): Schedule {
  const min = o.min ?? 0;
  return (step) => {
    if (step < o.warmup) return (o.peak * (step + 1)) / o.warmup;
    const progress = Math.min(1, (step - o.warmup) / Math.max(1, o.total - o.warmup));
    return min + 0.5 * (o.peak - min) * (1 + Math.cos(Math.PI * progress));
  };
}

/** Linear warmup to peak, then linear decay to `min` at `total`. */
export function warmupLinear(o: { peak: number; warmup: number; total: number; min?: number }): Schedule {
  const min = o.min ?? 0;
  return (step) => {
    if (step < o.warmup) return (o.peak * (step + 1)) / o.warmup;
    const progress = Math.min(1, (step - o.warmup) / Math.max(1, o.total - o.warmup));
    return o.peak + (min - o.peak) * progress;
  };
}

/** Step decay (torch StepLR): base * gamma^floor(step / stepSize). */
export function stepDecay(o: { base: number; stepSize: number; gamma?: number }): Schedule {
  if (!(o.stepSize > 0)) throw new Error(`stepDecay: stepSize must be positive, got ${o.stepSize}`);
  const gamma = o.gamma ?? 0.1;
  return (step) => o.base * gamma ** Math.floor(step / o.stepSize);
}

/** Sets optimizer.lr from a schedule: call step() once per optimizer step. */
export class LRScheduler {
  private current = 0;
  constructor(readonly optimizer: Optimizer, readonly schedule: Schedule) {
    optimizer.lr = schedule(0);
  }
  step(): number {
    this.current++;
    this.optimizer.lr = this.schedule(this.current);
    return this.optimizer.lr;
  }
  get lastStep(): number {
    return this.current;
  }
}
