// The LSTM and GRU cell updates shared by the per-step, persistent, tiled and projection forward kernels: gate
// math for unit (n, j) at time t, the output y and the saved row that BPTT reads (not written in inference: see
// keep_saved in rnn-steps.wgsl). Contract: the including kernel also includes numerics.wgsl and rnn-steps.wgsl and
// declares x_proj, y and saved with the layouts below. Twins: rnn-cell-grads.wgsl (their gradients),
// backends/cpu/rnn-lstm.ts, backends/cpu/rnn-gru.ts.

struct LstmCell { h: f32, c: f32 }

// The LSTM cell from its 4 pre-activations a = (i f g o): gates, new c, and h = o tanh(c) (with a projection this
// is m, projected afterwards).
struct LstmGates { i: f32, f: f32, g: f32, o: f32, c: f32, h: f32 }
fn lstm_gates(a: vec4<f32>, c_prev: f32) -> LstmGates {
  let i = sigmoid(a.x);
  let f = sigmoid(a.y);
  let g = stable_tanh(a.z);
  let o = sigmoid(a.w);
  let c = f * c_prev + i * g;
  return LstmGates(i, f, g, o, c, o * stable_tanh(c));
}

// The saved columns c_prev i f g o c at cb, cb + H, ..., cb + 5H: what lstm_cell_grad (rnn-cell-grads.wgsl) reads.
fn lstm_save(cb: u32, c_prev: f32, q: LstmGates) {
  let H = p.H;
  saved[cb] = c_prev;
  saved[cb + H] = q.i;
  saved[cb + 2u * H] = q.f;
  saved[cb + 3u * H] = q.g;
  saved[cb + 4u * H] = q.o;
  saved[cb + 5u * H] = q.c;
}

// LSTM (no projection) from its 4 pre-activations a = (i f g o), x_proj and both biases included.
// saved [D, T, N, 7H]: h_prev c_prev i f g o c.
fn lstm_finish(t: u32, n: u32, d: u32, j: u32, a: vec4<f32>, h_prev: f32, c_prev: f32) -> LstmCell {
  let H = p.H;
  let q = lstm_gates(a, c_prev);
  y[xrow(t, n, d) * H + j] = q.h;
  if (keep_saved()) {
    let sb = srow(t, n, d) * 7u * H + j;
    saved[sb] = h_prev;
    lstm_save(sb + H, c_prev, q);
  }
  return LstmCell(q.h, q.c);
}

// GRU, PyTorch's reset-after form, given hp = W_hh h_prev + b_hh for the unit's rows (r z n); x_proj [T, N, D, 3H]
// holds b_ih. saved [D, T, N, 5H]: h_prev r z n hn. Returns the new h.
fn gru_finish(t: u32, n: u32, d: u32, j: u32, hp: vec3<f32>, h_prev: f32) -> f32 {
  let H = p.H;
  let row = xrow(t, n, d);
  let xb = row * 3u * H + j;
  let r = sigmoid(x_proj[xb] + hp.x);
  let z = sigmoid(x_proj[xb + H] + hp.y);
  let nn = stable_tanh(x_proj[xb + 2u * H] + r * hp.z);
  let h = (1.0 - z) * nn + z * h_prev;
  y[row * H + j] = h;
  if (keep_saved()) {
    let sb = srow(t, n, d) * 5u * H + j;
    saved[sb] = h_prev;
    saved[sb + H] = r;
    saved[sb + 2u * H] = z;
    saved[sb + 3u * H] = nn;
    saved[sb + 4u * H] = hp.z; // W_hn h + b_hn: the reset gate's gradient needs it
  }
  return h;
}
