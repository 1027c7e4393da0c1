// Adapter and device negotiation: find WebGPU (options.gpu, navigator.gpu, or Dawn's `webgpu` package in Node),
// check the limits seqgpu relies on, ask for the adapter's larger limits and optional features (subgroups,
// timestamp-query) when offered.
import type { InitOptions } from '../../device.ts';
import { DeviceError } from '../../errors.ts';

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

/** Node.js (where WebGPU comes only from Dawn's `webgpu` package), as opposed to a browser or a worker. */
function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/**
 * Dawn's Node binding, the optional peer dependency `webgpu`, when the user installed it: its `create(flags)`
 * returns a GPU object (navigator.gpu's type). Loaded by a computed specifier so that bundlers of browser apps
 * neither resolve nor bundle it, and only in Node.
 */
let dawnGpu: GPU | null = null;
async function loadDawn(): Promise<{ gpu: GPU } | { error: string }> {
  if (dawnGpu) return { gpu: dawnGpu }; // one Dawn instance per process, reused by every init
  const specifier = 'webgpu';
  try {
    const mod = (await import(/* @vite-ignore */ specifier)) as { create?: (flags: string[]) => GPU; default?: { create?: (flags: string[]) => GPU } };
    const create = mod.create ?? mod.default?.create;
    if (typeof create !== 'function') return { error: "the 'webgpu' package has no create() export" };
    dawnGpu = create([]);
    return { gpu: dawnGpu };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/Cannot find (package|module) 'webgpu'/.test(msg) || (e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      return { error: "Dawn's 'webgpu' package is not installed (npm install webgpu)" };
    }
    return { error: `loading Dawn's 'webgpu' package failed: ${msg}` };
  }
}

/** Where init found its GPU entry point, for the messages. */
export interface FoundGpu {
  gpu: GPU;
  source: 'options.gpu' | 'navigator.gpu' | "Dawn's webgpu package";
}

/**
 * Finds the WebGPU entry point: `options.gpu`, else `navigator.gpu`, else (in Node) Dawn's `webgpu` package.
 * Throws a DeviceError that says what was tried and what to do; nothing here touches a WebGPU global.
 */
export async function findGpu(options: InitOptions): Promise<FoundGpu> {
  if (options.gpu) return { gpu: options.gpu, source: 'options.gpu' };
  const nav = typeof navigator !== 'undefined' ? (navigator as Navigator & { gpu?: GPU }).gpu : undefined;
  if (nav) return { gpu: nav, source: 'navigator.gpu' };
  if (isNode()) {
    const dawn = await loadDawn();
    if ('gpu' in dawn) return { gpu: dawn.gpu, source: "Dawn's webgpu package" };
    throw new DeviceError(
      `init('webgpu'): Node.js has no built-in WebGPU and ${dawn.error}. Install it (npm install webgpu) or pass ` +
        "init('webgpu', { gpu: create([]) }) with create from 'webgpu'; init('auto') falls back to the CPU, init('cpu') uses it directly",
    );
  }
  throw new DeviceError(
    "init('webgpu'): navigator.gpu is not available: this environment has no WebGPU (use a recent Chrome/Edge/Safari, " +
      "a secure context (https or localhost), or start Chromium with --enable-unsafe-webgpu); init('auto') falls back to the CPU",
  );
}

const LIVE_ENTRY_POINTS = new Set<GPU>();

export async function negotiateDevice(options: InitOptions): Promise<NegotiatedDevice> {
  if (options.gpuDevice) {
    return { device: options.gpuDevice, description: 'user-provided GPUDevice', features: [...options.gpuDevice.features] };
  }
  const { gpu, source } = await findGpu(options);
  // Dawn's Node binding tears its instance down when the GPU object is garbage-collected, taking live devices
  // with it (the process aborts on the next read-back): hold every entry point a device was made from.
  LIVE_ENTRY_POINTS.add(gpu);
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  if (!adapter) {
    throw new DeviceError(
      `init('webgpu'): ${source}.requestAdapter() returned no adapter (WebGPU is present but no GPU is usable: it may be ` +
        "blocklisted or disabled, or, with Dawn in Node, no Vulkan/Metal/D3D12 driver was found)",
    );
  }
  for (const [name, need] of Object.entries(REQUIRED) as [keyof GPUSupportedLimits, number][]) {
    const has = adapter.limits[name] as number;
    if (has < need) throw new DeviceError(`init('webgpu'): the adapter's ${name} is ${has}, seqgpu needs at least ${need}`);
  }
  const requiredLimits: Record<string, number> = {};
  if (options.requestAdapterLimits !== false) {
    for (const name of RAISE) requiredLimits[name] = adapter.limits[name] as number;
  }
  const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({ label: 'seqgpu', requiredLimits, requiredFeatures: requiredFeatures as GPUFeatureName[] });
  // adapter.info is recent (older Dawn builds lack it).
  const info: Partial<GPUAdapterInfo> = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' / ') || 'unknown adapter';
  return { device, description, features: requiredFeatures };
}
