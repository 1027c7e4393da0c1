// TensorFlow.js, the benchmark peer, with its WebGPU and CPU backends (devDependencies, benchmarks only).
// Imported after ./common.ts so the dispatch counter is in place before tfjs asks for a GPU device.
import './common.ts';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';

export { tf };

/** The WebGPU backend's surface used here (tfjs-backend-webgpu's WebGPUBackend, trimmed). */
interface TfWebGpuBackend {
  device: GPUDevice;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

/**
 * Switches tfjs to a backend ('webgpu' or 'cpu') and returns its name as tfjs reports it. Tensors made before
 * the switch stay on the old backend: create inputs after calling this.
 */
export async function useTfjsBackend(name: 'webgpu' | 'cpu'): Promise<string> {
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`tfjs: setBackend('${name}') failed (backend is ${tf.getBackend()})`);
  await tf.ready();
  return tf.getBackend();
}

/**
 * Waits until all tfjs work recorded so far has run, without reading anything back: on WebGPU it submits the
 * pending command encoder and waits for the queue (what seqgpu's device.sync() does), on CPU it returns at once.
 * Use `await t.data()` to read values: dataSync() on tfjs's WebGPU backend returns zeros on the SwiftShader
 * adapter.
 */
export async function tfjsSync(): Promise<void> {
  if (tf.getBackend() !== 'webgpu') return;
  const backend = tf.backend() as unknown as TfWebGpuBackend;
  // As its own getBufferData() does before a read: close the open compute pass, then submit. (submitQueue()
  // alone finishes the encoder with the pass still open, which invalidates the whole command buffer.)
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.submitQueue();
  await backend.device.queue.onSubmittedWorkDone();
}

/** tfjs's version string (the tfjs-core one). */
export function tfjsVersion(): string {
  return tf.version.tfjs ?? tf.version_core;
}
