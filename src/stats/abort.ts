// Cancellation and progress for the long stats fits (fitARIMA, autoARIMA): the fits are synchronous
// loops, so they poll the caller's AbortSignal between optimiser steps and candidate models and
// throw a DOMException named 'AbortError' (what fetch and other web APIs throw on abort).

/** Throw an AbortError if `signal` has been aborted; `what` names the fit in the message. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) {
    const why = signal.reason instanceof Error ? `: ${signal.reason.message}` : signal.reason !== undefined ? `: ${String(signal.reason)}` : '';
    throw new DOMException(`${what} was aborted${why}`, 'AbortError');
  }
}
