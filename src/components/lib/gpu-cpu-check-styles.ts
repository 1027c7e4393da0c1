// Styles of <gpu-cpu-check> (kept apart so the element file holds the logic and the templates).
import { css } from 'lit';

export const gpuCpuCheckStyles = css`
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
    gap: 8px 16px;
    padding: 12px 16px;
    background: var(--_panel);
    border-bottom: 1px solid var(--_border);
  }
  .title {
    font-weight: 600;
    font-size: 15px;
  }
  .adapter {
    flex: 1 1 240px;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .badge {
    display: inline-block;
    padding: 2px 10px;
    border-radius: 999px;
    font-weight: 600;
    font-size: 12.5px;
    white-space: nowrap;
  }
  .badge.pass {
    background: color-mix(in srgb, var(--_pass) 15%, transparent);
    color: var(--_pass);
  }
  .badge.fail {
    background: color-mix(in srgb, var(--_fail) 15%, transparent);
    color: var(--_fail);
  }
  .badge.info {
    background: color-mix(in srgb, var(--_accent) 12%, transparent);
    color: var(--_accent);
  }
  progress {
    width: 100%;
    height: 4px;
    display: block;
    appearance: none;
    border: none;
    background: var(--_border);
  }
  progress::-webkit-progress-bar {
    background: var(--_border);
  }
  progress::-webkit-progress-value {
    background: var(--_accent);
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 5px 10px;
    text-align: right;
    white-space: nowrap;
    border-bottom: 1px solid var(--_border);
  }
  th:first-child,
  td:first-child {
    text-align: left;
  }
  thead th {
    font-size: 12px;
    font-weight: 600;
    color: var(--_muted);
    position: sticky;
    top: 0;
    background: var(--_bg);
  }
  tr.family td {
    background: var(--_panel);
    font-weight: 600;
    font-size: 12.5px;
    text-align: left;
    color: var(--_muted);
  }
  td.name {
    font-family: var(--_mono);
    font-size: 12.5px;
  }
  td.ok {
    color: var(--_pass);
    font-weight: 600;
  }
  td.bad {
    color: var(--_fail);
    font-weight: 600;
  }
  td.err {
    color: var(--_fail);
    text-align: left;
    white-space: normal;
  }
  .meter {
    display: inline-block;
    width: 56px;
    height: 6px;
    border-radius: 3px;
    background: var(--_border);
    vertical-align: middle;
    margin-right: 6px;
    overflow: hidden;
  }
  .meter > span {
    display: block;
    height: 100%;
    background: var(--_pass);
  }
  .meter.over > span {
    background: var(--_fail);
  }
  footer,
  .note {
    padding: 10px 16px;
    font-size: 12.5px;
  }
  .note.error {
    color: var(--_fail);
  }
  .note.warn {
    color: var(--_warn);
  }
`;
