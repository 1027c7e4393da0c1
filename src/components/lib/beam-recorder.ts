// Records what decode.beamSearch explores, for <beam-search-tree>: wrap the step callback, run the search, then
// finish() with its result. Each call of the step callback receives the live prefixes (the beams that survived the
// previous step), so the recorder sees, step by step, which candidates were kept and which were pruned, without
// any change to the search itself. It reads the callback's log-probabilities once and hands them on as plain rows
// (a Tensor result is not read twice).
import type { BeamHypothesis, BeamStepFn } from '../../decode/beam-search.ts';
import { readRows, splitStepOutput } from '../../decode/step-output.ts';

export type BeamNodeStatus = 'kept' | 'pruned' | 'finished';

export interface BeamNode {
  /** Tokens from the root (BOS excluded), joined with ',' (the root is ''). */
  id: string;
  parent: string | null;
  depth: number;
  tokens: number[];
  /** The token this node added (-1 for the root). */
  token: number;
  /** log P(token | parent prefix). */
  stepLogProb: number;
  /** Cumulative log-probability of the prefix: higher is better. */
  logProb: number;
  /** kept: extended at the next step; pruned: dropped; finished: returned by the search. */
  status: BeamNodeStatus;
  /** On the best returned hypothesis's path. */
  best: boolean;
}

export interface BeamTree {
  nodes: BeamNode[];
  /** Steps recorded so far. */
  steps: number;
  beamWidth: number | null;
}

export interface BeamRecorderOptions {
  /** Candidates shown under each beam (the top ones by log-probability; default 3). Kept ones always fit when
   *  this is at least the beam width. */
  candidatesPerBeam?: number;
  /** The search's bosToken, stripped from prefixes. */
  bosToken?: number;
  /** Log-softmax the rows first (when the search runs with normalize: true). */
  normalize?: boolean;
  /** Called after every step with a snapshot (for live views). */
  onStep?: (tree: BeamTree) => void;
  beamWidth?: number;
}

export class BeamTreeRecorder {
  private readonly nodes = new Map<string, BeamNode>();
  private steps = 0;

  constructor(private readonly options: BeamRecorderOptions = {}) {
    this.nodes.set('', { id: '', parent: null, depth: 0, tokens: [], token: -1, stepLogProb: 0, logProb: 0, status: 'kept', best: false });
  }

  /** A step callback that records and forwards to `step`. */
  wrap(step: BeamStepFn): BeamStepFn {
    return async (prefixes, context) => {
      const bos = this.options.bosToken;
      const rowsTokens = prefixes.map((p) => (bos !== undefined && p[0] === bos ? p.slice(1) : p));
      const parents = rowsTokens.map((toks) => {
        const node = this.nodes.get(toks.join(','));
        if (node) node.status = 'kept';
        return node;
      });
      const out = splitStepOutput(await step(prefixes, context));
      const lp = await readRows('beam-search-tree', `step ${context.step} log-probabilities`, out.logProbs, prefixes.length);
      const V = lp.cols;
      const data = Float64Array.from(lp.data);
      if (this.options.normalize) {
        for (let r = 0; r < prefixes.length; r++) {
          let m = -Infinity;
          for (let v = 0; v < V; v++) m = Math.max(m, data[r * V + v]);
          let s = 0;
          for (let v = 0; v < V; v++) s += Math.exp(data[r * V + v] - m);
          for (let v = 0; v < V; v++) data[r * V + v] -= m + Math.log(s);
        }
      }
      const M = this.options.candidatesPerBeam ?? 3;
      rowsTokens.forEach((toks, r) => {
        const parent = parents[r];
        const base = parent?.logProb ?? 0;
        const order = Array.from({ length: V }, (_, v) => v).sort((a, b) => data[r * V + b] - data[r * V + a] || a - b);
        for (const v of order.slice(0, M)) {
          const tokens = [...toks, v];
          const id = tokens.join(',');
          if (this.nodes.has(id)) continue;
          const l = data[r * V + v];
          this.nodes.set(id, { id, parent: toks.join(','), depth: tokens.length, tokens, token: v, stepLogProb: l, logProb: base + l, status: 'pruned', best: false });
        }
      });
      this.steps = context.step + 1;
      this.options.onStep?.(this.tree);
      const rows = { data: lp.data, shape: [prefixes.length, V] };
      return out.attention ? { logProbs: rows, attention: out.attention } : rows;
    };
  }

  /** Marks the returned hypotheses (and the best one's path) and returns the tree. */
  finish(result: readonly BeamHypothesis[]): BeamTree {
    result.forEach((h, i) => {
      const node = this.nodes.get(h.tokens.join(','));
      if (!node) return;
      node.status = 'finished';
      if (i === 0) {
        for (let n: BeamNode | undefined = node; n; n = n.parent === null ? undefined : this.nodes.get(n.parent)) n.best = true;
      }
    });
    const tree = this.tree;
    this.options.onStep?.(tree);
    return tree;
  }

  /** A snapshot of the tree so far (nodes copied, so later steps do not change it). */
  get tree(): BeamTree {
    return { nodes: [...this.nodes.values()].map((n) => ({ ...n, tokens: [...n.tokens] })), steps: this.steps, beamWidth: this.options.beamWidth ?? null };
  }
}
