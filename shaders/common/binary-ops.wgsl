// The binary elementwise functions, shared by shaders/elementwise/binary.wgsl (two tensors) and
// binary-scalar.wgsl (a tensor and a uniform scalar). The including kernel declares `override OP: u32`;
// op codes: BINARY_CODE in backends/webgpu/elementwise.ts. Reference: binaryFn in backends/cpu/elementwise.ts.
fn apply(x: f32, y: f32) -> f32 {
  switch OP {
    case 0u: { return x + y; }
    case 1u: { return x - y; }
    case 2u: { return x * y; }
    case 3u: { return x / y; }
    // max/min propagate NaN, as the reference and PyTorch do (WGSL's max need not).
    case 4u: { if (x != x || y != y) { return x + y; } return max(x, y); }
    case 5u: { if (x != x || y != y) { return x + y; } return min(x, y); }
    case 6u: { return select(pow(x, y), 1.0, y == 0.0); }
    case 7u: { return select(0.0, 1.0, x == y); }
    case 8u: { return select(0.0, 1.0, x != y); }
    case 9u: { return select(0.0, 1.0, x > y); }
    case 10u: { return select(0.0, 1.0, x >= y); }
    case 11u: { return select(0.0, 1.0, x < y); }
    case 12u: { return select(0.0, 1.0, x <= y); }
    default: { return x; }
  }
}
