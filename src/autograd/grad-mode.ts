// Whether ops record themselves on the tape. `noGrad(fn)` turns recording off for inference
// and for optimizer updates, so they build no graph and hold no saved tensors.
let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

export function noGrad<T>(fn: () => T): T {
  const prev = enabled;
  enabled = false;
  try {
    const result = fn();
    if (result instanceof Promise) {
      return result.finally(() => {
        enabled = prev;
      }) as T;
    }
    enabled = prev;
    return result;
  } catch (e) {
    enabled = prev;
    throw e;
  }
}
