// <beam-search-tree>: the hypotheses a beam search explored, step by step: each column is a decoding step, each
// node a candidate prefix with its token and cumulative log-probability (higher is better); beams that were kept
// are solid, pruned candidates greyed out, returned hypotheses outlined and the best one's path highlighted.
// A thin view over a BeamTree; BeamTreeRecorder (lib/beam-recorder.ts) builds one from decode.beamSearch's step
// callback:
//
//   const rec = new BeamTreeRecorder({ candidatesPerBeam: 3, bosToken: BOS, onStep: (t) => (tree.tree = t) });
//   const result = await decode.beamSearch(rec.wrap(step), { beamWidth: 3, maxLength: 8, bosToken: BOS, eosToken: EOS, nBest: 3 });
//   tree.tree = rec.finish(result);
//
// Properties: tree (BeamTree | null), tokenLabels (string[]: a label per token id), rowHeight, columnWidth.
// Events (bubbling, composed): beam-node-select {node} when a node is clicked or chosen with Enter / Space.
// Accessibility: an ARIA tree; each node is a treeitem labelled with its prefix, log-probability and status.
// One node is in the tab order; arrow keys move between nodes (Left: parent, Right: best child, Up/Down: the
// neighbouring node of the same step), Enter or Space selects, and a live region reads the focused node.
import { LitElement, css, html, svg, type TemplateResult } from 'lit';
import { themeStyles } from './lib/theme.ts';
import { fire } from './lib/events.ts';
import type { BeamNode, BeamTree } from './lib/beam-recorder.ts';

export { BeamTreeRecorder } from './lib/beam-recorder.ts';
export type { BeamNode, BeamNodeStatus, BeamRecorderOptions, BeamTree } from './lib/beam-recorder.ts';

/** `beam-node-select`: the node chosen by click or keyboard. */
export interface BeamNodeSelect {
  node: BeamNode;
}

interface Placed {
  node: BeamNode;
  x: number;
  y: number;
}

export class BeamSearchTree extends LitElement {
  static override properties = {
    tree: { attribute: false },
    tokenLabels: { attribute: false },
    rowHeight: { type: Number, attribute: 'row-height' },
    columnWidth: { type: Number, attribute: 'column-width' },
    _selected: { state: true },
    focusId: { state: true },
    readout: { state: true },
  };

  declare tree: BeamTree | null;
  declare tokenLabels: string[] | null;
  declare rowHeight: number;
  declare columnWidth: number;
  private declare _selected: string | null;
  /** The node in the tab order (the keyboard cursor). */
  private declare focusId: string | null;
  private declare readout: string;
  private placedCache: { placed: Placed[]; byId: Map<string, Placed> } | null = null;

  /** The id of the selected node (click, Enter or Space), or null. */
  get selected(): string | null {
    return this._selected;
  }

  constructor() {
    super();
    this.tree = null;
    this.tokenLabels = null;
    this.rowHeight = 24;
    this.columnWidth = 96;
    this._selected = null;
    this.focusId = null;
    this.readout = '';
  }

  private label(token: number): string {
    if (token < 0) return 'start';
    const l = this.tokenLabels?.[token] ?? String(token);
    return l === ' ' ? '␣' : l;
  }

  /** Tidy layout: leaves take consecutive rows in depth-first order (children best first); a parent sits at the
   *  mean of its children, so edges never cross. */
  private layout(tree: BeamTree): { placed: Placed[]; byId: Map<string, Placed>; rows: number; depth: number } {
    const children = new Map<string, BeamNode[]>();
    for (const n of tree.nodes) {
      if (n.parent === null) continue;
      const list = children.get(n.parent) ?? [];
      list.push(n);
      children.set(n.parent, list);
    }
    for (const list of children.values()) list.sort((a, b) => b.logProb - a.logProb || a.token - b.token);
    const byId = new Map<string, Placed>();
    let next = 0;
    let depth = 0;
    const visit = (n: BeamNode): number => {
      depth = Math.max(depth, n.depth);
      const kids = children.get(n.id) ?? [];
      const y = kids.length ? kids.map(visit).reduce((a, b) => a + b, 0) / kids.length : next++;
      byId.set(n.id, { node: n, x: n.depth, y });
      return y;
    };
    const root = tree.nodes.find((n) => n.parent === null);
    if (root) visit(root);
    return { placed: [...byId.values()], byId, rows: next, depth };
  }

  private select(n: BeamNode): void {
    this._selected = n.id;
    this.focusId = n.id;
    fire(this, 'beam-node-select', { node: n });
  }

