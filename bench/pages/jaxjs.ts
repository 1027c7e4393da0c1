// jax-js (@jax-js/jax, devDependency, benchmarks only), the second peer beside TF.js (./tfjs.ts): its 'webgpu'
// and 'wasm' devices. jax-js has no RNN layer and no lax.scan (0.1.25), so the LSTM and GRU are written here by
// hand with PyTorch's maths (gate order i,f,g,o; GRU reset-after with b_ih and b_hh), the time loop unrolled
// inside one jit, and Adam (PyTorch's update: betas 0.9/0.999, eps 1e-8 added to sqrt(v)/sqrt(bc2)) in the same
// jit as forward + MSE + grad: one compiled program per training step.
// Ownership follows jax-js's rule: every call consumes its Array arguments; `.ref` where a value is used again.
// Imported after ./common.ts so the dispatch counter sees jax-js's dispatches too.
import './common.ts';
import jaxPackage from '../../node_modules/@jax-js/jax/package.json';
import { defaultDevice, init, jit, nn, numpy as np, tree, valueAndGrad } from '@jax-js/jax';

export type JaxDevice = 'webgpu' | 'wasm';
type Arr = np.Array;

let started: Promise<string[]> | null = null;
/** Starts jax-js's webgpu and wasm backends once; returns the ones that came up. */
export async function jaxDevices(): Promise<JaxDevice[]> {
  started ??= init('webgpu', 'wasm');
  return (await started).filter((d): d is JaxDevice => d === 'webgpu' || d === 'wasm');
}

/** PyTorch state_dict layout of one layer: weight_ih [G·H, I], weight_hh [G·H, H], bias_ih, bias_hh [G·H]. */
export type RnnParams = { wih: Arr; whh: Arr; bih: Arr; bhh: Arr };
export type CellKind = 'LSTM' | 'GRU';

/** x [R, K] @ w^T for w [G, K] (PyTorch's Linear layout). */
const linT = (x: Arr, w: Arr): Arr => np.matmul(x, np.transpose(w));

/** LSTM over x [T, N, I] from zero state -> outputs [T, N, H]. i,f,g,o; c' = f c + i g; h' = o tanh(c'). */
function lstmForward(p: RnnParams, x: Arr, H: number): Arr {
  const [T, N, I] = x.shape as [number, number, number];
  const xp = linT(x.reshape([T * N, I]), p.wih).add(p.bih.add(p.bhh)).reshape([T, N, 4 * H]);
  const whhT = np.transpose(p.whh);
  let h = np.zeros([N, H]);
  let c = np.zeros([N, H]);
  const outs: Arr[] = [];
  for (let t = 0; t < T; t++) {
    const g = xp.ref.slice(t).add(np.matmul(h, whhT.ref)); // [N, 4H]
    const i = nn.sigmoid(g.ref.slice([], [0, H]));
    const f = nn.sigmoid(g.ref.slice([], [H, 2 * H]));
    const gg = np.tanh(g.ref.slice([], [2 * H, 3 * H]));
    const o = nn.sigmoid(g.slice([], [3 * H, 4 * H]));
    c = f.mul(c).add(i.mul(gg));
    h = o.mul(np.tanh(c.ref));
    outs.push(h.ref);
  }
  xp.dispose();
  whhT.dispose();
  h.dispose();
  c.dispose();
  return np.stack(outs);
}

/** GRU (PyTorch, reset-after) over x [T, N, I] -> [T, N, H]. r,z,n; n = tanh(x_n + r (W_hn h + b_hn)); h' = n + z (h - n). */
function gruForward(p: RnnParams, x: Arr, H: number): Arr {
  const [T, N, I] = x.shape as [number, number, number];
  const xp = linT(x.reshape([T * N, I]), p.wih).add(p.bih).reshape([T, N, 3 * H]);
  const whhT = np.transpose(p.whh);
  let h = np.zeros([N, H]);
  const outs: Arr[] = [];
  for (let t = 0; t < T; t++) {
    const gx = xp.ref.slice(t); // [N, 3H]
    const gh = np.matmul(h.ref, whhT.ref).add(p.bhh.ref); // [N, 3H]
    const r = nn.sigmoid(gx.ref.slice([], [0, H]).add(gh.ref.slice([], [0, H])));
    const z = nn.sigmoid(gx.ref.slice([], [H, 2 * H]).add(gh.ref.slice([], [H, 2 * H])));
    const n = np.tanh(gx.slice([], [2 * H, 3 * H]).add(r.mul(gh.slice([], [2 * H, 3 * H]))));
    h = z.mul(h.sub(n.ref)).add(n);
    outs.push(h.ref);
  }
  xp.dispose();
  whhT.dispose();
  h.dispose();
  p.bhh.dispose();
  return np.stack(outs);
}

const forward = (cell: CellKind, p: RnnParams, x: Arr, H: number): Arr => (cell === 'LSTM' ? lstmForward(p, x, H) : gruForward(p, x, H));
const mse = (out: Arr, y: Arr): Arr => np.mean(np.square(out.sub(y)));

const B1 = 0.9;
const B2 = 0.999;
const EPS = 1e-8;
const KEYS = ['wih', 'whh', 'bih', 'bhh'] as const;

