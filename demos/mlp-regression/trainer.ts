// The model side of the MLP regression demo, no DOM: a noisy sine, an MLP (1 -> H -> H -> 1, tanh), Adam, and
// full-batch steps. Each step is built in a synchronous scope so its intermediates are freed when it returns and
// GPU memory stays flat however long the demo trains; only the loss value is read back.
import type { Device, Tensor } from '../../src/index.ts';
import * as sg from '../../src/index.ts';

export interface SineConfig {
  hidden: number;
  lr: number;
  trainPoints: number;
  valPoints: number;
  noise: number;
  seed: number;
}

export const DEFAULT_CONFIG: SineConfig = { hidden: 32, lr: 0.01, trainPoints: 256, valPoints: 96, noise: 0.15, seed: 7 };

/** y = sin(1.5 x) on [-3, 3]: two and a bit periods, enough to need both hidden layers. */
export const target = (x: number): number => Math.sin(1.5 * x);

export interface SineData {
  /** Training inputs sorted ascending (so the fit plot can draw them as a curve), and their noisy targets. */
  x: Float32Array;
  y: Float32Array;
  xVal: Float32Array;
  yVal: Float32Array;
}

export function makeData(cfg: SineConfig): SineData {
  const g = new sg.Generator(cfg.seed);
  const draw = (n: number): [Float32Array, Float32Array] => {
    const x = Float32Array.from({ length: n }, () => g.uniform(-3, 3)).sort();
    const y = x.map((v) => target(v) + cfg.noise * g.normal());
    return [x, y];
  };
  const [x, y] = draw(cfg.trainPoints);
  const [xVal, yVal] = draw(cfg.valPoints);
  return { x, y, xVal, yVal };
}

export class SineTrainer {
  readonly model: sg.nn.Sequential;
  readonly data: SineData;
  private readonly opt: sg.optim.Adam;
  private readonly tensors: Tensor[];
  private readonly xT: Tensor;
  private readonly yT: Tensor;
  private readonly xV: Tensor;
  private readonly yV: Tensor;
  steps = 0;

  constructor(readonly device: Device, readonly cfg: SineConfig = DEFAULT_CONFIG) {
    this.data = makeData(cfg);
    const generator = new sg.Generator(cfg.seed + 1);
    const h = cfg.hidden;
    this.model = new sg.nn.Sequential(
      new sg.nn.Linear(1, h, { device, generator }),
      new sg.nn.Tanh(),
      new sg.nn.Linear(h, h, { device, generator }),
      new sg.nn.Tanh(),
      new sg.nn.Linear(h, 1, { device, generator }),
    );
    this.opt = new sg.optim.Adam(this.model.parameters(), { lr: cfg.lr });
    const col = (a: Float32Array): Tensor => sg.keep(sg.tensor(a, [a.length, 1], { device }));
    this.xT = col(this.data.x);
    this.yT = col(this.data.y);
    this.xV = col(this.data.xVal);
    this.yV = col(this.data.yVal);
    this.tensors = [this.xT, this.yT, this.xV, this.yV];
  }

  /** One full-batch Adam step; returns the loss tensor (the caller reads and disposes it). */
  step(): Tensor {
    this.opt.zeroGrad();
    const loss = sg.scope(() => {
      const loss = sg.mseLoss(this.model.forward(this.xT), this.yT);
      loss.backward();
      this.opt.step();
      return loss;
    });
    this.steps++;
    return loss;
  }

  /** Validation MSE, without recording a tape. */
  async valLoss(): Promise<number> {
    const loss = sg.noGrad(() => sg.scope(() => sg.mseLoss(this.model.forward(this.xV), this.yV)));
    try {
      return await loss.item();
    } finally {
      loss.dispose();
    }
  }

  /** The model's prediction at the (sorted) training inputs. */
  async predict(): Promise<Float32Array> {
    const y = sg.noGrad(() => sg.scope(() => this.model.forward(this.xT)));
    try {
      return Float32Array.from(await y.data());
    } finally {
      y.dispose();
    }
  }

  dispose(): void {
    this.opt.zeroGrad();
    for (const p of this.model.parameters()) p.dispose();
    for (const t of this.tensors) t.dispose();
  }
}
