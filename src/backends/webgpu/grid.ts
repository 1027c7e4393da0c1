// Workgroup-count helpers: 1-D work over more than 65535 groups spills into y (kernels use
// flat_index from shaders/common/index.wgsl to undo it).
export const WG = 256;

export function grid1d(n: number, wg = WG): [number, number] {
  const groups = Math.ceil(n / wg);
  if (groups <= 65535) return [groups, 1];
  return [65535, Math.ceil(groups / 65535)];
}
