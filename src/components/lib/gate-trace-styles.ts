// Styles of <gate-trace>: heat strips on a CSS grid (one column per timestep), colours from the theme's
// custom properties (--_accent for positive / open, --_accent2 for negative), a focus ring on the cursor cell.
import { css } from 'lit';

export const gateTraceStyles = css`
  :host {
    display: block;
    font-family: var(--_font);
    color: var(--_fg);
  }
  .card {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 10px;
    padding: 12px 14px;
  }
  .scroll {
    overflow-x: auto;
    outline: none;
  }
  .hscroll {
    overflow-x: auto;
  }
  .scroll:focus-visible {
    box-shadow: 0 0 0 2px var(--_accent);
    border-radius: 6px;
  }
  .grid {
    display: grid;
    gap: 1px;
    align-items: center;
    width: max-content;
  }
  .lbl {
    font: 11px var(--_mono);
    color: var(--_muted);
    padding-right: 6px;
    text-align: right;
    white-space: nowrap;
    cursor: pointer;
  }
  .lbl.sel {
    color: var(--_fg);
    font-weight: 700;
  }
  .tok {
    font: 12px var(--_mono);
    text-align: center;
    color: var(--_fg);
    white-space: pre;
    overflow: hidden;
  }
  .tok.v {
    writing-mode: vertical-rl;
    transform: rotate(180deg);
    font-size: 10px;
    line-height: 14px;
    padding: 2px 0;
  }
  .sec {
    font-size: 12px;
    font-weight: 600;
    padding-top: 6px;
    color: var(--_fg);
  }
  .c {
    height: 11px;
    border-radius: 1px;
  }
  .c.sel {
    outline: 1px solid var(--_fg);
  }
  .c.cur {
    outline: 2px solid var(--_fg);
    outline-offset: -1px;
  }
  .c.pos {
    background: color-mix(in srgb, var(--_accent) calc(var(--a) * 100%), var(--_panel));
  }
  .c.neg {
    background: color-mix(in srgb, var(--_accent2) calc(var(--a) * 100%), var(--_panel));
  }
  .readout {
    font: 12px var(--_mono);
    min-height: 1.5em;
    margin-top: 8px;
    color: var(--_fg);
  }
  .follow {
    margin-top: 10px;
    border-top: 1px solid var(--_border);
    padding-top: 8px;
  }
  .follow .c {
    height: 18px;
    font: 9px var(--_mono);
    text-align: center;
    line-height: 18px;
    color: var(--_fg);
  }
  .muted {
    color: var(--_muted);
    font-size: 12px;
  }
  .bar {
    display: flex;
    gap: 10px;
    align-items: center;
    flex-wrap: wrap;
    margin-bottom: 8px;
    font-size: 13px;
  }
  select,
  button {
    font: inherit;
    font-size: 12px;
  }
  .error {
    color: var(--_fail);
  }
`;
