// <forecast-chart>'s x axis: how x values are printed (numbers, years, dates), inferred from the values or chosen,
// with the default formatter of each kind. Pure functions (no DOM), re-exported by forecast-chart.ts.
import { fmtValue } from './uplot-base.ts';

/** How x values are printed: plain numbers, years (1880, never "1,880"), or dates (x = epoch milliseconds). */
export type XAxisType = 'auto' | 'number' | 'year' | 'date';

/** A value formatter for an axis, the readout and the summary. */
export type AxisFormatter = (value: number) => string;

/** What 'auto' resolves to: integers in 1000..3000 are years; integers of magnitude >= 1e10 are epoch milliseconds
 *  (every date outside 1969-09..1970-04; set xType = 'date' for those). */
export function inferXType(x: ArrayLike<number>): Exclude<XAxisType, 'auto'> {
  if (!x.length) return 'number';
  let years = true;
  let dates = true;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!(Number.isInteger(v) && v >= 1000 && v <= 3000)) years = false;
    if (!(Number.isInteger(v) && Math.abs(v) >= 1e10)) dates = false;
  }
  return years ? 'year' : dates ? 'date' : 'number';
}

/** The default formatter of each x type: years as digits, dates as ISO (UTC; YYYY-MM when every x is a month start). */
export function defaultXFormat(kind: Exclude<XAxisType, 'auto'>, x: ArrayLike<number> = []): AxisFormatter {
  switch (kind) {
    case 'year':
      return (v) => String(Math.round(v));
    case 'date': {
      const monthly = Array.from(x).every((v) => {
        const d = new Date(v);
        return d.getUTCDate() === 1 && d.getUTCHours() === 0 && d.getUTCMinutes() === 0;
      });
      return (v) => new Date(v).toISOString().slice(0, monthly && x.length ? 7 : 10);
    }
    case 'number':
      return (v) => fmtValue(v);
    default:
      kind satisfies never;
      return String;
  }
}
