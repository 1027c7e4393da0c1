// Kernel arguments of the ctc op family (filled in by that family's ops). See kernels/core.ts for conventions.
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface CtcKernelArgs {}
