// Time, direction and padding helpers shared by the recurrent kernels in shaders/rnn/. Contract: the including
// kernel declares a uniform `p` whose Params begin with T, N, H, s, reverse, has_len, flags, D, lens (the layout
// backends/webgpu/rnn.ts packs). Twins: backends/cpu/rnn.ts (timeOrder, isActive).
fn len_of(n: u32) -> u32 { if (p.has_len == 0u) { return p.T; } return p.lens[n / 4u][n % 4u]; }
// Direction 1 of a pair walks time backwards (reverse XOR d: a lone reverse direction has d = 0).
fn rev(d: u32) -> bool { return (p.reverse != 0u) != (d == 1u); }
fn time_at(s: u32, d: u32) -> u32 { return select(s, p.T - 1u - s, rev(d)); }
// Padded steps are t >= len, so an item's active steps are contiguous and start (forward) or end (reverse) the
// visit: the state entering an active step is the previous visited step's output if that step was active, else h0.
fn in_seq(s: u32, n: u32, d: u32) -> bool { return time_at(s, d) < len_of(n); }
// x_proj, y, dy and dx_proj are [T, N, D, ·] (one input GEMM for both directions; y is already the concatenated
// output); saved activations are [D, T, N, ·] (per-direction blocks for the batched dW_hh GEMM); states [D, N, ·].
fn xrow(t: u32, n: u32, d: u32) -> u32 { return (t * p.N + n) * p.D + d; }
fn srow(t: u32, n: u32, d: u32) -> u32 { return (d * p.T + t) * p.N + n; }
// Forward flag 8: inference (no gradient will be taken), so the saved rows are not written and `saved` is a
// 4-float stand-in. Nothing in a forward kernel may read saved rows as state: c and h travel through c_n and y.
const NO_SAVED: u32 = 8u;
fn keep_saved() -> bool { return (p.flags & NO_SAVED) == 0u; }