/**
 * One model on one jax-js device: parameters, Adam moments, x [T, N, I] and target y [T, N, H] resident there.
 * train() = forward + MSE + grad + Adam in one jitted program, resolving when the loss is on the host;
 * infer() = jitted forward, output read back.
 */
export class JaxRnn {
  private p: RnnParams;
  private m: RnnParams;
  private v: RnnParams;
  private readonly x: Arr;
  private readonly y: Arr;
  private t = 0;
  private readonly stepFn;
  private readonly inferFn;

  constructor(
    readonly device: JaxDevice,
    readonly cell: CellKind,
    readonly H: number,
    weights: { weight_ih_l0: Float32Array; weight_hh_l0: Float32Array; bias_ih_l0: Float32Array; bias_hh_l0: Float32Array },
    xs: Float32Array,
    xShape: [number, number, number],
    ys: Float32Array,
    readonly lr = 1e-3,
  ) {
    defaultDevice(device);
    const G = (cell === 'LSTM' ? 4 : 3) * H;
    const I = xShape[2];
    const arr = (v: Float32Array, shape: number[]): Arr => np.array(v, { shape, device });
    this.p = { wih: arr(weights.weight_ih_l0, [G, I]), whh: arr(weights.weight_hh_l0, [G, H]), bih: arr(weights.bias_ih_l0, [G]), bhh: arr(weights.bias_hh_l0, [G]) };
    const zeros = (): RnnParams => ({ wih: np.zeros([G, I], { device }), whh: np.zeros([G, H], { device }), bih: np.zeros([G], { device }), bhh: np.zeros([G], { device }) });
    this.m = zeros();
    this.v = zeros();
    this.x = arr(xs, xShape);
    this.y = arr(ys, [xShape[0], xShape[1], H]);
    const lossOf = (p: RnnParams, x: Arr, y: Arr): Arr => mse(forward(cell, p, x, H), y);
    // c1 = lr / (1 - b1^t), c2 = 1 / sqrt(1 - b2^t): PyTorch's Adam, p -= c1 m / (sqrt(v) c2 + eps).
    this.stepFn = jit((p: RnnParams, m: RnnParams, v: RnnParams, x: Arr, y: Arr, c1: Arr, c2: Arr) => {
      const [loss, g] = valueAndGrad(lossOf)(tree.ref(p), x, y) as [Arr, RnnParams];
      const np_ = {} as RnnParams;
      const nm = {} as RnnParams;
      const nv = {} as RnnParams;
      for (const k of KEYS) {
        nm[k] = m[k].mul(B1).add(g[k].ref.mul(1 - B1));
        nv[k] = v[k].mul(B2).add(np.square(g[k]).mul(1 - B2));
        np_[k] = p[k].sub(nm[k].ref.mul(c1.ref).div(np.sqrt(nv[k].ref).mul(c2.ref).add(EPS)));
      }
      c1.dispose();
      c2.dispose();
      return { loss, p: np_, m: nm, v: nv };
    });
    this.inferFn = jit((p: RnnParams, x: Arr) => forward(cell, p, x, H));
  }

  /** One training step; resolves with the loss (computed before the update, as PyTorch's loss.item()). */
  async train(): Promise<number> {
    defaultDevice(this.device);
    this.t++;
    const c1 = np.array(this.lr / (1 - B1 ** this.t), { device: this.device });
    const c2 = np.array(1 / Math.sqrt(1 - B2 ** this.t), { device: this.device });
    const r = this.stepFn(this.p, this.m, this.v, this.x.ref, this.y.ref, c1, c2) as { loss: Arr; p: RnnParams; m: RnnParams; v: RnnParams };
    this.p = r.p;
    this.m = r.m;
    this.v = r.v;
    const l = (await r.loss.data())[0]!;
    return l;
  }

  async infer(): Promise<Float32Array> {
    defaultDevice(this.device);
    const out = this.inferFn(tree.ref(this.p), this.x.ref) as Arr;
    return (await out.data()) as Float32Array;
  }

  dispose(): void {
    tree.dispose([this.p, this.m, this.v, this.x, this.y]);
    this.stepFn.dispose();
    this.inferFn.dispose();
  }
}

/** A resident [M, K] x [K, N] product on one device; run() resolves when the product is computed (not read back). */
export class JaxMatmul {
  private readonly a: Arr;
  private readonly b: Arr;
  constructor(
    readonly device: JaxDevice,
    a: Float32Array,
    b: Float32Array,
    M: number,
    K: number,
    N: number,
  ) {
    this.a = np.array(a, { shape: [M, K], device });
    this.b = np.array(b, { shape: [K, N], device });
  }
  async run(): Promise<void> {
    defaultDevice(this.device);
    const c = np.matmul(this.a.ref, this.b.ref);
    await c.blockUntilReady();
    c.dispose();
  }
  async value(): Promise<Float32Array> {
    defaultDevice(this.device);
    return (await np.matmul(this.a.ref, this.b.ref).data()) as Float32Array;
  }
  dispose(): void {
    this.a.dispose();
    this.b.dispose();
  }
}

export const JAX_VERSION: string = jaxPackage.version;
