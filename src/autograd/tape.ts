// The tape: each recorded op leaves a GradNode on its outputs pointing at its inputs and a backward
// rule. backward() orders the nodes reachable from the loss topologically, then runs the rules in
// reverse, summing gradients that meet at a tensor. Backward rules are ops, so they run on the
// same device and are encoded into the same GPU submission as the forward pass.
import type { Tensor } from '../tensor.ts';
import { isGradEnabled, noGrad } from './grad-mode.ts';
import { keep } from '../scope.ts';
import { fmtShape } from '../dtype.ts';
import { full } from '../ops/creation.ts';
import { ArgumentError, DisposedError, ShapeError, describeValue } from '../errors.ts';

export interface GradNode {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Number of outputs the op produced (tensors point back with outputIndex). */
  readonly numOutputs: number;
  /** Maps the gradients of the outputs (null where an output got none) to those of the inputs. */
  backward: ((grads: (Tensor | null)[]) => (Tensor | null)[]) | null;
}

/**
 * Whether `record` would record an op over these inputs: an op checks this first to skip state it keeps only for
 * its backward pass (the recurrent ops' saved rows in inference).
 */
export function willRecord(inputs: readonly Tensor[]): boolean {
  return isGradEnabled() && inputs.some((t) => t.requiresGrad);
}

/**
 * Records an op on the tape if grad mode is on and any input requires grad (willRecord).
 * The rule receives the output gradients and returns one gradient (or null) per input.
 */
export function record(
  name: string,
  inputs: readonly Tensor[],
  outputs: readonly Tensor[],
  backward: (grads: (Tensor | null)[]) => (Tensor | null)[],
): void {
  if (!willRecord(inputs)) return;
  const node: GradNode = { name, inputs, numOutputs: outputs.length, backward };
  outputs.forEach((o, i) => {
    o.node = node;
    o.outputIndex = i;
    o.requiresGrad = o.dtype === 'float32';
  });
}

function topoOrder(root: Tensor): GradNode[] {
  const order: GradNode[] = [];
  const seen = new Set<GradNode>();
  // Iterative DFS: recurrent graphs can be thousands of nodes deep.
  const stack: [GradNode, number][] = [];
  if (root.node) stack.push([root.node, 0]);
  if (root.node) seen.add(root.node);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [node, i] = top;
    if (i < node.inputs.length) {
      top[1]++;
      const child = node.inputs[i].node;
      if (child && !seen.has(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order.reverse(); // root first
}

export function runBackward(root: Tensor, seed?: Tensor): void {
  if (root.disposed) throw new DisposedError(`backward: Tensor#${root.id} ${fmtShape(root.shape)} was disposed before backward()`);
  if (seed !== undefined && !(seed instanceof Object && 'shape' in seed && 'storage' in seed)) {
    throw new ArgumentError(`backward: the gradient must be a Tensor, got ${describeValue(seed)}`);
  }
  if (!root.requiresGrad) {
    throw new ArgumentError(`backward: tensor ${fmtShape(root.shape)} does not require grad (no input had requiresGrad: true)`);
  }
  if (!seed && root.size !== 1) {
    throw new ShapeError(`backward: called on a tensor of shape ${fmtShape(root.shape)}; pass a gradient or reduce to a scalar first`);
  }
  if (seed && (seed.size !== root.size || seed.device !== root.device)) {
    throw new ShapeError(`backward: gradient ${fmtShape(seed.shape)} on ${seed.device} does not match tensor ${fmtShape(root.shape)} on ${root.device}`);
  }
  // Intermediate gradients are ordinary tensors: the enclosing scope frees them. Leaves keep theirs.
  noGrad(() => {
    const grads = new Map<Tensor, Tensor>();
    // A filled 1 (not root*0+1, which is NaN when the loss is infinite, e.g. an impossible CTC alignment).
    const initial = seed ?? full([...root.shape], 1, { device: root.device });
    if (!root.node) {
      accumulateLeaf(root, initial);
      return;
    }
    grads.set(root, initial);
    for (const node of topoOrder(root)) {
      // A scope() that ended before backward() disposes the graph's intermediates; dispose() also cuts a
      // tensor from the tape, so without this check the walk would stop there and leave gradients null.
      for (const input of node.inputs) {
        if (input.disposed && input.requiresGrad) {
          throw new DisposedError(
            `backward: the graph through '${node.name}' needs Tensor#${input.id} ${fmtShape(input.shape)}, which was disposed ` +
              `(by scope() or dispose()) before backward(); call backward() inside the scope that built the graph, or keep() the tensors it needs`,
          );
        }
      }
      if (!node.backward) {
        throw new DisposedError(`backward: the graph through '${node.name}' was already freed by an earlier backward()`);
      }
      const outGrads: (Tensor | null)[] = new Array(node.numOutputs).fill(null);
      for (const [t, g] of grads) {
        if (t.node === node) {
          outGrads[t.outputIndex] = g;
          grads.delete(t);
        }
      }
      if (outGrads.every((g) => g === null)) continue;
      const inGrads = node.backward(outGrads);
      node.backward = null; // drop saved tensors: one backward per graph, as in PyTorch
      node.inputs.forEach((input, i) => {
        const g = inGrads[i];
        if (!g || !input.requiresGrad) return;
        if (g.shape.length !== input.shape.length || g.shape.some((d, k) => d !== input.shape[k])) {
          throw new Error(`backward: rule of '${node.name}' returned a gradient of shape ${fmtShape(g.shape)} for an input of shape ${fmtShape(input.shape)}`);
        }
        if (!input.node) {
          accumulateLeaf(input, g);
          return;
        }
        const prev = grads.get(input);
        grads.set(input, prev ? prev.add(g) : g);
      });
    }
  });
}

function accumulateLeaf(leaf: Tensor, g: Tensor): void {
  if (leaf.grad) {
    const sum = leaf.grad.add(g);
    leaf.grad.dispose();
    leaf.grad = keep(sum);
  } else {
    // detach() gives the leaf its own Tensor object over the shared storage: no copy, no aliasing.
    leaf.grad = keep(g.detach());
  }
}
