// The gallery page: demo cards from gallery-data.ts and the WebGPU probe. Plain DOM, no framework: it is the
// first thing a visitor sees and should paint before seqgpu has even asked for an adapter.
import { DEMOS, type DemoEntry } from './gallery-data.ts';
import { markFailed, markReady, probeWebGPU, showWebGpuNotice } from './shared/page.ts';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function card(d: DemoEntry): HTMLElement {
  const live = d.status === 'live';
  const root = live ? el('a', 'card live') : el('div', 'card planned');
  if (root instanceof HTMLAnchorElement) root.href = `./${d.path}`;
  root.dataset.demo = d.path;
  const head = el('div', 'row');
  head.append(el('h3', '', d.title), el('span', `status ${d.status}`, live ? 'live' : 'planned'));
  const tags = el('div', 'tags');
  for (const t of d.tags) tags.append(el('span', 'tag', t));
  const foot = el('div', 'row');
  foot.append(tags, live ? el('span', 'go', 'Open →') : el('span', 'needs', `waits for ${d.needs ?? 'engine work'}`));
  root.append(head, el('p', '', d.blurb), foot);
  return root;
}

try {
  const live = document.getElementById('live')!;
  const planned = document.getElementById('planned')!;
  for (const d of DEMOS) (d.status === 'live' ? live : planned).append(card(d));
  // Once every demo is live the "Coming next" section has nothing to say.
  document.getElementById('planned-section')!.hidden = planned.childElementCount === 0;
  const state = { webgpu: null as null | { available: boolean; detail: string } };
  const notice = document.getElementById('webgpu')!;
  const p = await probeWebGPU();
  state.webgpu = p;
  showWebGpuNotice(notice, p, 'the demos run on the CPU backend instead (slower, same results)');
  markReady(state);
} catch (e) {
  markFailed(e);
  throw e;
}
