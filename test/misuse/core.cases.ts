// Misuse cases for tensor creation, shapes, dtypes, operands and autograd (issue 11, part 1). The harness page
// imports this file by URL: use only the `sg` passed in (type imports are fine).
import type { CaseBuilder, MisuseCase } from './run-cases.ts';

export const build: CaseBuilder = (sg, device) => {
  const cases: MisuseCase[] = [];
  const add = (name: string, error: string, message: RegExp, run: () => unknown): void => {
    cases.push({ name, error, message, run });
  };
  const opts = { device };
  const a = sg.tensor([[1, 2, 3], [4, 5, 6]], opts);
  const ints = sg.tensor([0, 1], { device, dtype: 'int32' });
  const any = (v: unknown): never => v as never; // pass a wrongly typed value, as untyped JS callers do

  // Shapes: one validator for every creator, naming the bad dim.
  const creators: [string, (shape: number[]) => unknown][] = [
    ['zeros', (s) => sg.zeros(s, opts)],
    ['ones', (s) => sg.ones(s, opts)],
    ['full', (s) => sg.full(s, 1, opts)],
    ['rand', (s) => sg.rand(s, opts)],
    ['randn', (s) => sg.randn(s, opts)],
    ['tensor', (s) => sg.tensor(new Float32Array(0), s, opts)],
  ];
  for (const [fn, make] of creators) {
    add(`${fn}: negative dim`, 'ShapeError', new RegExp(`${fn}: shape \\[2, -1\\] has dim 1 = -1`), () => make([2, -1]));
    add(`${fn}: fractional dim`, 'ShapeError', new RegExp(`${fn}: shape \\[1.5\\] has dim 0 = 1.5`), () => make([1.5]));
    add(`${fn}: NaN dim`, 'ShapeError', new RegExp(`${fn}: shape \\[3, NaN\\] has dim 1 = NaN`), () => make([3, NaN]));
    add(`${fn}: infinite dim`, 'ShapeError', new RegExp(`${fn}: shape \\[Infinity\\] has dim 0 = Infinity`), () => make([Infinity]));
    add(`${fn}: huge shape`, 'ShapeError', new RegExp(`${fn}: shape \\[100000, 100000\\] has 1.000e\\+10 elements; a tensor holds at most`), () =>
      make([100000, 100000]));
  }
  add('zeros: shape is not an array', 'ArgumentError', /zeros: shape must be an array of dims, got number 3/, () => sg.zeros(any(3), opts));
  add('full: string dim', 'ShapeError', /full: shape \[2, string "3"\] has dim 1 = string "3"/, () => sg.full(any([2, '3']), 0, opts));
  add('full: value not a number', 'ArgumentError', /full: value must be a number, got a Promise/, () => sg.full([2], any(Promise.resolve(1)), opts));
  add('full: fractional int32 fill', 'ArgumentError', /full: value 0.5 is not an integer/, () => sg.full([2], 0.5, { device, dtype: 'int32' }));
  add('arange: NaN end', 'ArgumentError', /arange: end must be a finite number, got number NaN/, () => sg.arange(0, NaN, 1, opts));
  add('arange: infinite end', 'ArgumentError', /arange: end must be a finite number, got number Infinity/, () => sg.arange(Infinity));
  add('arange: zero step', 'ArgumentError', /arange: step must be non-zero/, () => sg.arange(0, 5, 0, opts));
  add('arange: too many values', 'ShapeError', /arange: length .* has dim 0 = 1e\+20|arange: length .* elements/, () => sg.arange(0, 1e20, 1, opts));
  add('rand: low >= high', 'ArgumentError', /rand: low \(2\) must be less than high \(1\)/, () => sg.rand([2], { device, low: 2, high: 1 }));
  add('rand: int32 dtype', 'DTypeError', /rand: draws are float32/, () => sg.rand([2], { device, dtype: 'int32' }));
  add('tensor: values do not fill the shape', 'ShapeError', /tensor: 3 values cannot fill shape \[2, 2\]/, () => sg.tensor([1, 2, 3], [2, 2], opts));
  add('tensor: negative dim in given shape', 'ShapeError', /tensor: shape \[-1, 2\] has dim 0 = -1/, () => sg.tensor([1, 2], [-1, 2], opts));
  add('tensor: ragged rows', 'ShapeError', /ragged nested array: expected length 2 at depth 1/, () => sg.tensor([[1, 2], [3]], opts));
  add('tensor: a string value', 'ArgumentError', /tensor: data must hold numbers, found string "a" at depth 1/, () => sg.tensor(any([1, 'a']), opts));
  add('tensor: undefined data', 'ArgumentError', /tensor: data must be a number, a nested array of numbers or a typed array, got undefined/, () =>
    sg.tensor(any(undefined), opts));
  add('tensor: a Promise as data', 'ArgumentError', /got a Promise \(did you forget `await`\?\)/, () => sg.tensor(any(Promise.resolve([1])), opts));
  add('tensor: BigInt64Array data', 'ArgumentError', /tensor: data must hold numbers, got a BigInt64Array/, () =>
    sg.tensor(any(new BigInt64Array(2)), opts));
  add('tensor: int32 value out of range', 'ArgumentError', /int32 data has a value 4294967296 at index 1 outside the int32 range/, () =>
    sg.tensor([1, 2 ** 32], { device, dtype: 'int32' }));
  add('tensor: int32 non-integer', 'ArgumentError', /int32 data has a non-integer value 1.5 at index 0/, () => sg.tensor([1.5], { device, dtype: 'int32' }));

  // Dtypes: unknown names are rejected, not stored as something else.
  for (const dt of ['float64', 'bool', 'int64', 'float16']) {
    add(`tensor: dtype '${dt}'`, 'DTypeError', new RegExp(`tensor: unknown dtype '${dt}'; seqgpu tensors are 'float32' or 'int32'`), () =>
      sg.tensor([1, 2], { device, dtype: any(dt) }));
  }
  add('zeros: dtype bool', 'DTypeError', /full: unknown dtype 'bool'/, () => sg.zeros([2], { device, dtype: any('bool') }));
  add('cast: to float64', 'DTypeError', /cast: unknown dtype 'float64'/, () => sg.cast(a, any('float64')));
  add('requiresGrad on int32', 'DTypeError', /only float32 tensors can require gradients/, () => sg.tensor([1], { device, dtype: 'int32', requiresGrad: true }));
  add('options.device not a Device', 'ArgumentError', /tensor: options.device must be a Device from init\(\), got a Promise/, () =>
    sg.tensor([1], { device: any(sg.init('cpu')) }));
  add('options is a number', 'ArgumentError', /tensor: second argument must be a shape array or an options object, got number 3/, () =>
    sg.tensor([1, 2, 3], any(3)));

  // Operands: say what was passed instead of computing NaN.
  const pending = Promise.resolve(a);
  add('add: a Promise operand', 'ArgumentError', /add: .*got a Promise \(did you forget `await`\?\)/, () => sg.add(a, any(pending)));
  add('mul: undefined operand', 'ArgumentError', /mul: .*got undefined/, () => sg.mul(a, any(undefined)));
  add('sub: plain array operand', 'ArgumentError', /sub: .*got a plain array of length 3/, () => sg.sub(a, any([1, 2, 3])));
  add('div: object operand', 'ArgumentError', /div: .*got a plain object/, () => sg.div(a, any({ x: 1 })));
  add('add: two numbers', 'ArgumentError', /add: at least one operand must be a Tensor/, () => sg.add(any(1), any(2)));
  add('exp: a Promise', 'ArgumentError', /exp: the input must be a Tensor, got a Promise/, () => sg.exp(any(pending)));
  add('sum: undefined', 'ArgumentError', /sum: the input must be a Tensor, got undefined/, () => sg.sum(any(undefined)));
  add('matmul: a Promise', 'ArgumentError', /matmul: operand 1 must be a Tensor, got a Promise/, () => sg.matmul(a, any(pending)));
  add('matmul: plain array', 'ArgumentError', /matmul: operand 0 must be a Tensor, got a plain array/, () => sg.matmul(any([[1]]), a));
  add('reshape: a Promise', 'ArgumentError', /reshape: the input must be a Tensor, got a Promise/, () => sg.reshape(any(pending), [3, 2]));
  add('concat: not an array', 'ArgumentError', /concat: expects an array of tensors, got a Tensor/, () => sg.concat(any(a)));
  add('concat: an array holding a Promise', 'ArgumentError', /concat: operand 1 must be a Tensor, got a Promise/, () => sg.concat([a, any(pending)]));
  add('to: a Promise of a device', 'ArgumentError', /Tensor.to: expected a Device from init\(\), got a Promise/, () => a.to(any(sg.init('cpu'))));
  add('backward: gradient is an array', 'ArgumentError', /backward: the gradient must be a Tensor, got a plain array/, () =>
    sg.tensor([1, 2], { device, requiresGrad: true }).mul(2).backward(any([1, 1])));

  // Shape ops.
  add('reshape: fractional dim', 'ShapeError', /reshape: shape \[2.5, 2\] has dim 0 = 2.5/, () => sg.reshape(a, [2.5, 2]));
  add('reshape: two -1', 'ShapeError', /reshape: shape \[-1, -1\] has more than one -1/, () => sg.reshape(a, [-1, -1]));
  add('reshape: wrong size', 'ShapeError', /cannot reshape \[2, 3\] \(6 elements\) to \[4, 2\]/, () => sg.reshape(a, [4, 2]));
  add('reshape: -2 dim', 'ShapeError', /reshape: shape \[-2, 3\] has dim 0 = -2/, () => sg.reshape(a, [-2, 3]));
  add('slice: negative start', 'ArgumentError', /slice: starts\[0\] must be a non-negative integer, got number -1/, () => sg.slice(a, [-1, 0], [1, 1]));
  add('slice: fractional start', 'ArgumentError', /slice: starts\[1\] must be a non-negative integer, got number 0.5/, () => sg.slice(a, [0, 0.5], [1, 1]));
  add('slice: NaN size', 'ArgumentError', /slice: sizes\[0\] must be an integer >= -1, got number NaN/, () => sg.slice(a, [0, 0], [NaN, 1]));
  add('slice: out of bounds', 'ShapeError', /slice: range \[2, 4\) is out of bounds for axis 1 of \[2, 3\]/, () => sg.slice(a, [0, 2], [1, 2]));
  add('slice: wrong rank', 'ShapeError', /slice: starts \[0\] and sizes \[1\] must each have 2 entries/, () => sg.slice(a, [0], [1]));
  add('transpose: 1-d', 'ShapeError', /transpose: needs at least 2 dimensions/, () => sg.transpose(sg.zeros([3], opts)));
  add('permute: repeated axis', 'ShapeError', /permute: dims \[0, 0\] repeat an axis/, () => sg.permute(a, [0, 0]));
  add('sum: axis out of range', 'IndexError', /sum: axis 2 is out of range for a tensor with 2 dimensions/, () => sg.sum(a, 2));
  add('softmax: fractional axis', 'IndexError', /axis 0.5 is out of range/, () => sg.softmax(a, 0.5));
  add('concat: mismatched shapes', 'ShapeError', /concat: shapes \[2, 3\] and \[2, 2\] differ outside axis 0/, () => sg.concat([a, sg.zeros([2, 2], opts)]));
  add('concat: mixed dtypes', 'DTypeError', /concat: dtype mismatch \(float32 and int32\)/, () => sg.concat([sg.zeros([2], opts), ints]));
  add('concat: empty list', 'ArgumentError', /concat: needs at least one tensor/, () => sg.concat([]));
  add('stack: different shapes', 'ShapeError', /stack: shapes \[2, 3\] and \[3\] differ/, () => sg.stack([a, sg.zeros([3], opts)]));
  add('add: shapes that do not broadcast', 'ShapeError', /add: shapes \[2, 3\] and \[3, 2\] cannot be broadcast/, () => sg.add(a, sg.zeros([3, 2], opts)));
  add('matmul: inner dims differ', 'ShapeError', /matmul: inner dimensions differ: \[2, 3\] @ \[2, 3\]/, () => sg.matmul(a, a));
  add('item: more than one element', 'ShapeError', /item: tensor has shape \[2, 3\]/, () => a.item());

  // Dtype mismatches and indices.
  add('mul: int32 operand', 'DTypeError', /mul: expected float32 tensors, got int32 \[2\]/, () => sg.mul(sg.zeros([2], opts), ints));
  add('gather: float index', 'DTypeError', /gather: index must be int32, got float32/, () => sg.gather(a, sg.zeros([2], opts), 1));
  add('gather: index out of range', 'IndexError', /gather: index 5 at position 1 is out of range for axis 1 of size 3/, () =>
    sg.gather(a, sg.tensor([0, 5], { device, dtype: 'int32' }), 1));
  add('gather: negative index', 'IndexError', /gather: index -1 at position 0 is out of range/, () => sg.gather(a, sg.tensor([-1], { device, dtype: 'int32' }), 0));
  add('oneHot: label out of range', 'IndexError', /oneHot: label 4 at position 1 is out of range for 3 classes/, () =>
    sg.oneHot(sg.tensor([0, 4], { device, dtype: 'int32' }), 3));
  add('oneHot: zero classes', 'ArgumentError', /oneHot: classes must be an integer >= 1, got number 0/, () => sg.oneHot(ints, 0));
  add('crossEntropy: target out of range', 'IndexError', /target 7 at position 1 is out of range for 3 classes/, () =>
    sg.crossEntropy(a, sg.tensor([0, 7], { device, dtype: 'int32' })));

  // Devices and disposal.
  add('add: tensors on two devices', 'DeviceError', /add: tensors are on different devices/, async () => {
    const other = await sg.init('cpu');
    return sg.add(a, sg.zeros([2, 3], { device: other }));
  });
  add('exp: disposed tensor', 'DisposedError', /exp: Tensor#\d+ \[3\] was used after dispose\(\)/, () => {
    const t = sg.zeros([3], opts);
    t.dispose();
    return sg.exp(t);
  });
  add('data: disposed tensor', 'DisposedError', /Tensor#\d+ \[3\] was used after dispose\(\)/, () => {
    const t = sg.zeros([3], opts);
    t.dispose();
    return t.data();
  });

  // Autograd.
  add('backward: intermediates disposed by a scope', 'DisposedError', /backward: the graph through '.*' needs Tensor#\d+ \[\d*\], which was disposed .*keep\(\)/, () => {
    const w = sg.tensor([1, 2], { device, requiresGrad: true });
    const loss = sg.scope(() => sg.sum(sg.mul(sg.exp(w), 3)));
    loss.backward();
  });
  add('backward: non-scalar without a gradient', 'ShapeError', /backward: called on a tensor of shape \[2\]/, () =>
    sg.mul(sg.tensor([1, 2], { device, requiresGrad: true }), 2).backward());
  add('backward: nothing requires grad', 'ArgumentError', /backward: tensor \[\] does not require grad/, () => sg.sum(a).backward());
  add('backward: twice through the same graph', 'DisposedError', /the graph through '.*' was already freed by an earlier backward\(\)/, () => {
    const w = sg.tensor([1, 2], { device, requiresGrad: true });
    const loss = sg.sum(sg.mul(w, w));
    loss.backward();
    loss.backward();
  });
  add('backward: disposed root', 'DisposedError', /backward: Tensor#\d+ \[\] was disposed before backward\(\)/, () => {
    const loss = sg.sum(sg.tensor([1, 2], { device, requiresGrad: true }));
    loss.dispose();
    loss.backward();
  });
  add('backward: gradient of the wrong shape', 'ShapeError', /backward: gradient \[3\] on .* does not match tensor \[2\]/, () =>
    sg.mul(sg.tensor([1, 2], { device, requiresGrad: true }), 2).backward(sg.zeros([3], opts)));
  return cases;
};
