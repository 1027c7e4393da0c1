// Scopes free intermediates: every tensor created inside `scope(fn)` is disposed when fn returns,
// except tensors in fn's result and those passed to `keep`. The tfjs `tidy` idea: a training loop
// wrapped in a scope per step holds steady GPU memory.
import type { Tensor } from './tensor.ts';

const stack: Set<Tensor>[] = [];

export function trackTensor(t: Tensor): void {
  if (stack.length) stack[stack.length - 1].add(t);
}

/** Exempts tensors from every enclosing scope (parameters, optimizer state, gradients). */
export function keep<T extends Tensor>(t: T): T {
  for (const s of stack) s.delete(t);
  return t;
}

function collect(value: unknown, into: Set<Tensor>, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (isTensor(value)) {
    into.add(value);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collect(v, into, seen);
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) collect(v, into, seen);
}

function isTensor(v: object): v is Tensor {
  return 'storage' in v && 'shape' in v && 'device' in v && typeof (v as Tensor).dispose === 'function';
}

function close(frame: Set<Tensor>, result: unknown): void {
  const survivors = new Set<Tensor>();
  collect(result, survivors);
  stack.splice(stack.lastIndexOf(frame), 1);
  for (const t of frame) {
    if (survivors.has(t)) {
      trackTensor(t); // hand it to the enclosing scope
    } else {
      t.dispose();
    }
  }
}

/**
 * Runs fn and disposes every tensor it created that is not part of its result.
 * fn may be async, but then tensors created by unrelated code during its awaits are also caught.
 */
export function scope<T>(fn: () => T): T {
  const frame = new Set<Tensor>();
  stack.push(frame);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    close(frame, undefined);
    throw e;
  }
  if (result instanceof Promise) {
    return result.then(
      (v) => {
        close(frame, v);
        return v;
      },
      (e) => {
        close(frame, undefined);
        throw e;
      },
    ) as T;
  }
  close(frame, result);
  return result;
}
