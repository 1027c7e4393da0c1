// The gallery's list of demos: one entry per folder under demos/. `status` is honest: 'live' demos train or run
// end to end here; 'planned' ones wait for the engine parts named in `needs` and are not linked.
export type DemoStatus = 'live' | 'planned';

export interface DemoEntry {
  path: string;
  title: string;
  blurb: string;
  status: DemoStatus;
  tags: string[];
  /** For planned demos: the engine pieces they wait for. */
  needs?: string;
}

export const DEMOS: DemoEntry[] = [
  {
    path: 'gpu-vs-cpu/',
    title: 'GPU vs CPU',
    blurb: 'Runs the op suite on WebGPU and on the CPU reference in your browser and shows the max difference per op, gradients included.',
    status: 'live',
    tags: ['verification', 'all ops', 'gradients'],
  },
  {
    path: 'mlp-regression/',
    title: 'MLP regression',
    blurb: 'Fits a noisy sine with a small MLP and Adam, live train and validation loss, on WebGPU or CPU.',
    status: 'live',
    tags: ['training', 'nn.Linear', 'Adam'],
  },
  {
    path: 'cell-explainer/',
    title: 'RNN / LSTM / GRU cell explainer',
    blurb: 'Cells up to 4 inputs and 4 units: set the input, state and weights (sliders or grids) or load the lecture\'s examples with their slips flagged, and watch every gate and state update.',
    status: 'live',
    tags: ['RNN', 'LSTM', 'GRU'],
  },
  {
    path: 'gradient-flow/',
    title: 'Gradient flow through time',
    blurb: 'RNN, LSTM and GRU on recall-the-first-token: ||dL/dh_t|| against t from seqgpu\'s own BPTT, accuracy against T, clipping for the exploding case.',
    status: 'live',
    tags: ['BPTT', 'vanishing gradients', 'RNN', 'LSTM', 'GRU'],
  },
  {
    path: 'forecasting/',
    title: 'Forecasting: Nile and sunspots',
    blurb: 'LSTM and GRU trained in the browser against ARIMA, exponential smoothing and a moving average, with a held-out error table.',
    status: 'live',
    tags: ['LSTM', 'GRU', 'ARIMA'],
  },
  {
    path: 'char-lm/',
    title: 'Character-level language model',
    blurb: 'A GRU learns the opening of Alice in Wonderland (public domain); live samples with greedy, temperature and beam-search decoding.',
    status: 'live',
    tags: ['GRU', 'sampling', 'beam search'],
  },
  {
    path: 'ctc-labeling/',
    title: 'Alignment-free labelling with CTC',
    blurb: 'Conv1d + bidirectional GRU + CTC on synthetic speech-like digit strings; the alignment lattice, greedy vs prefix beam decoding.',
    status: 'live',
    tags: ['CTC', 'Conv1d', 'BiGRU'],
  },
  {
    path: 'seq2seq/',
    title: 'Sequence-to-sequence with attention',
    blurb: 'Date-format conversion; teacher forcing vs scheduled sampling, the attention map and the beam tree.',
    status: 'live',
    tags: ['seq2seq', 'attention', 'beam search'],
  },
  {
    path: 'worked-examples/',
    title: 'Worked examples',
    blurb: "The lecture's worked examples recomputed live by seqgpu (RNN step, gates, 1D convolution, trends, beam search, CTC), with each arithmetic slip shown and explained.",
    status: 'live',
    tags: ['lecture', 'checks'],
  },
];
