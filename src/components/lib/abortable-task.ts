// A Lit reactive controller that owns one cancellable async job per host element: start() aborts the previous
// job, and removing the element from the page aborts the current one. Components keep their async work (GPU
// calls, training loops) here and out of render().
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class AbortableTask implements ReactiveController {
  private controller: AbortController | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** True while a job started here has not settled or been aborted. */
  get running(): boolean {
    return this.controller !== null && !this.controller.signal.aborted;
  }

  /** Aborts any running job and runs `job` with a fresh signal; resolves with its result. */
  async start<T>(job: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.abort('superseded');
    const controller = new AbortController();
    this.controller = controller;
    this.host.requestUpdate();
    try {
      return await job(controller.signal);
    } finally {
      if (this.controller === controller) this.controller = null;
      this.host.requestUpdate();
    }
  }

  abort(reason = 'cancelled'): void {
    this.controller?.abort(new DOMException(reason, 'AbortError'));
    this.controller = null;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.abort('element removed from the page');
  }
}

/** True for the rejection an aborted signal produces. */
export function isAbort(e: unknown, signal?: AbortSignal): boolean {
  return (signal?.aborted ?? false) || (e instanceof DOMException && e.name === 'AbortError');
}
