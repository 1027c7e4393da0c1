// Filling an existing tensor with a constant on its own device (one dispatch, no upload).
import type { Tensor } from '../tensor.ts';

export function fillRaw(t: Tensor, value: number): void {
  if (t.size > 0) t.device.backend.run('fill', { out: t.storage, value });
}
