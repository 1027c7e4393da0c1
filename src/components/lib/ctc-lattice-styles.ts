// Styles of <ctc-lattice> (kept apart so the element file holds the logic and the drawing).
import { css } from 'lit';

export const ctcLatticeStyles = css`
  .head {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 18px;
    font-size: 12.5px;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
    min-height: 22px;
    padding-bottom: 4px;
  }
  .head b {
    color: var(--_fg);
    font-weight: 600;
  }
  .sw {
    display: inline-block;
    width: 12px;
    height: 12px;
    border-radius: 2px;
    vertical-align: -2px;
    margin-right: 4px;
  }
  .scroll {
    overflow-x: auto;
  }
  canvas {
    display: block;
  }
  canvas[hidden] {
    display: none;
  }
  .error {
    color: var(--_fail);
    font-size: 13px;
  }
  .empty {
    color: var(--_muted);
    font-size: 13px;
    padding: 12px 0;
  }
`;