  private describe(n: BeamNode): string {
    const prefix = n.tokens.map((t) => this.label(t)).join('') || 'start';
    if (n.parent === null) return 'start of the search';
    return `${prefix}: step ${n.depth}, token ${this.label(n.token)}, log P ${n.logProb.toFixed(3)} (this token ${n.stepLogProb.toFixed(3)}), ${n.status}${n.best ? ', best hypothesis' : ''}`;
  }

  /** Arrow keys move the focus through the tree; Enter / Space select the focused node. */
  private onKey(e: KeyboardEvent): void {
    const cache = this.placedCache;
    if (!cache) return;
    const id = this.focusId ?? cache.placed.find((p) => p.node.parent === null)?.node.id;
    const cur = id === undefined ? undefined : cache.byId.get(id); // the root's id is '' (the empty prefix)
    if (!cur) return;
    let next: Placed | undefined;
    const column = cache.placed.filter((p) => p.x === cur.x).sort((a, b) => a.y - b.y);
    const at = column.indexOf(cur);
    switch (e.key) {
      case 'ArrowLeft':
        next = cur.node.parent === null ? undefined : cache.byId.get(cur.node.parent);
        break;
      case 'ArrowRight':
        next = cache.placed.filter((p) => p.node.parent === cur.node.id).sort((a, b) => b.node.logProb - a.node.logProb)[0];
        break;
      case 'ArrowUp':
        next = column[at - 1];
        break;
      case 'ArrowDown':
        next = column[at + 1];
        break;
      case 'Home':
        next = cache.placed.find((p) => p.node.parent === null);
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        this.select(cur.node);
        this.readout = `selected ${this.describe(cur.node)}`;
        return;
      default:
        return;
    }
    e.preventDefault();
    if (!next) return;
    const to = next.node.id;
    this.focusId = to;
    this.readout = this.describe(next.node);
    void this.updateComplete.then(() => this.renderRoot.querySelector<SVGGElement>(`g[data-id="${CSS.escape(to)}"]`)?.focus());
  }

  /** The tree's label: its size and the best hypothesis. */
  summary(tree: BeamTree | null = this.tree): string {
    if (!tree) return 'beam search tree: no search yet';
    const kept = tree.nodes.filter((n) => n.status !== 'pruned' && n.parent !== null).length;
    const pruned = tree.nodes.filter((n) => n.status === 'pruned').length;
    const best = tree.nodes.find((n) => n.best && n.status === 'finished');
    const b = best ? `, best ${best.tokens.map((t) => this.label(t)).join('')} with log P ${best.logProb.toFixed(3)}` : '';
    return `beam search tree: ${tree.steps} steps${tree.beamWidth ? `, beam width ${tree.beamWidth}` : ''}, ${kept} kept and ${pruned} pruned candidates${b}. Arrow keys move between nodes, Enter selects.`;
  }

  static override styles = [
    themeStyles,
    css`
      .head {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 16px;
        font-size: 12.5px;
        color: var(--_muted);
        padding-bottom: 6px;
        align-items: center;
      }
      .head b {
        color: var(--_fg);
      }
      .key {
        display: inline-block;
        width: 18px;
        height: 11px;
        border-radius: 3px;
        vertical-align: -1px;
        margin-right: 4px;
        border: 1.5px solid var(--_accent);
        background: var(--_bg);
      }
      .key.pruned {
        border-color: var(--_border);
        background: var(--_panel);
      }
      .key.best {
        border-color: var(--_accent2);
        border-width: 2.5px;
      }
      .scroll {
        overflow: auto;
        max-height: var(--beam-tree-max-height, 560px);
      }
      svg {
        display: block;
        font-family: var(--_mono);
      }
      .edge {
        fill: none;
        stroke: var(--_border);
        stroke-width: 1.2;
      }
      .edge.kept {
        stroke: var(--_accent);
        stroke-opacity: 0.55;
      }
      .edge.best {
        stroke: var(--_accent2);
        stroke-width: 2.5;
        stroke-opacity: 1;
      }
      .node {
        cursor: pointer;
      }
      .node rect {
        fill: var(--_bg);
        stroke: var(--_accent);
        stroke-width: 1.5;
      }
      .node text {
        fill: var(--_fg);
        font-size: 11.5px;
        dominant-baseline: central;
      }
      .node .score {
        fill: var(--_muted);
        font-size: 10.5px;
      }
      .node.pruned rect {
        fill: var(--_panel);
        stroke: var(--_border);
      }
      .node.pruned text {
        fill: var(--_muted);
        opacity: 0.75;
      }
      .node.finished rect {
        stroke-width: 2.5;
      }
      .node.best rect {
        stroke: var(--_accent2);
        stroke-width: 2.5;
      }
      .node.selected rect {
        stroke-dasharray: 3 2;
      }
      .node:focus {
        outline: none;
      }
      .node:focus-visible rect {
        stroke: var(--_fg);
        stroke-width: 3;
      }
      .empty {
        color: var(--_muted);
        font-size: 13px;
        padding: 12px 0;
      }
    `,
  ];

