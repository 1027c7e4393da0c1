// Checkpoints: a model's weights, its optimizer's state and its LR scheduler's position in one safetensors file,
// so training resumes exactly where it stopped. Weights keep their PyTorch state_dict names (the file still loads
// as a model state dict); the optimizer's tensors go under `optimizer.state.<i>.<slot>`, and the scalars (steps,
// lr, scheduler position) into the safetensors metadata as exact decimal strings.
import type { Module } from '../nn/module.ts';
import type { Tensor } from '../tensor.ts';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.ts';
import { FormatError } from '../errors.ts';
import type { Optimizer } from './optimizer.ts';
import type { LRScheduler } from './schedule.ts';

export interface Checkpointed {
  model: Module;
  optimizer?: Optimizer;
  scheduler?: LRScheduler;
}

const OPT = 'optimizer.';
const META = 'seqgpu.';

/** Serialises the model's weights, the optimizer's state and the scheduler's position to safetensors bytes. */
export async function saveCheckpoint(what: Checkpointed, metadata: Record<string, string> = {}): Promise<Uint8Array> {
  const state: Record<string, Tensor> = { ...what.model.stateDict() };
  const meta: Record<string, string> = { ...metadata };
  if (what.optimizer) {
    const o = what.optimizer.stateDict();
    for (const [k, t] of Object.entries(o.tensors)) state[OPT + k] = t;
    for (const [k, v] of Object.entries(o.scalars)) meta[`${META}${OPT}${k}`] = String(v); // String(x) round-trips a double
  }
  if (what.scheduler) meta[`${META}scheduler.step`] = String(what.scheduler.stateDict().step);
  return saveSafetensors(state, meta);
}

/**
 * Loads a checkpoint written by saveCheckpoint into freshly built objects (same architecture, optimizer over
 * model.parameters() in the same order). Returns the file's other metadata.
 */
export function loadCheckpoint(bytes: Uint8Array | ArrayBuffer, into: Checkpointed): Record<string, string> {
  const loaded = loadSafetensors(bytes);
  const meta = readMetadata(bytes);
  const weights: Record<string, (typeof loaded)[string]> = {};
  const optTensors: Record<string, (typeof loaded)[string]> = {};
  for (const [k, v] of Object.entries(loaded)) {
    if (k.startsWith(OPT)) optTensors[k.slice(OPT.length)] = v;
    else weights[k] = v;
  }
  into.model.loadStateDict(weights);
  if (into.optimizer) {
    const num = (k: string): number => {
      const s = meta[`${META}${OPT}${k}`];
      if (s === undefined) throw new FormatError(`loadCheckpoint: the file has no optimizer state (metadata ${META}${OPT}${k} missing)`);
      return Number(s);
    };
    into.optimizer.loadStateDict({ tensors: optTensors, scalars: { step: num('step'), lr: num('lr') } });
  }
  if (into.scheduler) {
    const s = meta[`${META}scheduler.step`];
    if (s === undefined) throw new FormatError(`loadCheckpoint: the file has no scheduler position (metadata ${META}scheduler.step missing)`);
    into.scheduler.loadStateDict({ step: Number(s) });
  }
  return Object.fromEntries(Object.entries(meta).filter(([k]) => !k.startsWith(META)));
}

/** The safetensors header's __metadata__ (string -> string); loadSafetensors has already validated the header. */
function readMetadata(bytes: Uint8Array | ArrayBuffer): Record<string, string> {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const n = Number(new DataView(u8.buffer, u8.byteOffset, 8).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(u8.subarray(8, 8 + n))) as { __metadata__?: Record<string, string> };
  return header.__metadata__ ?? {};
}
