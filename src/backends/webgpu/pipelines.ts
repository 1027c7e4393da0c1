// Shader modules and compute pipelines: an async cache keyed by kernel and override constants,
// explicit bind-group layouts (storage bindings in order, then one uniform block), labels on every
// object, and WGSL compile errors rethrown with file, line and the offending source line.
import numericsWgsl from '../../../shaders/common/numerics.wgsl?raw';
import indexWgsl from '../../../shaders/common/index.wgsl?raw';
import rnnStepsWgsl from '../../../shaders/common/rnn-steps.wgsl?raw';
import rnnTiledWgsl from '../../../shaders/common/rnn-tiled.wgsl?raw';
import rnnCellsWgsl from '../../../shaders/common/rnn-cells.wgsl?raw';
import rnnCellGradsWgsl from '../../../shaders/common/rnn-cell-grads.wgsl?raw';
import binaryOpsWgsl from '../../../shaders/common/binary-ops.wgsl?raw';
import streamStepCommonWgsl from '../../../shaders/common/stream-step.wgsl?raw';
import streamKsplitWgsl from '../../../shaders/common/stream-ksplit.wgsl?raw';
import f16Wgsl from '../../../shaders/common/f16.wgsl?raw';
import { ShaderStage } from './flags.ts';

const COMMON: Record<string, string> = {
  'common/numerics.wgsl': numericsWgsl,
  'common/index.wgsl': indexWgsl,
  'common/rnn-steps.wgsl': rnnStepsWgsl,
  'common/rnn-tiled.wgsl': rnnTiledWgsl,
  'common/rnn-cells.wgsl': rnnCellsWgsl,
  'common/rnn-cell-grads.wgsl': rnnCellGradsWgsl,
  'common/binary-ops.wgsl': binaryOpsWgsl,
  'common/stream-step.wgsl': streamStepCommonWgsl,
  'common/stream-ksplit.wgsl': streamKsplitWgsl,
  'common/f16.wgsl': f16Wgsl,
};

/** A kernel: its WGSL, entry point, and which storage bindings it reads or writes. */
export interface KernelSpec {
  /** Unique name, also the label prefix, e.g. 'matmul/tiled'. */
  name: string;
  code: string;
  entryPoint?: string;
  /** Access of bindings 0..n-1; binding n is the uniform block when `uniform` is true. */
  bindings: ('read' | 'write')[];
  uniform: boolean;
}

/** The one preprocessing step: `#include "common/x.wgsl"` lines are replaced by that file. */
export function preprocess(code: string): string {
  return code.replace(/^#include "([^"]+)"\s*$/gm, (_, path: string) => {
    const src = COMMON[path];
    if (src === undefined) throw new Error(`WGSL: unknown include "${path}"`);
    return src;
  });
}

export class PipelineCache {
  private modules = new Map<string, Promise<GPUShaderModule>>();
  private pipelines = new Map<string, Promise<GPUComputePipeline>>();
  private layouts = new Map<string, GPUBindGroupLayout>();
  /** Pipelines already compiled, for synchronous lookup while encoding. */
  readonly ready = new Map<string, GPUComputePipeline>();
  /** Pipelines getSync had to compile before the async ones were ready (bounded like `ready`: one per key). */
  private madeSync = new Map<string, GPUComputePipeline>();

  constructor(private device: GPUDevice) {}

  get size(): number {
    return this.ready.size;
  }

  static key(spec: KernelSpec, constants: Record<string, number>): string {
    const c = Object.keys(constants).sort().map((k) => `${k}=${constants[k]}`).join(',');
    return `${spec.name}:${spec.entryPoint ?? 'main'}{${c}}`;
  }

  layout(spec: KernelSpec): GPUBindGroupLayout {
    const key = spec.bindings.join(',') + (spec.uniform ? ',u' : '');
    let layout = this.layouts.get(key);
    if (!layout) {
      const entries: GPUBindGroupLayoutEntry[] = spec.bindings.map((access, binding) => ({
        binding,
        visibility: ShaderStage.COMPUTE,
        buffer: { type: access === 'read' ? 'read-only-storage' : 'storage' },
      }));
      if (spec.uniform) entries.push({ binding: spec.bindings.length, visibility: ShaderStage.COMPUTE, buffer: { type: 'uniform' } });
      layout = this.device.createBindGroupLayout({ label: `seqgpu.layout(${key})`, entries });
      this.layouts.set(key, layout);
    }
    return layout;
  }

  private module(spec: KernelSpec): Promise<GPUShaderModule> {
    let p = this.modules.get(spec.name);
    if (!p) {
      p = (async () => {
        const code = preprocess(spec.code);
        const module = this.device.createShaderModule({ label: `seqgpu.${spec.name}.wgsl`, code });
        const info = await module.getCompilationInfo();
        const errors = info.messages.filter((m) => m.type === 'error');
        if (errors.length) {
          const lines = code.split('\n');
          const detail = errors
            .map((m) => `  ${spec.name}.wgsl:${m.lineNum}:${m.linePos}: ${m.message}\n    ${lines[m.lineNum - 1]?.trim() ?? ''}`)
            .join('\n');
          throw new Error(`WGSL compile error in kernel '${spec.name}' (line numbers after #include expansion):\n${detail}`);
        }
        return module;
      })();
      this.modules.set(spec.name, p);
      p.catch(() => this.modules.delete(spec.name));
    }
    return p;
  }

  /**
   * The pipeline now, compiled synchronously if the async one is not ready (used by the automatic submit of a loop
   * that never yields, where the async compile could not finish). A WGSL error then surfaces as an uncaptured
   * validation error; the async path (get) still gives the detailed message.
   */
  getSync(spec: KernelSpec, constants: Record<string, number>): GPUComputePipeline {
    const key = PipelineCache.key(spec, constants);
    let p = this.ready.get(key) ?? this.madeSync.get(key);
    if (!p) {
      const module = this.device.createShaderModule({ label: `seqgpu.${spec.name}.wgsl`, code: preprocess(spec.code) });
      p = this.device.createComputePipeline({
        label: `seqgpu.${key}`,
        layout: this.device.createPipelineLayout({ label: `seqgpu.${spec.name}.layout`, bindGroupLayouts: [this.layout(spec)] }),
        compute: { module, entryPoint: spec.entryPoint ?? 'main', constants },
      });
      this.madeSync.set(key, p);
    }
    return p;
  }

  /** Compiles (once) and returns the pipeline for a kernel specialised by override constants. */
  get(spec: KernelSpec, constants: Record<string, number>): Promise<GPUComputePipeline> {
    const key = PipelineCache.key(spec, constants);
    let p = this.pipelines.get(key);
    if (!p) {
      p = (async () => {
        const module = await this.module(spec);
        const pipeline = await this.device.createComputePipelineAsync({
          label: `seqgpu.${key}`,
          layout: this.device.createPipelineLayout({ label: `seqgpu.${spec.name}.layout`, bindGroupLayouts: [this.layout(spec)] }),
          compute: { module, entryPoint: spec.entryPoint ?? 'main', constants },
        });
        this.ready.set(key, pipeline);
        return pipeline;
      })();
      this.pipelines.set(key, p);
      p.catch(() => this.pipelines.delete(key));
    }
    return p;
  }
}
