// The tolerance table lives in src/tolerances.ts so the browser-side <gpu-cpu-check> uses the same one.
export * from '../../src/tolerances.ts';
