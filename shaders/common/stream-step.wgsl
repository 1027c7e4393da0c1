// Shared by the streaming step kernels (rnn/stream-step.wgsl, rnn/stream-ksplit*.wgsl): one timestep of one
// layer, bindings and Params (the glue binds the same buffers for every variant), the weight accessor (float32
// or float16 storage, kernels/stream.ts gives the layout) and the gate maths + state update of one column.
// Expects common/numerics.wgsl and common/f16.wgsl before it.

override CELL: u32 = 0u; // 0 LSTM, 1 GRU, 2 RNN
override RELU: u32 = 0u; // RNN nonlinearity: 0 tanh, 1 relu
override F16: u32 = 0u;  // w: 0 float32 vec4s, 1 packed halves

struct Params { N: u32, I: u32, H: u32, P: u32, R: u32, C4: u32, K: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;            // [N, I]
@group(0) @binding(1) var<storage, read> h: array<f32>;            // [N, R] state entering the step
@group(0) @binding(2) var<storage, read> c: array<f32>;            // [N, H] (LSTM; a stand-in otherwise)
@group(0) @binding(3) var<storage, read> w: array<vec4<u32>>;      // [K, C4] packed W_ih^T over W_hh^T (f32 bits, or halves)
@group(0) @binding(4) var<storage, read> b: array<vec4<f32>>;      // [2, C4] packed b_ih, b_hh
@group(0) @binding(5) var<storage, read> w_hr_t: array<u32>;       // [H, P] (projection: f32 bits, or halves; a stand-in otherwise)
@group(0) @binding(6) var<storage, read_write> h_out: array<f32>;  // [N, R]
@group(0) @binding(7) var<storage, read_write> c_out: array<f32>;  // [N, H] (LSTM; a scratch otherwise)
@group(0) @binding(8) var<uniform> p: Params;

// Column i of the flattened [K, C4] weights as f32.
fn weight(i: u32) -> vec4<f32> {
  if (F16 == 0u) { return bitcast<vec4<f32>>(w[i]); }
  return half_quad(w[i >> 1u], i);
}

// Element i of the flattened [H, P] W_hr^T as f32 (halves: two per word, element 2m in the low half).
fn w_hr(i: u32) -> f32 {
  if (F16 == 0u) { return bitcast<f32>(w_hr_t[i]); }
  return unpack2x16float(w_hr_t[i >> 1u])[i & 1u];
}

fn z_at(n: u32, k: u32) -> f32 {
  if (k < p.I) { return x[n * p.I + k]; }
  return h[n * p.R + (k - p.I)];
}

// LSTM unit: a = pre-activations (i, f, g, o); returns (c', o * tanh(c')).
fn lstm_unit(a: vec4<f32>, c_prev: f32) -> vec2<f32> {
  let c_new = sigmoid(a.y) * c_prev + sigmoid(a.x) * stable_tanh(a.z);
  return vec2<f32>(c_new, sigmoid(a.w) * stable_tanh(c_new));
}

// Gate maths and state update of column q of row n (LSTM/RNN/GRU without projection).
fn finish(n: u32, q: u32, ax: vec4<f32>, ah: vec4<f32>) {
  let gx = ax + b[q];        // + b_ih
  let gh = ah + b[p.C4 + q]; // + b_hh
  let H = p.H;
  if (CELL == 0u) {
    let u = lstm_unit(gx + gh, c[n * H + q]);
    c_out[n * H + q] = u.x;
    h_out[n * H + q] = u.y;
  } else if (CELL == 1u) {
    // PyTorch's GRU: n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) n + z h.
    let r = sigmoid(gx.x + gh.x);
    let z = sigmoid(gx.y + gh.y);
    let nn = stable_tanh(gx.z + r * gh.z);
    h_out[n * H + q] = (1.0 - z) * nn + z * h[n * H + q];
  } else {
    let v = gx + gh;
    for (var e = 0u; e < 4u; e++) {
      let j = 4u * q + e;
      if (j < H) { h_out[n * H + j] = select(stable_tanh(v[e]), max(v[e], 0.0), RELU == 1u); }
    }
  }
}
