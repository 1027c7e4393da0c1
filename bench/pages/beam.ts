// Beam suite (issue #5, "Benchmark"): beam-search decoding throughput of an nn.Seq2Seq (LSTM, hidden 128,
// Luong attention) at beam 1, 5 and 10 on WebGPU and on the CPU backend, and GPU dispatches per decoded step.
// No peer: tfjs has no seq2seq beam search to compare with.
import { defineSuite, fmt, timeInterleaved, type Measured, type SuiteContext, type TimeOptions } from './common.ts';
import * as sg from '../../src/index.ts';

const H = 128;
const V = 1000;
const SRC_LEN = 20;
const MAX_LEN = 30;
const BOS = 1;
const EOS = 2;
const BEAMS = [1, 5, 10] as const;
type Config = { name: string; beam: number | 'greedy' };
const CONFIGS: readonly Config[] = [{ name: 'greedy', beam: 'greedy' }, ...BEAMS.map((k) => ({ name: `beam ${k}`, beam: k }))];

function timeOptions(quick: boolean): TimeOptions {
  if (quick) return { warmup: 0, iters: 1, minIters: 1, budgetMs: 0, minSampleMs: 0 };
  return { warmup: 1, iters: 7, minIters: 3, budgetMs: 4000, minSampleMs: 0 };
}

interface Model {
  device: sg.Device;
  model: sg.nn.Seq2Seq;
  /** model.step calls so far: one per decoding step, each extending every live beam by one token. */
  steps(): number;
}

/**
 * An untrained model with the same weights on either device, and EOS's output bias at -1e4 so that no hypothesis
 * ends early: every search runs exactly MAX_LEN steps and the throughput counts the same work everywhere.
 */
async function makeModel(device: sg.Device): Promise<Model> {
  const model = new sg.nn.Seq2Seq({
    srcVocab: V, tgtVocab: V, hiddenSize: H, embedDim: H, cell: 'lstm', attention: 'luong-general',
    bosToken: BOS, eosToken: EOS, device, generator: new sg.Generator(11),
  });
  const bias = (await model.out.bias!.data()) as Float32Array;
  const b = Float32Array.from(bias);
  b[EOS] = -1e4;
  model.out.bias!.assign(sg.tensor(b, [V], { device }));
  let calls = 0;
  const step = model.step.bind(model);
  model.step = (...args: Parameters<typeof model.step>) => {
    calls++;
    return step(...args);
  };
  return { device, model, steps: () => calls };
}

/** One decode of the fixed source; returns the best hypothesis' tokens. */
async function decode(m: Model, cfg: Config, src: number[]): Promise<number[]> {
  if (cfg.beam === 'greedy') return (await m.model.greedy([src], { maxLength: MAX_LEN }))[0]!;
  const hyps = await m.model.beamSearch(src, { beamWidth: cfg.beam, maxLength: MAX_LEN });
  return hyps[0]!.tokens;
}

interface Row {
  engine: 'webgpu' | 'cpu';
  cfg: Config;
  t: Measured;
  stepsPerCall: number;
  dispatchesPerStep: number | null;
  best: number[];
}

defineSuite(
  {
    name: 'beam',
    title: 'Seq2Seq beam-search decoding throughput',
    description:
      `An untrained nn.Seq2Seq (LSTM encoder and decoder, hidden ${H}, embedding ${H}, Luong 'general' attention, ` +
      `vocabulary ${V} on both sides), one source sentence of ${SRC_LEN} tokens, decoded to exactly ${MAX_LEN} tokens ` +
      `(EOS's output bias is set to -1e4 so no hypothesis ends early and every engine does the same work). ` +
      '`model.beamSearch(src, { beamWidth, maxLength })` — the on-device path: the k beams run as one batch, the top ' +
      '2k candidates are picked on the device by ONE `topk` dispatch over the k·V cumulative log-probabilities ' +
      '(nn/seq2seq-decode.ts; iterated argmax only past topk\'s largest k, 64, i.e. widths above 32), and 2k ids and ' +
      'scores are read back per step — and ' +
      '`model.greedy([src])` as the beam-1 baseline. A call includes encoding the source. **tokens/s** = decoded ' +
      'positions of the output per second (steps × 1, what a user waits for); **beam tokens/s** = steps × beam width ' +
      '(hypothesis tokens scored). Dispatches per step = `dispatchWorkgroups` calls per call / decoding steps per call ' +
      '(the encoder is amortised in). Median of repeated calls; configurations interleaved.',
  },
  async (ctx) => {
    const rows: Row[] = [];
    const src = Array.from({ length: SRC_LEN }, (_, i) => 3 + ((i * 37) % (V - 3)));
    const engines: ('webgpu' | 'cpu')[] = ctx.adapter ? ['webgpu', 'cpu'] : ['cpu'];
    const bests = new Map<string, number[]>();
    for (const engine of engines) {
      const m = await makeModel(await sg.init(engine));
      // One untimed decode per configuration: pipelines compile, and the result is compared across engines.
      for (const cfg of CONFIGS) bests.set(`${engine} ${cfg.name}`, await decode(m, cfg, src));
      ctx.log(`${engine}: timing ${CONFIGS.map((c) => c.name).join(', ')}`);
      const counts = new Map<string, { steps: number; calls: number }>();
      const timed = await timeInterleaved(
        CONFIGS.map((cfg) => ({
          name: cfg.name,
          fn: async () => {
            const s0 = m.steps();
            await decode(m, cfg, src);
            const c = counts.get(cfg.name) ?? { steps: 0, calls: 0 };
            c.steps += m.steps() - s0;
            c.calls++;
            counts.set(cfg.name, c);
          },
        })),
        timeOptions(ctx.quick),
      );
      for (const cfg of CONFIGS) {
        const t = timed.get(cfg.name)!;
        const c = counts.get(cfg.name)!;
        const stepsPerCall = c.steps / c.calls;
        const row: Row = {
          engine,
          cfg,
          t,
          stepsPerCall,
          dispatchesPerStep: engine === 'webgpu' ? t.dispatchesPerCall / stepsPerCall : null,
          best: bests.get(`${engine} ${cfg.name}`)!,
        };
        rows.push(row);
        ctx.record({
          engine, config: cfg.name, beam: cfg.beam, medianMs: t.medianMs, minMs: t.minMs, stepsPerCall,
          dispatchesPerCall: engine === 'webgpu' ? t.dispatchesPerCall : null, samplesMs: t.samples.map((v) => +v.toPrecision(4)),
        });
        ctx.log(`${engine} ${cfg.name}: ${fmt(t.medianMs)} ms per decode, ${fmt(stepsPerCall)} steps, ${row.dispatchesPerStep === null ? '–' : fmt(row.dispatchesPerStep)} dispatches per step`);
      }
      m.device.destroy();
    }
    report(ctx, rows, bests);
  },
);

