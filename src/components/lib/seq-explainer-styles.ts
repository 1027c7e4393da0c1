// Styles of <seq-explainer> (kept apart so the element file holds the logic and the templates).
import { css } from 'lit';

export const explainerStyles = css`
  .card {
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_bg);
    overflow: hidden;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 14px;
    padding: 10px 14px;
    background: var(--_panel);
    border-bottom: 1px solid var(--_border);
  }
  .seg {
    display: inline-flex;
    border: 1px solid var(--_border);
    border-radius: 7px;
    overflow: hidden;
  }
  .seg button {
    border: none;
    border-radius: 0;
    padding: 4px 14px;
    font-weight: 600;
  }
  .seg button + button {
    border-left: 1px solid var(--_border);
  }
  .seg button[aria-pressed='true'] {
    background: var(--_accent);
    color: #fff;
  }
  select {
    font: inherit;
    border: 1px solid var(--_border);
    border-radius: 6px;
    padding: 4px 8px;
    background: var(--_bg);
    color: var(--_fg);
  }
  .dev {
    flex: 1 1 200px;
    min-width: 0;
    text-align: right;
    overflow-wrap: anywhere;
  }
  .body {
    display: grid;
    grid-template-columns: minmax(250px, 330px) minmax(0, 1fr);
  }
  @media (max-width: 720px) {
    .body {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  section {
    padding: 12px 14px;
  }
  .controls {
    border-right: 1px solid var(--_border);
  }
  h3 {
    margin: 4px 0 8px;
    font-size: 12.5px;
    text-transform: uppercase;
    letter-spacing: 0.05em;
    color: var(--_muted);
  }
  h3 .muted {
    text-transform: none;
    letter-spacing: 0;
    font-weight: 400;
  }
  .slider {
    display: grid;
    grid-template-columns: 46px minmax(0, 1fr) 44px;
    align-items: center;
    gap: 8px;
    font-size: 13px;
  }
  .slider input {
    width: 100%;
    accent-color: var(--_accent);
  }
  .slider .lbl {
    font-family: var(--_mono);
    font-size: 12px;
    color: var(--_muted);
  }
  .slider .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
    font-family: var(--_mono);
    font-size: 12.5px;
  }
  .gate-weights {
    padding: 6px 0 4px;
    border-top: 1px dashed var(--_border);
  }
  .gate-weights .gname {
    font-size: 12.5px;
    font-weight: 600;
    margin-bottom: 2px;
  }
  .gate {
    padding: 6px 0 8px;
    border-bottom: 1px solid var(--_border);
  }
  .ghead {
    display: flex;
    align-items: center;
    gap: 10px;
  }
  .ghead .gname {
    font-weight: 600;
    min-width: 110px;
  }
  .gval {
    font-family: var(--_mono);
    font-variant-numeric: tabular-nums;
    min-width: 56px;
    text-align: right;
  }
  .eq,
  .state {
    font-family: var(--_mono);
    font-size: 12.5px;
    margin-top: 4px;
    overflow-wrap: anywhere;
  }
  .nums {
    color: var(--_muted);
  }
  .nums b {
    color: var(--_fg);
  }
  .state {
    margin-top: 10px;
    font-size: 13.5px;
  }
  .bar {
    position: relative;
    display: inline-block;
    flex: 1 1 auto;
    max-width: 220px;
    min-width: 60px;
    height: 8px;
    border-radius: 4px;
    background: var(--_border);
    overflow: hidden;
  }
  .bar.signed::after {
    content: '';
    position: absolute;
    left: 50%;
    top: 0;
    bottom: 0;
    width: 1px;
    background: var(--_muted);
  }
  .bar > span {
    position: absolute;
    top: 0;
    bottom: 0;
    background: var(--_accent);
    transition: left 0.12s, width 0.12s;
  }
  .bar > span.neg {
    background: var(--_accent2);
  }
  .check {
    margin-top: 12px;
    font-size: 13px;
  }
  .check.ok {
    color: var(--_pass);
  }
  .check.bad {
    color: var(--_fail);
  }
  .unrolled {
    border-top: 1px solid var(--_border);
    overflow-x: auto;
  }
  .urow {
    display: flex;
    align-items: center;
    gap: 6px;
    margin: 4px 0;
  }
  .ulbl {
    width: 22px;
    font-family: var(--_mono);
    color: var(--_muted);
  }
  .ucell {
    display: inline-flex;
    flex-direction: column;
    align-items: stretch;
    gap: 2px;
    width: 64px;
    flex: 0 0 64px;
    font-family: var(--_mono);
    font-size: 11.5px;
    text-align: center;
  }
  .ucell .bar {
    min-width: 0;
    width: 100%;
  }
  .error {
    color: var(--_fail);
    padding: 0 14px;
  }
  .sizes {
    display: flex;
    gap: 12px;
    font-size: 13px;
    margin-bottom: 6px;
  }
  .mats {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 14px;
    align-items: flex-start;
  }
  .mat {
    display: flex;
    gap: 4px;
    align-items: center;
    font-size: 13px;
  }
  .mat table {
    border-collapse: collapse;
    border-left: 2px solid var(--_muted);
    border-right: 2px solid var(--_muted);
  }
  .mat td {
    padding: 1px;
  }
  .mat input {
    width: 5em;
    font: 12px var(--_mono);
    padding: 1px 2px;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: 3px;
  }
  .bars {
    display: inline-flex;
    flex-direction: column;
    gap: 2px;
  }
  .expand {
    font-size: 12px;
    margin: 2px 0 4px 10px;
    color: var(--_muted);
  }
  .mono {
    font-family: var(--_mono);
  }
  .expand-btn {
    font: inherit;
    font-size: 12px;
    font-weight: 400;
    margin-left: 8px;
  }
  .slip {
    font-size: 12px;
    font-family: var(--_mono);
    margin: 2px 0;
    padding: 2px 6px;
    border-radius: 4px;
  }
  .slip.ok {
    color: var(--_pass);
  }
  .slip.bad {
    color: var(--_fail);
    background: color-mix(in srgb, var(--_fail) 8%, transparent);
  }
  .source {
    font-size: 12px;
    margin: 0 0 6px;
  }
`;
