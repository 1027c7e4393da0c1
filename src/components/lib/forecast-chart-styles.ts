// Styles of <forecast-chart>: the legend (toggle buttons with a colour swatch and the value under the cursor) and
// the plot area; uPlot's own styles and the theme come from uplot-base.ts and theme.ts.
import { css } from 'lit';

export const forecastChartStyles = css`
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    font-size: 12.5px;
    padding: 0 0 6px 4px;
    min-height: 26px;
    align-items: center;
  }
  .legend button {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    border: 1px solid transparent;
    background: none;
    padding: 1px 8px;
    font-size: 12.5px;
    color: var(--_fg);
  }
  .legend button[aria-pressed='false'] {
    opacity: 0.45;
    text-decoration: line-through;
  }
  .legend .actual {
    padding: 1px 8px;
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .sw {
    display: inline-block;
    width: 14px;
    height: 3px;
    border-radius: 2px;
  }
  .val {
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
  }
  .plot {
    width: 100%;
    min-height: 40px;
  }
  .uplot {
    font-family: var(--_font);
  }
`;
