// A small seedable generator (xoshiro128**) so runs repeat exactly on every backend: random
// tensors are drawn on the host and uploaded, so CPU and WebGPU see identical numbers.
export class Generator {
  private s = new Uint32Array(4);
  constructor(seed = 0) {
    this.seed(seed);
  }
  seed(seed: number): void {
    // splitmix32 to spread the seed over the state
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }
  /** Uniform in [0, 1) with 32 bits of randomness. */
  next(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result / 4294967296;
  }
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.next();
  }
  /** Standard normal by Box-Muller. */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

let globalGenerator = new Generator(0);

export function manualSeed(seed: number): void {
  globalGenerator = new Generator(seed);
}

export function defaultGenerator(): Generator {
  return globalGenerator;
}
