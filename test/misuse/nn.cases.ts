// Misuse cases for nn modules (issue 11, part 1): constructor options PyTorch rejects, forward inputs of the wrong
// kind or shape, token ids outside the vocabulary, state dicts that are not dicts, Seq2Seq options that cannot work
// together. Imported by the harness page too: use only the `sg` passed in (type imports are fine).
import type { CaseBuilder, MisuseCase } from './run-cases.ts';

export const build: CaseBuilder = (sg, device) => {
  const cases: MisuseCase[] = [];
  const add = (name: string, error: string, message: RegExp, run: () => unknown): void => {
    cases.push({ name, error, message, run });
  };
  const nn = sg.nn;
  const o = { device };

  // Linear
  add('Linear: negative inFeatures', 'ArgumentError', /Linear: inFeatures must be an integer >= 0, got -1/, () => new nn.Linear(-1, 3, o));
  add('Linear: fractional outFeatures', 'ArgumentError', /Linear: outFeatures must be an integer >= 0, got 2.5/, () => new nn.Linear(3, 2.5, o));
  add('Linear: NaN inFeatures', 'ArgumentError', /inFeatures must be an integer >= 0, got NaN/, () => new nn.Linear(Number.NaN, 2, o));
  add('Linear: string size', 'ArgumentError', /inFeatures must be an integer >= 0, got string "3"/, () => new nn.Linear('3' as unknown as number, 2, o));
  add('Linear: options not an object', 'ArgumentError', /Linear: options must be an object, got 5/, () => new nn.Linear(3, 2, 5 as never));
  add('Linear.forward: wrong last dim', 'ShapeError', /Linear\(3, 2\): input \[2, 4\] has last dimension 4, expected 3/, () => new nn.Linear(3, 2, o).forward(sg.zeros([2, 4], o)));
  add('Linear.forward: a Promise (forgot await)', 'ArgumentError', /input must be a Tensor, got a Promise/, () => new nn.Linear(3, 2, o).forward(Promise.resolve(1) as never));
  add('Linear.forward: a plain array', 'ArgumentError', /input must be a Tensor, got a plain array/, () => new nn.Linear(3, 2, o).forward([1, 2, 3] as never));

  // Embedding
  add('Embedding: zero numEmbeddings', 'ArgumentError', /Embedding: numEmbeddings must be a positive integer, got 0/, () => new nn.Embedding(0, 4, o));
  add('Embedding: negative embeddingDim', 'ArgumentError', /embeddingDim must be a positive integer, got -4/, () => new nn.Embedding(5, -4, o));
  add('Embedding: paddingIdx out of range', 'IndexError', /paddingIdx 5 must be within \[-5, 5\)/, () => new nn.Embedding(5, 4, { ...o, paddingIdx: 5 }));
  add('Embedding: fractional paddingIdx', 'ArgumentError', /paddingIdx must be an integer, got number 1.5/, () => new nn.Embedding(5, 4, { ...o, paddingIdx: 1.5 }));
  add('Embedding: id past the vocabulary', 'IndexError', /id 5 at flat index 1 is out of range: the vocabulary is 0..4/, () => new nn.Embedding(5, 4, o).forward([0, 5]));
  add('Embedding: negative id', 'IndexError', /id -1 at flat index 0 is out of range/, () => new nn.Embedding(5, 4, o).forward(Int32Array.of(-1)));
  add('Embedding: fractional id', 'ArgumentError', /ids\[1\] must be an integer token id, got number 2.5/, () => new nn.Embedding(5, 4, o).forward([1, 2.5]));
  add('Embedding: NaN id', 'ArgumentError', /ids\[0\] must be an integer token id, got number NaN/, () => new nn.Embedding(5, 4, o).forward([Number.NaN]));
  add('Embedding: float32 ids', 'DTypeError', /ids must be int32, got float32/, () => new nn.Embedding(5, 4, o).forward(sg.zeros([2], o)));
  add('Embedding: ids a string', 'ArgumentError', /ids must be an int32 Tensor, an Int32Array or a number\[\], got string/, () => new nn.Embedding(5, 4, o).forward('12' as never));
  add('Embedding: int32 tensor id out of range', 'IndexError', /id 9 at flat index 0 is out of range/, () => new nn.Embedding(5, 4, o).forward(sg.tensor(Int32Array.of(9), o)));

  // RNN / LSTM / GRU
  add('LSTM: hiddenSize 0', 'ArgumentError', /LSTM\(3, 0\): hiddenSize must be a positive integer, got 0/, () => new nn.LSTM(3, 0, o));
  add('GRU: inputSize negative', 'ArgumentError', /inputSize must be a positive integer, got -2/, () => new nn.GRU(-2, 4, o));
  add('RNN: numLayers 0', 'ArgumentError', /numLayers must be a positive integer, got 0/, () => new nn.RNN(3, 4, { ...o, numLayers: 0 }));
  add('GRU: numLayers 1.5', 'ArgumentError', /numLayers must be a positive integer, got 1.5/, () => new nn.GRU(3, 4, { ...o, numLayers: 1.5 }));
  add('LSTM: dropout negative', 'ArgumentError', /dropout must be in \[0, 1\], got -0.1/, () => new nn.LSTM(3, 4, { ...o, dropout: -0.1 }));
  add('RNN: dropout 1.5', 'ArgumentError', /dropout must be in \[0, 1\], got 1.5/, () => new nn.RNN(3, 4, { ...o, dropout: 1.5 }));
  add('GRU: dropout NaN', 'ArgumentError', /dropout must be in \[0, 1\], got NaN/, () => new nn.GRU(3, 4, { ...o, dropout: Number.NaN }));
  add('LSTM: projSize = hiddenSize', 'ArgumentError', /projSize must be an integer in \[0, hiddenSize\) = \[0, 4\), got 4/, () => new nn.LSTM(3, 4, { ...o, projSize: 4 }));
  add('LSTM: projSize negative', 'ArgumentError', /projSize must be an integer >= 0, got -1/, () => new nn.LSTM(3, 4, { ...o, projSize: -1 }));
  add('RNN: nonlinearity sigmoid', 'ArgumentError', /nonlinearity must be 'tanh' or 'relu', got 'sigmoid'/, () => new nn.RNN(3, 4, { ...o, nonlinearity: 'sigmoid' as never }));
  add('LSTM: bidirectional a string', 'ArgumentError', /bidirectional must be a boolean, got string "yes"/, () => new nn.LSTM(3, 4, { ...o, bidirectional: 'yes' as never }));
  add('GRU: unknown impl', 'ArgumentError', /impl must be one of 'auto', 'fused', 'persistent', 'tiled', 'composed', got 'fast'/, () => new nn.GRU(3, 4, { ...o, impl: 'fast' as never }));
  add('LSTM: options a number', 'ArgumentError', /options must be an object, got 2/, () => new nn.LSTM(3, 4, 2 as never));
  add('LSTM.forward: wrong input size', 'ShapeError', /input \[2, 1, 5\] has input size 5, expected inputSize = 3/, () => new nn.LSTM(3, 4, o).forward(sg.zeros([2, 1, 5], o)));
  add('GRU.forward: 4-D input', 'ShapeError', /input must be \[T, N, inputSize\] or unbatched \[T, inputSize\], got \[1, 1, 1, 3\]/, () => new nn.GRU(3, 4, o).forward(sg.zeros([1, 1, 1, 3], o)));
  add('GRU.forward: int32 input', 'DTypeError', /input must be float32, got int32/, () => new nn.GRU(3, 4, o).forward(sg.zeros([2, 1, 3], { ...o, dtype: 'int32' })));
  add('RNN.forward: no timesteps', 'ShapeError', /has no timesteps/, () => new nn.RNN(3, 4, o).forward(sg.zeros([0, 1, 3], o)));
  add('LSTM.forward: h0 wrong shape', 'ShapeError', /h0 has shape \[1, 2, 4\], expected \[1, 1, 4\]/, () => new nn.LSTM(3, 4, o).forward(sg.zeros([2, 1, 3], o), [sg.zeros([1, 2, 4], o), sg.zeros([1, 1, 4], o)]));
  add('LSTM.forward: state not a pair', 'ArgumentError', /the state must be a pair \[h0, c0\]/, () => new nn.LSTM(3, 4, o).forward(sg.zeros([2, 1, 3], o), sg.zeros([1, 1, 4], o) as never));
  add('GRU.forward: h0 a Promise', 'ArgumentError', /h0 must be a Tensor or null, got a Promise/, () => new nn.GRU(3, 4, o).forward(sg.zeros([2, 1, 3], o), Promise.resolve(0) as never));
  add('GRU.forward: lengths longer than T', 'IndexError', /lengths\[0\] = 3 is longer than the sequence length T = 2/, () => new nn.GRU(3, 4, o).forward(sg.zeros([2, 1, 3], o), null, { lengths: [3] }));
  add('GRU.forward: negative length', 'IndexError', /lengths\[0\] = -1 is negative/, () => new nn.GRU(3, 4, o).forward(sg.zeros([2, 1, 3], o), null, { lengths: [-1] }));
  add('RNN.forward: fractional length', 'ArgumentError', /lengths\[0\] = number 1.5 is not an integer/, () => new nn.RNN(3, 4, o).forward(sg.zeros([2, 1, 3], o), null, { lengths: [1.5] }));
  add('RNN.forward: lengths count differs from batch', 'ShapeError', /lengths has 2 entries but the input \[2, 1, 3\] has batch size 1/, () => new nn.RNN(3, 4, o).forward(sg.zeros([2, 1, 3], o), null, { lengths: [1, 1] }));

  // Streaming (module.stream(): nn/stream.ts)
  const lstm2 = (): InstanceType<typeof nn.LSTM> => new nn.LSTM(3, 4, { ...o, numLayers: 2 });
  add('stream: bidirectional', 'ArgumentError', /a bidirectional layer cannot stream/, () => new nn.GRU(3, 4, { ...o, bidirectional: true }).stream());
  add('stream: batch 0', 'ArgumentError', /batch must be a positive integer, got (number )?0/, () => lstm2().stream({ batch: 0 }));
  add('stream: unknown option', 'ArgumentError', /unknown option 'batchSize'/, () => lstm2().stream({ batchSize: 2 } as never));
  add('stream: LSTM state not a pair', 'ArgumentError', /state must be a pair \[h0, c0\]/, () => lstm2().stream({ batch: 2, state: sg.zeros([2, 2, 4], o) }));
  add('stream: h0 of the wrong batch', 'ShapeError', /h0 has shape \[2, 3, 4\], expected \[2, 2, 4\]/, () => lstm2().stream({ batch: 2, state: [sg.zeros([2, 3, 4], o), sg.zeros([2, 2, 4], o)] }));
  add('stream.step: wrong input size', 'ShapeError', /step\(\) input \[2, 5\] does not match \[batch = 2, inputSize = 3\]/, () => lstm2().stream({ batch: 2 }).step(sg.zeros([2, 5], o)));
  add('stream.step: a [T, N, I] input', 'ShapeError', /step\(\) input must be \[batch = 2, inputSize = 3\], got \[1, 2, 3\]/, () => lstm2().stream({ batch: 2 }).step(sg.zeros([1, 2, 3], o)));
  add('stream.step: int32 input', 'DTypeError', /step\(\) input must be float32, got int32/, () => lstm2().stream({ batch: 2 }).step(sg.zeros([2, 3], { ...o, dtype: 'int32' })));
  add('stream.chunk: wrong batch', 'ShapeError', /chunk\(\) input \[4, 3, 3\] does not match \[T, batch = 2, inputSize = 3\]/, () => lstm2().stream({ batch: 2 }).chunk(sg.zeros([4, 3, 3], o)));
  add('stream.reset: row out of range', 'IndexError', /reset\(\) rows\[0\] = 2 is out of range for batch 2/, () => lstm2().stream({ batch: 2 }).reset([2]));
  add('stream.step: after dispose', 'DisposedError', /step\(\) after dispose\(\)/, () => {
    const s = lstm2().stream();
    s.dispose();
    return s.step(sg.zeros([1, 3], o));
  });

  // Cells
  add('LSTMCell: hiddenSize 0', 'ArgumentError', /LSTMCell: hiddenSize must be a positive integer, got 0/, () => new nn.LSTMCell(3, 0, o));
  add('GRUCell.forward: wrong input size', 'ShapeError', /GRUCell\(3, 4\): input must be \[N, 3\] or \[3\], got \[2, 5\]/, () => new nn.GRUCell(3, 4, o).forward(sg.zeros([2, 5], o)));
  add('RNNCell.forward: h wrong shape', 'ShapeError', /RNNCell\(3, 4\): h has shape \[2, 3\], expected \[2, 4\]/, () => new nn.RNNCell(3, 4, o).forward(sg.zeros([2, 3], o), sg.zeros([2, 3], o)));
  add('RNNCell.forward: input undefined', 'ArgumentError', /RNNCell\(3, 4\): input must be a Tensor, got undefined/, () => new nn.RNNCell(3, 4, o).forward(undefined as never));

  // Conv1d and pools
  add('Conv1d: kernelSize 0', 'ArgumentError', /kernelSize must be a positive integer, got 0/, () => new nn.Conv1d(2, 4, 0, o));
  add('Conv1d: inChannels 0', 'ArgumentError', /inChannels must be a positive integer, got 0/, () => new nn.Conv1d(0, 4, 3, o));
  add('Conv1d: stride 0', 'ArgumentError', /stride must be a positive integer, got 0/, () => new nn.Conv1d(2, 4, 3, { ...o, stride: 0 }));
  add('Conv1d: dilation negative', 'ArgumentError', /dilation must be a positive integer, got -1/, () => new nn.Conv1d(2, 4, 3, { ...o, dilation: -1 }));
  add('Conv1d: negative padding', 'ArgumentError', /padding must be an integer >= 0, got -2/, () => new nn.Conv1d(2, 4, 3, { ...o, padding: -2 }));
  add('Conv1d: padding an unknown string', 'ArgumentError', /padding must be a non-negative integer, 'same' or 'valid', got string "full"/, () => new nn.Conv1d(2, 4, 3, { ...o, padding: 'full' as never }));
  add("Conv1d: padding 'same' with stride 2", 'ArgumentError', /padding 'same' needs stride 1, got stride 2/, () => new nn.Conv1d(2, 4, 3, { ...o, padding: 'same', stride: 2 }));
  add('Conv1d: groups not dividing channels', 'ArgumentError', /channels must be divisible by groups 3/, () => new nn.Conv1d(2, 4, 3, { ...o, groups: 3 }));
  add('Conv1d: groups 0', 'ArgumentError', /groups must be a positive integer, got 0/, () => new nn.Conv1d(2, 4, 3, { ...o, groups: 0 }));
  add('Conv1d: causal with padding', 'ArgumentError', /causal adds its own left padding/, () => new nn.Conv1d(2, 4, 3, { ...o, causal: true, padding: 1 }));
  add('MaxPool1d: kernelSize 0', 'ArgumentError', /MaxPool1d: kernelSize must be a positive integer, got 0/, () => new nn.MaxPool1d(0));
  add('AvgPool1d: padding above half the kernel', 'ArgumentError', /AvgPool1d: padding must be an integer in \[0, 1\], got 2/, () => new nn.AvgPool1d(2, { padding: 2 }));
  add('MaxPool1d: stride 0', 'ArgumentError', /MaxPool1d: stride must be a positive integer, got 0/, () => new nn.MaxPool1d(2, { stride: 0 }));

  // LayerNorm, Dropout, Attention, CTCLoss
  add('LayerNorm: zero dim', 'ArgumentError', /LayerNorm: normalizedShape must be positive integers, got \[0\]/, () => new nn.LayerNorm(0, o));
  add('LayerNorm: negative eps', 'ArgumentError', /LayerNorm: eps must be >= 0, got -0.00001/, () => new nn.LayerNorm(4, { ...o, eps: -1e-5 }));
  add('LayerNorm: normalizedShape a string', 'ArgumentError', /normalizedShape must be a number or an array of dims, got string/, () => new nn.LayerNorm('4' as never, o));
  add('LayerNorm.forward: wrong trailing shape', 'ShapeError', /LayerNorm\(\[4\]\): input \[2, 3\] does not end in the normalized shape/, () => new nn.LayerNorm(4, o).forward(sg.zeros([2, 3], o)));
  add('Dropout: p = 1.5', 'ArgumentError', /Dropout: dropout probability must be in \[0, 1\], got 1.5/, () => new nn.Dropout(1.5));
  add('Dropout: p negative', 'ArgumentError', /dropout probability must be in \[0, 1\], got -0.5/, () => new nn.Dropout(-0.5));
  add('dropout(): p NaN', 'ArgumentError', /dropout: dropout probability must be in \[0, 1\], got NaN/, () => nn.dropout(sg.zeros([2], o), Number.NaN, true));
  add('Attention: unknown kind', 'ArgumentError', /Attention: unknown kind 'cosine'/, () => new nn.Attention('cosine' as never, 4, 4, o));
  add('Attention: luong-dot sizes differ', 'ArgumentError', /query size 4 must equal key size 6; use 'luong-general'/, () => new nn.Attention('luong-dot', 4, 6, o));
  add('Attention: attnDim with luong', 'ArgumentError', /attnDim only applies to 'bahdanau'/, () => new nn.Attention('luong-general', 4, 4, { ...o, attnDim: 3 }));
  add('Attention: queryDim 0', 'ArgumentError', /queryDim must be a positive integer, got 0/, () => new nn.Attention('bahdanau', 0, 4, o));
  add('CTCLoss: unknown reduction', 'ArgumentError', /CTCLoss: reduction must be one of 'mean', 'sum', 'none', got 'avg'/, () => new nn.CTCLoss({ reduction: 'avg' as never }));
  add('CTCLoss: negative blank', 'ArgumentError', /CTCLoss: blank must be an integer >= 0, got -1/, () => new nn.CTCLoss({ blank: -1 }));

  // loadStateDict
  const lin = (): InstanceType<typeof nn.Linear> => new nn.Linear(2, 3, o);
  add('loadStateDict: null', 'FormatError', /Linear.loadStateDict: expected a state dict .* got null/, () => lin().loadStateDict(null as never));
  add('loadStateDict: a number', 'FormatError', /expected a state dict .* got number 3/, () => lin().loadStateDict(3 as never));
  add('loadStateDict: an array', 'FormatError', /expected a state dict .* got a plain array of length 2/, () => lin().loadStateDict([1, 2] as never));
  add('loadStateDict: a string', 'FormatError', /expected a state dict .* got string/, () => lin().loadStateDict('weights' as never));
  add('loadStateDict: a Tensor', 'FormatError', /expected a state dict .* got a Tensor/, () => lin().loadStateDict(sg.zeros([3, 2], o) as never));
  add('loadStateDict: a Promise', 'FormatError', /expected a state dict, got a Promise/, () => lin().loadStateDict(Promise.resolve({}) as never));
  add('loadStateDict: a Map missing keys', 'FormatError', /missing keys: bias/, () => lin().loadStateDict(new Map([['weight', { data: new Float32Array(6), shape: [3, 2] }]])));
  add('loadStateDict: empty object', 'FormatError', /missing keys: weight, bias/, () => lin().loadStateDict({}));
  add('loadStateDict: value a number', 'FormatError', /'weight' must be a Tensor or \{ data, shape \}, got number 1/, () => lin().loadStateDict({ weight: 1 as never, bias: { data: [0, 0, 0], shape: [3] } }));
  add('loadStateDict: value shape mismatch', 'ShapeError', /'bias' has shape \[2\] but the parameter is \[3\]/, () => lin().loadStateDict({ weight: { data: new Float32Array(6), shape: [3, 2] }, bias: { data: [0, 0], shape: [2] } }));
  add('loadStateDict: data length mismatch', 'ShapeError', /'bias' holds 2 values for shape \[3\]/, () => lin().loadStateDict({ weight: { data: new Float32Array(6), shape: [3, 2] }, bias: { data: [0, 0], shape: [3] } }));
  add('loadStateDict: unexpected key', 'FormatError', /unexpected keys: extra/, () => lin().loadStateDict({ weight: { data: new Float32Array(6), shape: [3, 2] }, bias: { data: [0, 0, 0], shape: [3] }, extra: { data: [1], shape: [1] } }));

  // Seq2Seq
  const base = { srcVocab: 7, tgtVocab: 6, hiddenSize: 4, bosToken: 1, eosToken: 2, padToken: 0, device, generator: new sg.Generator(1) };
  const model = (): InstanceType<typeof nn.Seq2Seq> => new nn.Seq2Seq(base);
  add('Seq2Seq: options missing', 'ArgumentError', /Seq2Seq: options must be an object/, () => new nn.Seq2Seq(undefined as never));
  add('Seq2Seq: hiddenSize 0', 'ArgumentError', /Seq2Seq: hiddenSize must be a positive integer, got 0/, () => new nn.Seq2Seq({ ...base, hiddenSize: 0 }));
  add('Seq2Seq: tgtVocab missing', 'ArgumentError', /Seq2Seq: tgtVocab must be a positive integer, got undefined/, () => new nn.Seq2Seq({ ...base, tgtVocab: undefined as never }));
  add('Seq2Seq: eosToken outside vocab', 'IndexError', /eosToken 6 is outside the target vocabulary 0..5/, () => new nn.Seq2Seq({ ...base, eosToken: 6 }));
  add('Seq2Seq: bosToken fractional', 'ArgumentError', /bosToken must be an integer token id, got 1.5/, () => new nn.Seq2Seq({ ...base, bosToken: 1.5 }));
  add('Seq2Seq: padToken = eosToken', 'ArgumentError', /padToken and eosToken are both 2/, () => new nn.Seq2Seq({ ...base, padToken: 2 }));
  add('Seq2Seq: bridge without bidirectional', 'ArgumentError', /bridge 'sum' joins the two directions .* set bidirectional: true/, () => new nn.Seq2Seq({ ...base, bridge: 'sum' }));
  add('Seq2Seq: attnDim without bahdanau', 'ArgumentError', /attnDim is the width of Bahdanau's additive layer; attention 'luong-general'/, () => new nn.Seq2Seq({ ...base, attention: 'luong-general', attnDim: 8 }));
  add('Seq2Seq: luong-dot with a bidirectional encoder', 'ArgumentError', /luong-dot.*query size 4 must equal key size 8/, () => new nn.Seq2Seq({ ...base, attention: 'luong-dot', bidirectional: true }));
  add('Seq2Seq: unknown cell', 'ArgumentError', /cell must be one of 'lstm', 'gru', got 'rnn'/, () => new nn.Seq2Seq({ ...base, cell: 'rnn' as never }));
  add('Seq2Seq: unknown attention', 'ArgumentError', /attention must be one of .* got 'dot'/, () => new nn.Seq2Seq({ ...base, attention: 'dot' as never }));
  add('Seq2Seq.loss: src id past the vocab', 'IndexError', /src token 9 at \[0, 1\] is outside the vocabulary 0..6/, () => model().loss([[3, 9]], [[2]]));
  add('Seq2Seq.loss: tgt id negative', 'IndexError', /tgt token -1 at \[0, 0\] is outside the vocabulary 0..5/, () => model().loss([[3]], [[-1]]));
  add('Seq2Seq.loss: fractional src id', 'ArgumentError', /src token at \[0, 0\] must be an integer token id, got 3.5/, () => model().loss([[3.5]], [[2]]));
  add('Seq2Seq.loss: NaN tgt id', 'ArgumentError', /tgt token at \[0, 0\] must be an integer token id, got NaN/, () => model().loss([[3]], [[Number.NaN]]));
  add('Seq2Seq.loss: teacherForcing 1.5', 'ArgumentError', /teacherForcing must be in \[0, 1\], got 1.5/, () => model().loss([[3]], [[2]], { teacherForcing: 1.5 }));
  add('Seq2Seq.loss: rows not arrays', 'ArgumentError', /src row 0 must be an array of token ids, got number 3/, () => model().loss([3] as never, [[2]]));
  add('Seq2Seq.loss: float32 src tensor', 'DTypeError', /src must be int32 token ids, got float32/, () => model().loss(sg.zeros([1, 2], o), [[2]]));
  add('Seq2Seq.greedy: id outside vocab', 'IndexError', /src token 7 at \[0, 0\] is outside the vocabulary 0..6/, () => model().greedy([[7]]));
  add('Seq2Seq.greedy: maxLength 0', 'ArgumentError', /Seq2Seq.greedy: maxLength must be an integer >= 1, got 0/, () => model().greedy([[3]], { maxLength: 0 }));
  add('Seq2Seq.beamSearch: id outside vocab', 'IndexError', /src token 8 at \[0, 1\] is outside the vocabulary/, () => model().beamSearch([3, 8]));
  add('Seq2Seq.beamSearch: fractional id', 'ArgumentError', /src token at \[0, 0\] must be an integer token id, got 0.5/, () => model().beamSearch([0.5]));
  add('Seq2Seq.beamSearch: beamWidth 0', 'ArgumentError', /beamWidth must be an integer >= 1, got 0/, () => model().beamSearch([3], { beamWidth: 0 }));
  add('Seq2Seq.beamSearch: src not an array', 'ArgumentError', /src must be one source sequence \(number\[\]\), got number 3/, () => model().beamSearch(3 as never));
  return cases;
};
