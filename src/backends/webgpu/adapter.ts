// Adapter and device negotiation: find WebGPU, check the limits seqgpu relies on, ask for the
// adapter's larger limits and optional features (subgroups, timestamp-query) when offered.
import type { InitOptions } from '../../device.ts';

/** Limits every kernel is written to fit (the WebGPU defaults); init fails clearly below them. */
const REQUIRED: Partial<Record<keyof GPUSupportedLimits, number>> = {
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupStorageSize: 16384,
  maxStorageBuffersPerShaderStage: 8,
};

/** Limits raised to the adapter's values when it offers more (bigger tensors, bigger tiles). */
const RAISE: (keyof GPUSupportedLimits)[] = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupsPerDimension',
];

// 'subgroups' is newer than some GPUFeatureName typings, hence plain strings here.
const OPTIONAL_FEATURES: string[] = ['subgroups', 'timestamp-query', 'shader-f16'];

export interface NegotiatedDevice {
  device: GPUDevice;
  description: string;
  features: string[];
}

export async function negotiateDevice(options: InitOptions): Promise<NegotiatedDevice> {
  if (options.gpuDevice) {
    return { device: options.gpuDevice, description: 'user-provided GPUDevice', features: [...options.gpuDevice.features] };
  }
  const gpu = typeof navigator !== 'undefined' ? navigator.gpu : undefined;
  if (!gpu) {
    throw new Error(
      "init('webgpu'): navigator.gpu is not available: this environment has no WebGPU (use a recent Chrome/Edge, " +
        "or start Chromium with --enable-unsafe-webgpu; in Node use init('cpu'))",
    );
  }
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  if (!adapter) {
    throw new Error("init('webgpu'): navigator.gpu.requestAdapter() returned no adapter (WebGPU is present but no GPU is usable; it may be blocklisted or disabled)");
  }
  for (const [name, need] of Object.entries(REQUIRED) as [keyof GPUSupportedLimits, number][]) {
    const has = adapter.limits[name] as number;
    if (has < need) throw new Error(`init('webgpu'): the adapter's ${name} is ${has}, seqgpu needs at least ${need}`);
  }
  const requiredLimits: Record<string, number> = {};
  if (options.requestAdapterLimits !== false) {
    for (const name of RAISE) requiredLimits[name] = adapter.limits[name] as number;
  }
  const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({ label: 'seqgpu', requiredLimits, requiredFeatures: requiredFeatures as GPUFeatureName[] });
  const info = adapter.info;
  const description = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' / ') || 'unknown adapter';
  return { device, description, features: requiredFeatures };
}
