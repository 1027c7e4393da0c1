// io: reading and writing weights in the formats PyTorch users exchange (safetensors), with PyTorch's state_dict
// names so `module.loadStateDict(loadSafetensors(bytes))` takes a file saved from torch unchanged.
export { loadSafetensors, saveSafetensors, MAX_HEADER_BYTES } from './safetensors.ts';
export type { LoadedTensor, SafetensorsDType } from './safetensors.ts';
export { saveToIndexedDB, loadFromIndexedDB, removeFromIndexedDB, downloadBytes, readFileBytes, uploadBytes } from './browser.ts';
