// Kernel arguments of the linalg family (batched small dense solvers, used by batched AR fitting).
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface LinalgKernelArgs {}