  protected override render(): TemplateResult {
    const tree = this.tree;
    if (!tree || tree.nodes.length <= 1) return html`<div class="empty">no beam search yet</div>`;
    const { placed, byId, rows, depth } = this.layout(tree);
    this.placedCache = { placed, byId };
    const rootId = placed.find((p) => p.node.parent === null)?.node.id ?? null;
    const focusId = this.focusId !== null && byId.has(this.focusId) ? this.focusId : rootId;
    const rh = this.rowHeight;
    const cw = this.columnWidth;
    const boxW = cw - 22;
    const boxH = rh - 5;
    const px = (x: number): number => 6 + x * cw;
    const py = (y: number): number => 8 + y * rh + rh / 2;
    const width = px(depth) + boxW + 8;
    const height = 16 + Math.max(1, rows) * rh;
    const kept = tree.nodes.filter((n) => n.status !== 'pruned' && n.parent !== null).length;
    const pruned = tree.nodes.filter((n) => n.status === 'pruned').length;
    const best = tree.nodes.filter((n) => n.best && n.status === 'finished')[0];
    const edges = placed
      .filter((p) => p.node.parent !== null)
      .map((p) => {
        const parent = byId.get(p.node.parent!)!;
        const x1 = px(parent.x) + boxW;
        const y1 = py(parent.y);
        const x2 = px(p.x);
        const y2 = py(p.y);
        const mid = (x1 + x2) / 2;
        const cls = p.node.best ? 'best' : p.node.status === 'pruned' ? 'pruned' : 'kept';
        return svg`<path class="edge ${cls}" d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}"></path>`;
      });
    const nodes = placed.map((p) => {
      const n = p.node;
      const cls = ['node', n.status, n.best ? 'best' : '', this.selected === n.id ? 'selected' : '', focusId === n.id ? 'focus' : ''].join(' ');
      const x = px(p.x);
      const y = py(p.y);
      const title = `${n.tokens.map((t) => this.label(t)).join('') || 'start'}: log P = ${n.logProb.toFixed(3)} (this token ${n.stepLogProb.toFixed(3)}), ${n.status}`;
      return svg`<g class=${cls} data-id=${n.id} data-status=${n.status} transform="translate(${x},${y - boxH / 2})" role="treeitem" aria-level=${n.depth + 1}
        aria-selected=${String(this.selected === n.id)} aria-label=${this.describe(n)} tabindex=${focusId === n.id ? '0' : '-1'}
        @focus=${() => (this.focusId = n.id)} @click=${() => this.select(n)}>
        <title>${title}</title>
        <rect width=${boxW} height=${boxH} rx="5"></rect>
        <text x="7" y=${boxH / 2}>${this.label(n.token)}</text>
        ${n.parent === null ? '' : svg`<text class="score" x=${boxW - 5} y=${boxH / 2} text-anchor="end">${n.logProb.toFixed(2)}</text>`}
      </g>`;
    });
    return html`<div class="head" part="header">
        <span>steps <b>${tree.steps}</b></span>
        ${tree.beamWidth ? html`<span>beam width <b>${tree.beamWidth}</b></span>` : ''}
        <span><i class="key"></i>kept ${kept}</span>
        <span><i class="key pruned"></i>pruned ${pruned}</span>
        <span><i class="key best"></i>best${best ? html` <b class="mono">${best.tokens.map((t) => this.label(t)).join('')}</b> (log P ${best.logProb.toFixed(3)})` : ''}</span>
        <span>scores: cumulative log-probability, higher wins</span>
      </div>
      <div class="scroll" part="tree">
        <svg width=${width} height=${height} viewBox="0 0 ${width} ${height}" role="tree" aria-label=${this.summary(tree)} @keydown=${(e: KeyboardEvent) => this.onKey(e)}>${edges}${nodes}</svg>
      </div>
      <div class="sr-only" role="status" aria-live="polite" part="readout">${this.readout}</div>`;
  }
}

if (!customElements.get('beam-search-tree')) customElements.define('beam-search-tree', BeamSearchTree);

declare global {
  interface HTMLElementTagNameMap {
    'beam-search-tree': BeamSearchTree;
  }
  interface HTMLElementEventMap {
    'beam-node-select': CustomEvent<BeamNodeSelect>;
  }
}