function report(ctx: SuiteContext, rows: Row[], bests: Map<string, number[]>): void {
  const get = (engine: Row['engine'], name: string): Row | undefined => rows.find((r) => r.engine === engine && r.cfg.name === name);
  const tps = (r: Row | undefined): number | null => (r ? (r.stepsPerCall / r.t.medianMs) * 1000 : null);
  ctx.table({
    title: 'Decoding throughput',
    columns: ['decoder', 'WebGPU ms / decode', 'WebGPU tokens/s', 'WebGPU beam tokens/s', 'WebGPU dispatches / step', 'CPU ms / decode', 'CPU tokens/s', 'CPU beam tokens/s', 'WebGPU / CPU speed'],
    rows: CONFIGS.map((cfg) => {
      const g = get('webgpu', cfg.name);
      const c = get('cpu', cfg.name);
      const k = cfg.beam === 'greedy' ? 1 : cfg.beam;
      return [
        cfg.beam === 'greedy' ? 'greedy (batch 1)' : `beam search, width ${cfg.beam}`,
        g ? fmt(g.t.medianMs) : null,
        g ? fmt(tps(g)) : null,
        g ? fmt(tps(g)! * k) : null,
        g?.dispatchesPerStep != null ? fmt(g.dispatchesPerStep) : null,
        c ? fmt(c.t.medianMs) : null,
        c ? fmt(tps(c)) : null,
        c ? fmt(tps(c)! * k) : null,
        g && c ? `${fmt(c.t.medianMs / g.t.medianMs)}x` : null,
      ];
    }),
    notes: [
      `Every decode runs ${MAX_LEN} steps. On WebGPU each step reads back 2k ids and scores (one mapAsync round trip per ` +
        'step); the top-2k selection is one topk dispatch whatever the width (up to 32), so dispatches per step stay ' +
        'flat in the width.',
    ],
  });
  // Agreement: the same weights and source must give the same best hypothesis on both engines.
  for (const cfg of CONFIGS) {
    const g = bests.get(`webgpu ${cfg.name}`);
    const c = bests.get(`cpu ${cfg.name}`);
    if (g && c) {
      const same = g.length === c.length && g.every((v, i) => v === c[i]);
      const firstDiff = g.findIndex((v, i) => v !== c[i]);
      ctx.finding(
        same
          ? `${cfg.name}: WebGPU and CPU decode the same best hypothesis (${g.length} tokens).`
          : `${cfg.name}: WebGPU and CPU best hypotheses differ from token ${firstDiff} on (float32 near-ties between candidates can flip the pick in an untrained model).`,
      );
    }
  }
  const g1 = get('webgpu', 'beam 1');
  const g10 = get('webgpu', 'beam 10');
  if (g1 && g10) {
    ctx.finding(
      `WebGPU: width 10 decodes at ${fmt(tps(g10))} tokens/s (${fmt(tps(g10)! * 10)} beam tokens/s) against ${fmt(tps(g1))} at width 1: ` +
        `${fmt(g10.t.medianMs / g1.t.medianMs)}x the time for 10x the hypotheses; ${fmt(g10.dispatchesPerStep)} vs ${fmt(g1.dispatchesPerStep)} dispatches per step.`,
    );
  }
}
