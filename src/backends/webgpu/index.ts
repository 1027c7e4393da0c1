// The WebGPU backend. Ops record commands (dispatches and copies) instead of encoding at once;
// flush() resolves their pipelines (compiled asynchronously, cached), encodes everything into one
// command encoder and submits once. Nothing waits for the GPU except read(), so a training step
// is one submission with no read-back. A loop that never reads still gets submitted: past
// autoSubmitCommands recorded commands (or 64 MiB of retired buffers and staged uploads) the backend flushes by itself.
// A lost device turns every later call into a DeviceError with the reason. Twins: backends/cpu/index.ts.
import type { Backend, DeviceStats, Storage } from '../../backend.ts';
import type { InitOptions } from '../../device.ts';
import type { DType, TypedArray } from '../../dtype.ts';
import type { KernelArgs, KernelName } from '../../kernels/index.ts';
import { negotiateDevice } from './adapter.ts';
import { BufferPool, GpuStorage } from './buffers.ts';
import { DeviceCache } from '../../device-cache.ts';
import { DeviceError } from '../../errors.ts';
import { type KernelSpec, PipelineCache } from './pipelines.ts';
import { webgpuKernels } from './kernels.ts';
import { BufferUsage, MapMode } from './flags.ts';

interface DispatchCommand {
  kind: 'dispatch';
  spec: KernelSpec;
  key: string;
  constants: Record<string, number>;
  pipeline: Promise<GPUComputePipeline>;
  buffers: GPUBuffer[];
  params: Uint32Array | null;
  groups: [number, number, number];
}
interface CopyCommand {
  kind: 'copy';
  src: GPUBuffer;
  dst: GPUBuffer;
  bytes: number;
}
/** An upload into a pooled buffer freed in this batch: staged at submit, copied in recording order (buffers.ts, rule 2). */
interface WriteCommand {
  kind: 'write';
  dst: GPUBuffer;
  data: Uint8Array;
}
type Command = DispatchCommand | CopyCommand | WriteCommand;

export interface DispatchRequest {
  constants?: Record<string, number>;
  /** Storages for bindings 0..n-1, in the spec's order. */
  storages: Storage[];
  params?: Uint32Array;
  groups: [number, number, number] | [number, number] | [number];
}

/** Recorded commands that trigger a submit by themselves: far above a normal step's, so a step stays one submit. */
export const AUTO_SUBMIT_COMMANDS = 512;
/** Bytes held for the pending work (retired buffers awaiting destruction, staged uploads) that trigger a submit. */
export const AUTO_SUBMIT_BYTES = 64 * 1024 * 1024;

export interface WebGpuBackendOptions {
  debug?: boolean;
  poolLimitBytes?: number;
  poolLimitBuffers?: number;
  autoSubmitCommands?: number;
}

