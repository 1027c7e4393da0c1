// Classical time-series models on plain arrays (CPU, float64): moving averages and exponential
// smoothing, trend regression, ACF/PACF, AR with order selection, ARIMA/SARIMA/ARIMAX by exact
// Kalman-filter likelihood (exact diffuse with differencing), VAR, ADF / KPSS / portmanteau tests,
// and batched AR least squares. Re-exported from the root as `stats`.
export { sma, wma, ema, holt, holtWinters } from './smoothing.ts';
export type { MovingAverageOptions, EmaOptions, HoltOptions, HoltWintersOptions, SmoothingResult, SeasonalKind } from './smoothing.ts';
export { linearTrend, polynomialTrend, exponentialTrend } from './trend.ts';
export type { TrendOptions, TrendModel, LinearTrendModel, ExponentialTrendModel } from './trend.ts';
export { acf, pacf, autocovariance } from './correlation.ts';
export type { AcfOptions, PacfOptions, PacfMethod, CorrelationResult } from './correlation.ts';
export { fitAR, selectAROrder } from './ar.ts';
export type { ARModel, AROptions, ARTrend, ARMethod, InformationCriterion, SelectAROptions, AROrderSelection } from './ar.ts';
export { fitARBatch, arBatchNormalEquations, solveBatchedSPD } from './ar-batch.ts';
export { fitARBatchGpu } from './ar-batch-gpu.ts';
export type { ARBatchGpuOptions } from './ar-batch-gpu.ts';
export { fitARIMABatchGpu, arimaLoglikBatchGpu } from './arima-batch-gpu.ts';
export type { ARIMABatchGpuOptions, ARIMABatchResult } from './arima-batch-gpu.ts';
export type { ARBatchOptions, ARBatchResult, BatchSeries } from './ar-batch.ts';
export type { Forecast } from './forecast.ts';
export type { MissingPolicy, MissingOption, SeriesLike } from './series.ts';
export { minimizeBFGS, minimizeNelderMead } from './optimize.ts';
export type { MinimizeOptions, MinimizeResult } from './optimize.ts';
export { fitARIMA } from './arima.ts';
export type { ARIMAModel, ARIMAOptions, ARIMAOrder, ARIMAProgress, DiffuseMethod, SeasonalOrder } from './arima.ts';
export { autoARIMA } from './auto-arima.ts';
export type { AutoARIMAOptions, AutoARIMAResult, AutoARIMACandidate } from './auto-arima.ts';
export { fitVAR, selectVAROrder } from './var.ts';
export type { VARModel, VAROptions } from './var.ts';
export { kpss, ndiffs } from './unit-root.ts';
export type { KPSSOptions, KPSSResult, NdiffsOptions } from './unit-root.ts';
export { adfuller, mackinnonP, mackinnonCrit } from './adf.ts';
export type { ADFOptions, ADFResult, ADFRegression } from './adf.ts';
export { ljungBox, boxPierce, jarqueBera, arimaDiagnostics } from './diagnostics.ts';
export type { PortmanteauOptions, PortmanteauResult, ARIMADiagnostics } from './diagnostics.ts';
export { chi2Sf, normalCdf } from './distributions.ts';
export { kalmanFilter, forecastStateSpace } from './kalman.ts';
export type { StateSpaceModel, KalmanFilterResult } from './kalman.ts';
export { stateSmoother } from './kalman-smoother.ts';
export type { SmootherResult } from './kalman-smoother.ts';
export { fitStructural, structuralStateSpace } from './structural.ts';
export type { StructuralKind, StructuralModel } from './structural.ts';
