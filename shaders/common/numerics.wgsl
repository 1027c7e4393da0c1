// The numerics policy, written once. WGSL has no infinity literal and may fold 1.0/0.0 to 0, so
// log-space code uses a finite sentinel for log(0): NEG_INF. The CPU reference uses -Infinity and
// the test comparison maps values <= NEG_INF_THRESHOLD back to -Infinity (test/tolerances.ts).
//
// The log-zero rule (CPU twin: LOG_ZERO_THRESHOLD and logZeroFloor in src/backends/cpu/ctc.ts): every log-space value
// at or below NEG_INF_THRESHOLD, an input log-probability as much as a computed alpha or beta, IS log(0). Inputs
// pass through log_zero_floor when read, so a finite -1e30 logit, a real -Infinity and the sentinel all mean
// "probability 0" and the arithmetic below never sees an infinity. f32 cannot carry sums near 1e30 with any precision
// (its spacing there is ~1e23), so there is no finite "1e30 loss" to agree on: an item whose every alignment needs
// such a frame has loss +Infinity on both backends (0 with zeroInfinity), gradient terms of log(0) classes are 0, and
// an item with no alignment has gradient 0 with or without zeroInfinity (finite always, as warp-ctc; PyTorch: NaN).
const NEG_INF: f32 = -1.0e30;
const NEG_INF_THRESHOLD: f32 = -1.0e29;

// The input side of the log-zero rule: -Infinity, -1e30 or anything <= NEG_INF_THRESHOLD becomes the sentinel.
// NaN fails the comparison and passes through: it is the caller's value, not a probability.
fn log_zero_floor(x: f32) -> f32 {
  if (x <= NEG_INF_THRESHOLD) { return NEG_INF; }
  return x;
}

// log(exp(a) + exp(b)) without overflow; sentinel-aware so NEG_INF + NEG_INF stays NEG_INF.
fn log_add(a: f32, b: f32) -> f32 {
  let m = max(a, b);
  if (m <= NEG_INF_THRESHOLD) { return NEG_INF; }
  return m + log(exp(a - m) + exp(b - m));
}

// exp that maps the sentinel to exactly 0.
fn safe_exp(x: f32) -> f32 {
  if (x <= NEG_INF_THRESHOLD) { return 0.0; }
  return exp(x);
}

// Logistic sigmoid in the form that cannot overflow exp for large |x|.
fn sigmoid(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}

// tanh with its input clamped: some drivers' built-in tanh returns NaN for large |x|, and
// tanh(15) already rounds to 1 in f32.
fn stable_tanh(x: f32) -> f32 {
  return tanh(clamp(x, -15.0, 15.0));
}

// erf by Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7), the same formula as the CPU reference.
fn erf_approx(x: f32) -> f32 {
  let a = abs(x);
  let t = 1.0 / (1.0 + 0.3275911 * a);
  let y = 1.0 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-a * a);
  return select(-y, y, x >= 0.0);
}
