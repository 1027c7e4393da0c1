// Browser storage for safetensors bytes (a model, or a checkpoint from optim.saveCheckpoint), as TF.js users expect:
// IndexedDB (survives reloads; one object store of key -> bytes) and a file download / upload. Browser only: each
// function says so clearly when the API it needs is missing (Node, a worker without the DOM).
import { DeviceError, FormatError } from '../errors.ts';

const DB_DEFAULT = 'seqgpu';
const STORE = 'files';

function need(api: string, present: boolean, who: string): void {
  if (!present) throw new DeviceError(`${who}: ${api} is not available here (browser only)`);
}

function openDb(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error(`indexedDB.open('${name}') failed`));
  });
}

async function withStore<T>(dbName: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await openDb(dbName);
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result as T);
      tx.onerror = () => reject(tx.error ?? req.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

/** Stores bytes under `key` in IndexedDB (database 'seqgpu' unless `dbName`). */
export async function saveToIndexedDB(key: string, bytes: Uint8Array, options: { dbName?: string } = {}): Promise<void> {
  need('indexedDB', typeof indexedDB !== 'undefined', 'saveToIndexedDB');
  // Store a copy of exactly these bytes (a view may sit inside a larger buffer).
  await withStore<IDBValidKey>(options.dbName ?? DB_DEFAULT, 'readwrite', (s) => s.put(bytes.slice().buffer, key));
}

/** The bytes stored under `key`; a FormatError when there are none. */
export async function loadFromIndexedDB(key: string, options: { dbName?: string } = {}): Promise<Uint8Array> {
  need('indexedDB', typeof indexedDB !== 'undefined', 'loadFromIndexedDB');
  const v = await withStore<unknown>(options.dbName ?? DB_DEFAULT, 'readonly', (s) => s.get(key));
  if (!(v instanceof ArrayBuffer)) throw new FormatError(`loadFromIndexedDB: nothing stored under '${key}'`);
  return new Uint8Array(v);
}

/** Deletes what is stored under `key` (no error when nothing is). */
export async function removeFromIndexedDB(key: string, options: { dbName?: string } = {}): Promise<void> {
  need('indexedDB', typeof indexedDB !== 'undefined', 'removeFromIndexedDB');
  await withStore<undefined>(options.dbName ?? DB_DEFAULT, 'readwrite', (s) => s.delete(key));
}

/** Offers the bytes as a file download (e.g. 'model.safetensors'); returns the anchor it clicked. */
export function downloadBytes(bytes: Uint8Array, filename = 'model.safetensors'): HTMLAnchorElement {
  need('document', typeof document !== 'undefined', 'downloadBytes');
  const url = URL.createObjectURL(new Blob([bytes.slice().buffer], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the browser has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return a;
}

/** The bytes of an uploaded file (from an <input type="file">, a drop event, or any Blob). */
export async function readFileBytes(file: Blob): Promise<Uint8Array> {
  if (typeof Blob === 'undefined' || !(file instanceof Blob)) throw new FormatError('readFileBytes: expected a File or Blob');
  return new Uint8Array(await file.arrayBuffer());
}

/**
 * Opens the browser's file picker and resolves with the chosen file's bytes (null if the user cancels, where the
 * browser reports it). Must be called from a user gesture (a click handler).
 */
export function uploadBytes(accept = '.safetensors'): Promise<Uint8Array | null> {
  need('document', typeof document !== 'undefined', 'uploadBytes');
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('change', () => {
      const f = input.files?.[0];
      if (!f) return resolve(null);
      readFileBytes(f).then(resolve, reject);
    });
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}
