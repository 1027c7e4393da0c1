// Scheduled sampling (Bengio et al. 2015): the probability eps_i of feeding the ground-truth token (teacher forcing)
// at training step i decays from 1 towards feeding the model's own predictions. Pass schedule(step) as the
// `teacherForcing` ratio of nn.Seq2Seq's forward/loss. Linear, exponential and inverse-sigmoid decays as the paper.
import { ArgumentError } from '../errors.ts';

export type TeacherForcingSchedule = (step: number) => number;

export interface LinearDecayOptions {
  /** eps at step 0 (default 1). */
  start?: number;
  /** Floor eps never goes below (the paper's epsilon; default 0). */
  end?: number;
  /** Steps from start to end (the paper's slope c = (start - end) / steps). */
  steps: number;
}

function checkStep(step: number): void {
  if (!(Number.isFinite(step) && step >= 0)) throw new ArgumentError(`teacher forcing schedule: step must be a finite number >= 0, got ${step}`);
}

function checkProb(name: string, v: number): void {
  if (!(v >= 0 && v <= 1)) throw new ArgumentError(`teacher forcing schedule: ${name} must be in [0, 1], got ${v}`);
}

/** eps_i = max(end, start - (start - end) * i / steps). */
export function linearDecay(options: LinearDecayOptions): TeacherForcingSchedule {
  const start = options.start ?? 1;
  const end = options.end ?? 0;
  checkProb('start', start);
  checkProb('end', end);
  if (!(options.steps > 0)) throw new ArgumentError(`linearDecay: steps must be > 0, got ${options.steps}`);
  return (step) => {
    checkStep(step);
    return Math.max(end, start - ((start - end) * step) / options.steps);
  };
}

/** eps_i = max(min, k^i) with 0 < k < 1. */
export function exponentialDecay(options: { k: number; min?: number }): TeacherForcingSchedule {
  const { k } = options;
  const min = options.min ?? 0;
  if (!(k > 0 && k < 1)) throw new ArgumentError(`exponentialDecay: k must be in (0, 1), got ${k}`);
  checkProb('min', min);
  return (step) => {
    checkStep(step);
    return Math.max(min, k ** step);
  };
}

/** eps_i = k / (k + exp(i / k)) with k >= 1: near 1 for i << k ln k, then a sigmoid-shaped fall. */
export function inverseSigmoidDecay(options: { k: number }): TeacherForcingSchedule {
  const { k } = options;
  if (!(k >= 1 && Number.isFinite(k))) throw new ArgumentError(`inverseSigmoidDecay: k must be a finite number >= 1, got ${k}`);
  return (step) => {
    checkStep(step);
    const e = Math.exp(step / k);
    return Number.isFinite(e) ? k / (k + e) : 0;
  };
}

export type ScheduleKind = 'constant' | 'linear' | 'exponential' | 'inverse-sigmoid';

/** One entry point by name; `value` is the constant ratio, `k`, `steps`, `start`, `end`, `min` as above. */
export function teacherForcingSchedule(
  kind: ScheduleKind,
  params: { value?: number; k?: number; steps?: number; start?: number; end?: number; min?: number } = {},
): TeacherForcingSchedule {
  switch (kind) {
    case 'constant': {
      const v = params.value ?? 1;
      checkProb('value', v);
      return () => v;
    }
    case 'linear':
      return linearDecay({ steps: params.steps ?? Number.NaN, start: params.start, end: params.end });
    case 'exponential':
      return exponentialDecay({ k: params.k ?? Number.NaN, min: params.min });
    case 'inverse-sigmoid':
      return inverseSigmoidDecay({ k: params.k ?? Number.NaN });
    default:
      kind satisfies never;
      throw new ArgumentError(`teacherForcingSchedule: unknown kind '${String(kind)}'`);
  }
}
