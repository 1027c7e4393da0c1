// Feature engineering for sequence models: windows, lags, rolling statistics, differencing and its
// inverse, Fourier spectrum and features, scalers. Plain arrays in and out (Float32Array where the
// result feeds a tensor). Re-exported from the package root as `features`.
export { slidingWindows, lagFeatures } from './windows.ts';
export type { ShapedArray, WindowOptions, Windows, LagFeatures } from './windows.ts';
export { rolling, rollingMean, rollingStd, rollingMin, rollingMax, rollingSum, rollingMedian } from './rolling.ts';
export type { RollingOptions, RollingStatistic } from './rolling.ts';
export { difference, inverseDifference } from './difference.ts';
export type { DifferenceOptions } from './difference.ts';
export { fft, ifft, spectrum, dominantFrequencies, fourierFeatures } from './fourier.ts';
export type { Complex, Spectrum, SpectrumOptions, DominantFrequency, FourierFeatures } from './fourier.ts';
export { StandardScaler, MinMaxScaler } from './scalers.ts';
export type { ScalerInput } from './scalers.ts';
