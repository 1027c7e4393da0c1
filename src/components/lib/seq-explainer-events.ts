// The event types of <seq-explainer>, kept out of its element file (another change owns that file's layout):
// explainer-change {input, result} after each computation, explainer-error {message}. The components index
// imports this module, so `import 'seqgpu/components'` types these listeners.
import type { CellInput, CellResult } from './cell-math.ts';
import type { ComponentErrorDetail } from './events.ts';

/** `explainer-change`: the input a computation used and what it produced. */
export interface ExplainerChange {
  input: CellInput;
  result: CellResult;
}

declare global {
  interface HTMLElementEventMap {
    'explainer-change': CustomEvent<ExplainerChange>;
    'explainer-error': CustomEvent<ComponentErrorDetail>;
  }
}
