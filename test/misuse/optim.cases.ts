// Misuse cases for optimisers, clipping and learning-rate schedules (issue 11, part 1): the hyperparameters PyTorch
// rejects (negative lr, eps, weight decay, momentum; betas outside [0, 1); nesterov without momentum) and arguments
// of the wrong kind. Imported by the harness page too: use only the `sg` passed in.
import type { CaseBuilder, MisuseCase } from './run-cases.ts';

export const build: CaseBuilder = (sg, device) => {
  const cases: MisuseCase[] = [];
  const add = (name: string, error: string, message: RegExp, run: () => unknown): void => {
    cases.push({ name, error, message, run });
  };
  const { optim } = sg;
  const ps = (): InstanceType<typeof sg.Tensor>[] => new sg.nn.Linear(2, 2, { device }).parameters();

  add('SGD: negative lr', 'ArgumentError', /SGD: lr \(learning rate\) must be >= 0, got -0.1/, () => new optim.SGD(ps(), { lr: -0.1 }));
  add('SGD: NaN lr', 'ArgumentError', /SGD: lr \(learning rate\) must be >= 0, got NaN/, () => new optim.SGD(ps(), { lr: Number.NaN }));
  add('SGD: lr missing', 'ArgumentError', /SGD: lr \(learning rate\) must be a number >= 0, got undefined/, () => new optim.SGD(ps(), {} as never));
  add('SGD: negative momentum', 'ArgumentError', /SGD: momentum must be >= 0, got -0.9/, () => new optim.SGD(ps(), { lr: 0.1, momentum: -0.9 }));
  add('SGD: negative weightDecay', 'ArgumentError', /SGD: weightDecay must be >= 0, got -0.01/, () => new optim.SGD(ps(), { lr: 0.1, weightDecay: -0.01 }));
  add('SGD: nesterov without momentum', 'ArgumentError', /nesterov momentum requires momentum > 0 and dampening = 0, got momentum 0/, () => new optim.SGD(ps(), { lr: 0.1, nesterov: true }));
  add('SGD: nesterov with dampening', 'ArgumentError', /nesterov momentum requires momentum > 0 and dampening = 0, got momentum 0.9, dampening 0.1/, () => new optim.SGD(ps(), { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }));
  add('SGD: nesterov a string', 'ArgumentError', /SGD: nesterov must be a boolean, got string "yes"/, () => new optim.SGD(ps(), { lr: 0.1, nesterov: 'yes' as never }));
  add('SGD: options missing', 'ArgumentError', /SGD: options must be an object with lr, got undefined/, () => new optim.SGD(ps(), undefined as never));
  add('SGD: empty parameter list', 'ArgumentError', /SGD: got an empty parameter list/, () => new optim.SGD([], { lr: 0.1 }));
  add('SGD: params a Promise', 'ArgumentError', /params must be an iterable of tensors .* got a Promise/, () => new optim.SGD(Promise.resolve([]) as never, { lr: 0.1 }));
  add('SGD: params a single Tensor', 'ArgumentError', /params must be an iterable of tensors .* got a Tensor/, () => new optim.SGD(sg.zeros([2], { device }) as never, { lr: 0.1 }));
  add('SGD: a number among the params', 'ArgumentError', /SGD: params\[1\] must be a Tensor, got number 3/, () => new optim.SGD([ps()[0], 3] as never, { lr: 0.1 }));
  add('SGD: a parameter twice', 'ArgumentError', /some parameters appear more than once/, () => { const p = ps()[0]; return new optim.SGD([p, p], { lr: 0.1 }); });
  add('SGD: int32 parameter', 'DTypeError', /SGD: parameter .* is int32, expected float32/, () => new optim.SGD([sg.zeros([2], { device, dtype: 'int32' })], { lr: 0.1 }));
  add('Adam: negative lr', 'ArgumentError', /Adam: lr \(learning rate\) must be >= 0, got -0.001/, () => new optim.Adam(ps(), { lr: -1e-3 }));
  add('Adam: beta1 = 1', 'ArgumentError', /Adam: betas\[0\] must be in \[0, 1\), got 1/, () => new optim.Adam(ps(), { betas: [1, 0.999] }));
  add('Adam: beta2 negative', 'ArgumentError', /Adam: betas\[1\] must be in \[0, 1\), got -0.5/, () => new optim.Adam(ps(), { betas: [0.9, -0.5] }));
  add('Adam: beta NaN', 'ArgumentError', /Adam: betas\[0\] must be in \[0, 1\), got NaN/, () => new optim.Adam(ps(), { betas: [Number.NaN, 0.9] }));
  add('Adam: betas not a pair', 'ArgumentError', /Adam: betas must be a pair \[beta1, beta2\], got a plain array of length 1/, () => new optim.Adam(ps(), { betas: [0.9] as never }));
  add('Adam: negative eps', 'ArgumentError', /Adam: eps must be >= 0, got -1e-8/, () => new optim.Adam(ps(), { eps: -1e-8 }));
  add('Adam: negative weightDecay', 'ArgumentError', /Adam: weightDecay must be >= 0, got -0.1/, () => new optim.Adam(ps(), { weightDecay: -0.1 }));
  add('AdamW: beta2 above 1', 'ArgumentError', /AdamW: betas\[1\] must be in \[0, 1\), got 1.5/, () => new optim.AdamW(ps(), { betas: [0.9, 1.5] }));
  add('AdamW: negative weightDecay', 'ArgumentError', /AdamW: weightDecay must be >= 0, got -0.01/, () => new optim.AdamW(ps(), { weightDecay: -0.01 }));
  add('AdamW: options a number', 'ArgumentError', /AdamW: options must be an object, got number 0.1/, () => new optim.AdamW(ps(), 0.1 as never));
  add('clipGradNorm: negative maxNorm', 'ArgumentError', /clipGradNorm: maxNorm must be >= 0, got -1/, () => optim.clipGradNorm(ps(), -1));
  add('clipGradNorm: NaN maxNorm', 'ArgumentError', /clipGradNorm: maxNorm must be >= 0, got NaN/, () => optim.clipGradNorm(ps(), Number.NaN));
  add('clipGradNorm: no gradients', 'ArgumentError', /no parameter has a gradient \(call backward\(\) first\)/, () => optim.clipGradNorm(ps(), 1));
  add('clipGradNorm: params a number', 'ArgumentError', /clipGradNorm: params must be an iterable of tensors, got number 5/, () => optim.clipGradNorm(5 as never, 1));
  add('stepDecay: stepSize 0', 'ArgumentError', /stepDecay: stepSize must be an integer >= 1, got 0/, () => optim.stepDecay({ base: 0.1, stepSize: 0 }));
  add('stepDecay: negative gamma', 'ArgumentError', /stepDecay: gamma must be >= 0, got -0.5/, () => optim.stepDecay({ base: 0.1, stepSize: 2, gamma: -0.5 }));
  add('stepDecay: negative base', 'ArgumentError', /stepDecay: base must be >= 0, got -1/, () => optim.stepDecay({ base: -1, stepSize: 2 }));
  add('warmupCosine: negative peak', 'ArgumentError', /warmupCosine: peak must be >= 0, got -0.1/, () => optim.warmupCosine({ peak: -0.1, warmup: 2, total: 10 }));
  add('warmupCosine: total shorter than warmup', 'ArgumentError', /warmupCosine: total 5 is shorter than warmup 10/, () => optim.warmupCosine({ peak: 0.1, warmup: 10, total: 5 }));
  add('warmupLinear: fractional warmup', 'ArgumentError', /warmupLinear: warmup must be an integer >= 0, got 2.5/, () => optim.warmupLinear({ peak: 0.1, warmup: 2.5, total: 10 }));
  add('warmupLinear: min above peak', 'ArgumentError', /warmupLinear: min must be in \[0, 0.1\], got 0.5/, () => optim.warmupLinear({ peak: 0.1, warmup: 2, total: 10, min: 0.5 }));
  add('LRScheduler: schedule yields a negative lr', 'ArgumentError', /LRScheduler: schedule\(0\) must be >= 0, got -1/, () => new optim.LRScheduler(new optim.SGD(ps(), { lr: 0.1 }), () => -1));
  add('LRScheduler: schedule not a function', 'ArgumentError', /LRScheduler: schedule must be a function step -> lr, got number 0.1/, () => new optim.LRScheduler(new optim.SGD(ps(), { lr: 0.1 }), 0.1 as never));
  add('LRScheduler: optimizer a plain object', 'ArgumentError', /LRScheduler: optimizer must be an Optimizer, got a plain object/, () => new optim.LRScheduler({ lr: 1 } as never, () => 0.1));
  // scheduled sampling (train/)
  add('linearDecay: steps 0', 'ArgumentError', /linearDecay: steps must be > 0, got 0/, () => sg.train.linearDecay({ steps: 0 }));
  add('linearDecay: start above 1', 'ArgumentError', /start must be in \[0, 1\], got 2/, () => sg.train.linearDecay({ steps: 10, start: 2 }));
  add('exponentialDecay: k = 1', 'ArgumentError', /exponentialDecay: k must be in \(0, 1\), got 1/, () => sg.train.exponentialDecay({ k: 1 }));
  add('inverseSigmoidDecay: k below 1', 'ArgumentError', /inverseSigmoidDecay: k must be a finite number >= 1, got 0.5/, () => sg.train.inverseSigmoidDecay({ k: 0.5 }));
  add('teacher forcing schedule: negative step', 'ArgumentError', /step must be a finite number >= 0, got -1/, () => sg.train.linearDecay({ steps: 10 })(-1));
  add('teacherForcingSchedule: unknown kind', 'ArgumentError', /teacherForcingSchedule: unknown kind 'cubic'/, () => sg.train.teacherForcingSchedule('cubic' as never));
  return cases;
};
