// Shared look of the seqgpu components: CSS custom properties with light/dark defaults that a host page can
// override (--sg-accent, --sg-bg, --sg-fg, --sg-muted, --sg-border, --sg-pass, --sg-fail, --sg-font, --sg-mono).
import { css } from 'lit';

export const themeStyles = css`
  :host {
    --_bg: var(--sg-bg, #ffffff);
    --_panel: var(--sg-panel, #f6f7f9);
    --_fg: var(--sg-fg, #1b1f24);
    --_muted: var(--sg-muted, #5f6b7a);
    --_border: var(--sg-border, #dde1e6);
    --_accent: var(--sg-accent, #4f46e5);
    --_accent2: var(--sg-accent-2, #e8590c);
    --_pass: var(--sg-pass, #1f8a4c);
    --_fail: var(--sg-fail, #c92a2a);
    --_warn: var(--sg-warn, #b7791f);
    --_font: var(--sg-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_mono: var(--sg-mono, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
    display: block;
    box-sizing: border-box;
    color: var(--_fg);
    font-family: var(--_font);
    font-size: 14px;
    line-height: 1.45;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--sg-bg, #15181d);
      --_panel: var(--sg-panel, #1d2128);
      --_fg: var(--sg-fg, #e6e8eb);
      --_muted: var(--sg-muted, #9aa4b2);
      --_border: var(--sg-border, #2e343d);
      --_accent: var(--sg-accent, #8b87ff);
      --_accent2: var(--sg-accent-2, #ff922b);
      --_pass: var(--sg-pass, #40c057);
      --_fail: var(--sg-fail, #ff6b6b);
      --_warn: var(--sg-warn, #fcc419);
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button {
    font: inherit;
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_fg);
    border-radius: 6px;
    padding: 4px 12px;
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    border-color: var(--_accent);
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: #fff;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  /* Read by screen readers, not drawn: live regions and the charts' data summaries. */
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .mono {
    font-family: var(--_mono);
    font-size: 12.5px;
  }
  .muted {
    color: var(--_muted);
  }
`;
