// A Device is what users hold: a backend plus the bookkeeping users see (stats, flush, sync).
// `init('cpu' | 'webgpu')` creates one; every tensor belongs to exactly one device.
import type { Backend, BackendKind, DeviceStats } from './backend.ts';
import { CpuBackend } from './backends/cpu/index.ts';

export interface InitOptions {
  /** WebGPU: wrap each submission in validation error scopes and report errors eagerly (slower). */
  debug?: boolean;
  /** WebGPU: request the adapter's larger limits when it offers them (default true). */
  requestAdapterLimits?: boolean;
  /** WebGPU: idle buffer memory kept for reuse (default 64 MiB); freed buffers beyond it are returned to the driver. */
  poolLimitBytes?: number;
  /** WebGPU: use this GPUDevice instead of requesting one (e.g. to share with a renderer). */
  gpuDevice?: GPUDevice;
  powerPreference?: GPUPowerPreference;
}

let nextDeviceId = 0;

export class Device {
  readonly id = nextDeviceId++;
  constructor(readonly backend: Backend) {}

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

/** Creates a device. `init('webgpu')` rejects with a message saying why WebGPU is unavailable. */
export async function init(kind: BackendKind = 'cpu', options: InitOptions = {}): Promise<Device> {
  let device: Device;
  switch (kind) {
    case 'cpu':
      device = new Device(new CpuBackend());
      break;
    case 'webgpu': {
      const { createWebGpuBackend } = await import('./backends/webgpu/index.ts');
      device = new Device(await createWebGpuBackend(options));
      break;
    }
    default:
      kind satisfies never;
      throw new Error(`init: unknown device kind '${String(kind)}' (expected 'cpu' or 'webgpu')`);
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
