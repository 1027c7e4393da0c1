// A Device is what users hold: a backend plus the bookkeeping users see (stats, flush, sync).
// `init('auto' | 'webgpu' | 'cpu')` creates one; every tensor belongs to exactly one device.
import type { Backend, BackendKind, DeviceStats } from './backend.ts';
import { CpuBackend } from './backends/cpu/index.ts';
import { ArgumentError } from './errors.ts';

/** What `init` accepts: a backend, or 'auto' (WebGPU where it works, else the CPU). */
export type InitKind = BackendKind | 'auto';

export interface InitOptions {
  /** WebGPU: wrap each submission in validation error scopes and report errors eagerly (slower). */
  debug?: boolean;
  /** WebGPU: request the adapter's larger limits when it offers them (default true). */
  requestAdapterLimits?: boolean;
  /** WebGPU: idle buffer memory kept for reuse (default 64 MiB); freed buffers beyond it are returned to the driver. */
  poolLimitBytes?: number;
  /** WebGPU: idle buffers kept for reuse (default 2048); the least recently freed beyond it are returned to the driver. */
  poolLimitBuffers?: number;
  /**
   * WebGPU: recorded commands after which the backend submits by itself (default 512), so a loop that never awaits
   * still runs with bounded memory and latency. A normal training step stays below it: one submit per step.
   */
  autoSubmitCommands?: number;
  /** WebGPU: use this GPUDevice instead of requesting one (e.g. to share with a renderer). */
  gpuDevice?: GPUDevice;
  /**
   * WebGPU: the entry point to request an adapter from instead of `navigator.gpu`. In Node, pass Dawn's
   * (`import { create } from 'webgpu'; init('webgpu', { gpu: create([]) })`); without it, init finds the
   * `webgpu` package itself when it is installed.
   */
  gpu?: GPU;
  powerPreference?: 'low-power' | 'high-performance';
  /** 'auto': do not console.info the reason when falling back to the CPU (it is on `device.reason` either way). */
  quiet?: boolean;
}

let nextDeviceId = 0;

export class Device {
  readonly id = nextDeviceId++;
  /**
   * Why this backend was chosen: for `init('auto')`, the adapter it found or why WebGPU was not usable
   * (e.g. "no WebGPU: navigator.gpu is not available ..."); for an explicit kind, what was asked for.
   */
  reason: string;
  constructor(readonly backend: Backend, reason?: string) {
    this.reason = reason ?? `${backend.kind} requested`;
  }

  get kind(): BackendKind {
    return this.backend.kind;
  }
  get description(): string {
    return this.backend.description;
  }
  /** What work has cost so far: dispatches, submits, live buffers, bytes allocated. */
  stats(): DeviceStats {
    return this.backend.stats();
  }
  /** Submit recorded GPU work without waiting (a no-op on the CPU). */
  flush(): Promise<void> {
    return this.backend.flush();
  }
  /** Wait until all submitted work is complete. */
  sync(): Promise<void> {
    return this.backend.sync();
  }
  destroy(): void {
    this.backend.destroy();
  }
  toString(): string {
    return `Device(${this.kind}#${this.id})`;
  }
}

let defaultDevice: Device | null = null;

/**
 * Creates a device. `init('webgpu')` rejects with a DeviceError saying why WebGPU is unavailable;
 * `init('auto')` tries WebGPU and falls back to the CPU, recording why on `device.reason` (and saying so with
 * console.info unless `quiet`). The first device created becomes the default device.
 */
export async function init(kind: InitKind = 'cpu', options: InitOptions = {}): Promise<Device> {
  let device: Device;
  switch (kind) {
    case 'cpu':
      device = new Device(new CpuBackend(), "init('cpu')");
      break;
    case 'webgpu': {
      const { createWebGpuBackend } = await import('./backends/webgpu/index.ts');
      const backend = await createWebGpuBackend(options);
      device = new Device(backend, `init('webgpu'): ${backend.description}`);
      break;
    }
    case 'auto': {
      try {
        const { createWebGpuBackend } = await import('./backends/webgpu/index.ts');
        const backend = await createWebGpuBackend(options);
        device = new Device(backend, `init('auto') chose WebGPU: ${backend.description}`);
      } catch (e) {
        const why = (e instanceof Error ? e.message : String(e)).replace(/^init\('webgpu'\): /, '');
        device = new Device(new CpuBackend(), `init('auto') chose the CPU: WebGPU is not usable here (${why})`);
        if (!options.quiet) console.info(`seqgpu: ${device.reason}`);
      }
      break;
    }
    default:
      kind satisfies never;
      throw new ArgumentError(`init: unknown device kind '${String(kind)}' (expected 'auto', 'webgpu' or 'cpu')`);
  }
  if (!defaultDevice) defaultDevice = device;
  return device;
}

/** The device tensors are created on when none is given: the first one `init` made, else a CPU device. */
export function getDefaultDevice(): Device {
  if (!defaultDevice) defaultDevice = new Device(new CpuBackend());
  return defaultDevice;
}

export function setDefaultDevice(device: Device): void {
  defaultDevice = device;
}
