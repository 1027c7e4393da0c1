// The LSTM and GRU cell gradients shared by the fused, persistent, tiled and projection BPTT kernels: the gate
// pre-activation gradients of unit j at time t from its saved row, written to dx_proj [T, N, D, G*H] (which is
// also dGates for the dW_hh GEMM). Contract: the including kernel includes numerics.wgsl and rnn-steps.wgsl and
// declares `saved` and `dx_proj`. Twins: rnn-cells.wgsl (the forward cells), backends/cpu/rnn-lstm.ts,
// backends/cpu/rnn-gru.ts.

struct LstmGrad { da: vec4<f32>, dc_prev: f32 }

// LSTM, from the saved columns c_prev i f g o c at cb, cb + H, ..., cb + 5H (cb: the c_prev entry of unit j; the
// unprojected row puts h_prev before it, the projected row its P entries), dh = dL/dh_t (projection: dL/dm_t)
// in total and dc_in = dL/dc_t from the next step. Returns the gate gradients and dL/dc_{t-1}.
fn lstm_cell_grad(t: u32, n: u32, d: u32, j: u32, cb: u32, dh: f32, dc_in: f32) -> LstmGrad {
  let H = p.H;
  let c_prev = saved[cb];
  let i = saved[cb + H];
  let f = saved[cb + 2u * H];
  let g = saved[cb + 3u * H];
  let o = saved[cb + 4u * H];
  let tc = stable_tanh(saved[cb + 5u * H]);
  // c_t reaches the loss through h_t = o tanh(c_t) and through the next step's f c_t (dc_in).
  let dc_tot = dc_in + dh * o * (1.0 - tc * tc);
  let da = vec4<f32>(dc_tot * g * i * (1.0 - i), dc_tot * c_prev * f * (1.0 - f), dc_tot * i * (1.0 - g * g), dh * tc * o * (1.0 - o));
  let b = xrow(t, n, d) * 4u * H + j;
  dx_proj[b] = da.x;
  dx_proj[b + H] = da.y;
  dx_proj[b + 2u * H] = da.z;
  dx_proj[b + 3u * H] = da.w;
  return LstmGrad(da, dc_tot * f);
}

struct GruGrad { dhp: vec3<f32>, direct: f32 }

// GRU (reset-after) from the saved row h_prev r z n hn (5H), dh = dL/dh_t in total. h = (1 - z) n + z h_prev,
// n = tanh(x_n + r hn). Writes dx_proj (r, z, n blocks); returns dHp, the gradient of W_hh h + b_hh (x_n enters
// pre_n with weight 1 but hn with weight r, so the n blocks differ), and the direct path z * dh to h_{t-1}.
fn gru_cell_grad(t: u32, n: u32, d: u32, j: u32, dh: f32) -> GruGrad {
  let H = p.H;
  let sb = srow(t, n, d) * 5u * H + j;
  let h_prev = saved[sb];
  let r = saved[sb + H];
  let z = saved[sb + 2u * H];
  let nn = saved[sb + 3u * H];
  let hn = saved[sb + 4u * H];
  let d_pre_n = dh * (1.0 - z) * (1.0 - nn * nn);
  let d_pre_r = d_pre_n * hn * r * (1.0 - r);
  let d_pre_z = dh * (h_prev - nn) * z * (1.0 - z);
  let xb = xrow(t, n, d) * 3u * H + j;
  dx_proj[xb] = d_pre_r;
  dx_proj[xb + H] = d_pre_z;
  dx_proj[xb + 2u * H] = d_pre_n;
  return GruGrad(vec3<f32>(d_pre_r, d_pre_z, d_pre_n * r), dh * z);
}