export async function createWebGpuBackend(options: InitOptions): Promise<WebGpuBackend> {
  const n = await negotiateDevice(options);
  return new WebGpuBackend(n.device, n.description, n.features, options);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class WebGpuBackend implements Backend {
  readonly kind = 'webgpu' as const;
  readonly pipelines: PipelineCache;
  readonly pool: BufferPool;
  readonly limits: GPUSupportedLimits;
  readonly cache = new DeviceCache();
  readonly debug: boolean;
  private pending: Command[] = [];
  private pendingDispatches = 0;
  private pendingWriteBytes = 0;
  private chain: Promise<void> = Promise.resolve();
  /** Flushes still waiting on the chain (for pipelines): while any is, later flushes must queue behind it. */
  private asyncFlushes = 0;
  private counters = { dispatches: 0, submits: 0, autoSubmits: 0 };
  private lostMessage: string | null = null;
  /** Resolves once lostMessage is set (device.lost has been handled). */
  private readonly lost: Promise<void>;
  /** An error of earlier work nobody awaited (uncaptured validation error, failed automatic submit): reported once. */
  private deferred: string | null = null;
  private uniformAlign: number;
  private autoSubmitCommands: number;

  constructor(
    readonly device: GPUDevice,
    readonly description: string,
    readonly features: string[],
    options: WebGpuBackendOptions = {},
  ) {
    this.debug = options.debug ?? false;
    this.limits = device.limits;
    this.pipelines = new PipelineCache(device);
    this.pool = new BufferPool(
      device, Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize), options.poolLimitBytes, options.poolLimitBuffers,
    );
    this.uniformAlign = device.limits.minUniformBufferOffsetAlignment;
    this.autoSubmitCommands = Math.max(1, options.autoSubmitCommands ?? AUTO_SUBMIT_COMMANDS);
    this.lost = device.lost.then((info) => {
      this.lostMessage ??= `WebGPU device lost (${info.reason}): ${info.message || 'no message'}; every tensor on it is gone: call init('webgpu') again to get a new device`;
      this.pending = [];
      this.pendingDispatches = 0;
    });
    device.addEventListener('uncapturederror', (ev) => {
      this.deferred ??= `WebGPU error from earlier work: ${(ev as GPUUncapturedErrorEvent).error.message}`;
    });
  }

  checkAlive(): void {
    if (this.lostMessage) throw new DeviceError(this.lostMessage);
    if (this.deferred) {
      const msg = this.deferred;
      this.deferred = null; // reported once; the device itself is still usable after a validation error
      throw new DeviceError(msg);
    }
  }

  /** After a failed GPU call: if the device was lost meanwhile (device.lost settles a little later), say so. */
  private async explainFailure(e: unknown): Promise<never> {
    await Promise.race([this.lost, sleep(200)]);
    this.checkAlive();
    throw e;
  }

  /** Bounds the recorded-but-unsubmitted work of a loop that never reads back (see the file header). */
  private record(cmd: Command): void {
    this.pending.push(cmd);
    if (this.pending.length >= this.autoSubmitCommands || this.pool.retiredBytes + this.pendingWriteBytes >= AUTO_SUBMIT_BYTES) {
      this.counters.autoSubmits++;
      // Nobody awaits this flush: a failure (a shader that does not compile) is reported by the next call.
      this.flush(true).catch((e: unknown) => {
        this.deferred ??= `an automatic submit failed: ${e instanceof Error ? e.message : String(e)}`;
      });
    }
  }

  alloc(dtype: DType, size: number): Storage {
    this.checkAlive();
    return new GpuStorage(dtype, size, this.pool.acquire(size * 4));
  }

  upload(dtype: DType, data: TypedArray): Storage {
    this.checkAlive();
    const buffer = this.pool.acquireWithData(data, (dst, bytes) => {
      this.pendingWriteBytes += bytes.byteLength;
      this.record({ kind: 'write', dst, data: bytes });
    });
    return new GpuStorage(dtype, data.length, buffer);
  }

  free(storage: Storage): void {
    if (this.lostMessage) return;
    this.pool.release((storage as GpuStorage).buffer);
  }

  /** Records one compute dispatch; it runs at the next flush, in recording order. */
  dispatch(spec: KernelSpec, req: DispatchRequest): void {
    this.checkAlive();
    const constants = req.constants ?? {};
    const [x, y = 1, z = 1] = req.groups;
    if (x === 0 || y === 0 || z === 0) return;
    const max = this.limits.maxComputeWorkgroupsPerDimension;
    if (x > max || y > max || z > max) {
      throw new Error(`${spec.name}: dispatch of [${x}, ${y}, ${z}] workgroups exceeds the device limit of ${max} per dimension`);
    }
    if (req.storages.length !== spec.bindings.length) {
      throw new Error(`${spec.name}: expected ${spec.bindings.length} storage bindings, got ${req.storages.length}`);
    }
    this.pendingDispatches++;
    this.record({
      kind: 'dispatch', spec, key: PipelineCache.key(spec, constants), constants, pipeline: this.pipelines.get(spec, constants),
      buffers: req.storages.map((s) => (s as GpuStorage).buffer), params: req.params ?? null, groups: [x, y, z],
    });
  }

  copyBuffer(src: GPUBuffer, dst: GPUBuffer, bytes: number): void {
    this.checkAlive();
    if (bytes > 0) this.record({ kind: 'copy', src, dst, bytes });
  }

  run<K extends KernelName>(name: K, args: KernelArgs[K]): void {
    (webgpuKernels[name] as (b: WebGpuBackend, a: KernelArgs[K]) => void)(this, args);
  }

  /**
   * Submits everything recorded. When no earlier flush is still waiting and every pipeline is compiled, it encodes
   * and submits at once (synchronously), so a loop that never yields still gets its work to the GPU and its
   * retired buffers destroyed; `auto` (the pending-work bound) also compiles missing pipelines synchronously for
   * that. Otherwise it queues behind the chain and awaits the pipelines.
   */
  flush(auto = false): Promise<void> {
    this.checkAlive();
    const commands = this.pending;
    this.pending = [];
    this.counters.dispatches += this.pendingDispatches;
    this.pendingDispatches = 0;
    this.pendingWriteBytes = 0;
    // Buffers retired since the last flush may be used by these commands: destroy them after this submit.
    const retired = this.pool.takeRetired();
    const batch = this.pool.beginFlush();
    // Once this batch is submitted (or has failed, so never runs), buffers freed while recording it may take
    // queue writes (buffers.ts, rule 2).
    const done = (): void => {
      this.pool.settle(batch);
      retired.forEach((b) => b.destroy());
    };
    if (this.asyncFlushes === 0 && !this.debug) {
      const pipelines = this.pipelinesNow(commands, auto);
      if (pipelines) {
        try {
          this.submit(commands, pipelines);
        } catch (e) {
          return Promise.reject(e);
        } finally {
          done();
        }
        return Promise.resolve();
      }
    }
    // Flushes run strictly in order even though each awaits its pipelines; one failed flush
    // (say, a shader that does not compile) rejects its caller without blocking later ones.
    this.asyncFlushes++;
    const run = this.chain.then(() => this.submitWhenReady(commands)).finally(() => {
      this.asyncFlushes--;
      done();
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** The commands' pipelines if all are at hand now (compiling missing ones synchronously when `create`), else null. */
  private pipelinesNow(commands: Command[], create: boolean): GPUComputePipeline[] | null {
    const out: GPUComputePipeline[] = [];
    for (const c of commands) {
      if (c.kind !== 'dispatch') continue;
      const p = this.pipelines.ready.get(c.key) ?? (create ? this.pipelines.getSync(c.spec, c.constants) : undefined);
      if (!p) return null;
      out.push(p);
    }
    return out;
  }

  private async submitWhenReady(commands: Command[]): Promise<void> {
    if (commands.length === 0) return;
    const pipelines = await Promise.all(commands.filter((c): c is DispatchCommand => c.kind === 'dispatch').map((d) => d.pipeline));
    this.checkAlive();
    const device = this.device;
    if (this.debug) {
      device.pushErrorScope('validation');
      device.pushErrorScope('out-of-memory');
    }
    this.submit(commands, pipelines);
    if (this.debug) {
      const [oom, validation] = [await device.popErrorScope(), await device.popErrorScope()];
      const err = validation ?? oom;
      if (err) throw new Error(`WebGPU error in submitted work: ${err.message}`);
    }
  }

  /** Encodes the commands into one command buffer and submits it (synchronous). */
  private submit(commands: Command[], pipelines: GPUComputePipeline[]): void {
    if (commands.length === 0) return;
    const dispatches = commands.filter((c): c is DispatchCommand => c.kind === 'dispatch');
    const device = this.device;
    // All uniform blocks of this submission live in one buffer, each at an aligned offset.
    const align = this.uniformAlign;
    let uniformBytes = 0;
    const offsets = dispatches.map((d) => {
      const at = uniformBytes;
      if (d.params) uniformBytes += Math.ceil(d.params.byteLength / align) * align;
      return at;
    });
    let uniforms: GPUBuffer | null = null;
    if (uniformBytes > 0) {
      uniforms = device.createBuffer({ label: 'seqgpu.uniforms', size: uniformBytes, usage: BufferUsage.UNIFORM, mappedAtCreation: true });
      const words = new Uint32Array(uniforms.getMappedRange());
      dispatches.forEach((d, i) => d.params && words.set(d.params, offsets[i] / 4));
      uniforms.unmap();
    }
    // Recorded uploads share one staging buffer too, copied from in recording order.
    const writes = commands.filter((c): c is WriteCommand => c.kind === 'write');
    let staging: GPUBuffer | null = null;
    if (writes.length) {
      const total = writes.reduce((n, w) => n + w.data.byteLength, 0);
      staging = device.createBuffer({ label: 'seqgpu.upload-staging', size: total, usage: BufferUsage.COPY_SRC, mappedAtCreation: true });
      const bytes = new Uint8Array(staging.getMappedRange());
      let at = 0;
      for (const w of writes) {
        bytes.set(w.data, at);
        at += w.data.byteLength;
      }
      staging.unmap();
    }
    const encoder = device.createCommandEncoder({ label: 'seqgpu.step' });
    let pass: GPUComputePassEncoder | null = null;
    let di = 0;
    let stagedAt = 0;
    for (const cmd of commands) {
      if (cmd.kind === 'copy' || cmd.kind === 'write') {
        pass?.end();
        pass = null;
        if (cmd.kind === 'copy') {
          encoder.copyBufferToBuffer(cmd.src, 0, cmd.dst, 0, cmd.bytes);
        } else {
          encoder.copyBufferToBuffer(staging!, stagedAt, cmd.dst, 0, cmd.data.byteLength);
          stagedAt += cmd.data.byteLength;
        }
        continue;
      }
      const i = di++;
      pass ??= encoder.beginComputePass({ label: 'seqgpu.pass' });
      const entries: GPUBindGroupEntry[] = cmd.buffers.map((buffer, binding) => ({ binding, resource: { buffer } }));
      if (cmd.params && uniforms) {
        entries.push({ binding: cmd.buffers.length, resource: { buffer: uniforms, offset: offsets[i], size: cmd.params.byteLength } });
      }
      pass.setPipeline(pipelines[i]);
      pass.setBindGroup(0, device.createBindGroup({ label: `seqgpu.${cmd.spec.name}.bind`, layout: this.pipelines.layout(cmd.spec), entries }));
      pass.dispatchWorkgroups(...cmd.groups);
    }
    pass?.end();
    device.queue.submit([encoder.finish()]);
    this.counters.submits++;
    uniforms?.destroy(); // safe: destruction waits for the submitted work that uses it
    staging?.destroy();
  }

  async read(storage: Storage): Promise<TypedArray> {
    this.checkAlive();
    const s = storage as GpuStorage;
    const bytes = s.size * 4;
    if (bytes === 0) return s.dtype === 'float32' ? new Float32Array(0) : new Int32Array(0);
    const staging = this.device.createBuffer({ label: 'seqgpu.readback', size: bytes, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    this.copyBuffer(s.buffer, staging, bytes);
    try {
      await this.flush();
      await staging.mapAsync(MapMode.READ);
    } catch (e) {
      staging.destroy();
      return this.explainFailure(e);
    }
    const copy = staging.getMappedRange().slice(0);
    staging.destroy();
    return s.dtype === 'float32' ? new Float32Array(copy) : new Int32Array(copy);
  }

  async sync(): Promise<void> {
    try {
      await this.flush();
      await this.device.queue.onSubmittedWorkDone();
    } catch (e) {
      return this.explainFailure(e);
    }
    this.checkAlive();
  }

  stats(): DeviceStats {
    return {
      // Recorded but not yet submitted dispatches count too: the cost is committed when recorded.
      dispatches: this.counters.dispatches + this.pendingDispatches,
      submits: this.counters.submits,
      liveBuffers: this.pool.liveBuffers,
      bytesAllocated: this.pool.liveBytes,
      pooledBytes: this.pool.pooledBytes,
      pooledBuffers: this.pool.pooledBuffers,
      pipelines: this.pipelines.size,
    };
  }

  /** Submits made by the pending-work bound rather than by a read, flush or sync (for tests and benchmarks). */
  get autoSubmits(): number {
    return this.counters.autoSubmits;
  }

  destroy(): void {
    if (this.lostMessage) return;
    this.cache.clear();
    this.pending = [];
    this.pendingDispatches = 0;
    this.lostMessage = "WebGPU device lost (destroyed): Device.destroy() was called; call init('webgpu') again to get a new device";
    this.pool.destroy();
    this.device.destroy();
  }
}
