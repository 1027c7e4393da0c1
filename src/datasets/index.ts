// seqgpu/datasets: the small public datasets the README, docs and demos use, shipped with the package so the
// examples run from an install. Each series carries where it comes from and its terms (`source`, `license`);
// data/*.json in the repository are the same files (data/SOURCES.md has the notes in one place).
//
//   import { nile } from 'seqgpu/datasets';
//   stats.fitARIMA(nile.values, { p: 1, d: 1, q: 1 });
import nileJson from '../../data/nile.json';
import sunspotsJson from '../../data/sunspots.json';
import airPassengersJson from '../../data/air-passengers.json';
import lynxJson from '../../data/lynx.json';
import aliceText from '../../data/alice-chapter1.txt?raw';

/** A univariate time series with its provenance. */
export interface Series {
  readonly name: string;
  readonly description: string;
  /** Where the numbers come from (publication, and the distribution they were taken from). */
  readonly source: string;
  /** The terms they are shipped under. */
  readonly license: string;
  /** First year of the series. */
  readonly start: number;
  readonly frequency: 'annual' | 'monthly';
  /** One label per value: the year ('annual') or 'YYYY-MM' ('monthly'). */
  readonly index: readonly (number | string)[];
  readonly values: readonly number[];
}

/** A text corpus with its provenance. */
export interface Text {
  readonly name: string;
  readonly source: string;
  readonly license: string;
  readonly text: string;
}

interface SeriesJson {
  name: string;
  description: string;
  source: string;
  start: number;
  frequency: string;
  years?: number[];
  months?: string[];
  values: number[];
}

function series(json: SeriesJson, license: string): Series {
  const index = json.years ?? json.months ?? [];
  return Object.freeze({
    name: json.name,
    description: json.description,
    source: json.source,
    license,
    start: json.start,
    frequency: json.frequency === 'monthly' ? 'monthly' : 'annual',
    index: Object.freeze([...index]),
    values: Object.freeze([...json.values]),
  });
}

/** Annual flow of the Nile at Aswan, 10^8 m^3, 1871-1970 (100 values); Cobb (1978), via statsmodels. */
export const nile: Series = series(nileJson, 'public domain (statsmodels.datasets.nile: "This data is public domain.")');

/** Yearly mean sunspot numbers, 1700-2008 (309 values); the NGDC series as distributed by statsmodels. */
export const sunspots: Series = series(
  sunspotsJson,
  'public domain as distributed by statsmodels.datasets.sunspots (the current SILSO series from the Royal Observatory of Belgium is CC BY-NC 4.0)',
);

/** Monthly international airline passengers, thousands, 1949-01 to 1960-12 (144 values); Box & Jenkins Series G. */
export const airPassengers: Series = series(airPassengersJson, 'published historical figures (Box & Jenkins 1976), redistributed freely, e.g. by R\'s datasets package');

/** Annual Canadian lynx trappings, Mackenzie River, 1821-1934 (114 values); Elton & Nicholson (1942). */
export const lynx: Series = series(lynxJson, 'published historical figures (Elton & Nicholson 1942), redistributed freely, e.g. by R\'s datasets package');

/** The opening of chapter 1 of Lewis Carroll's Alice's Adventures in Wonderland (1865), about 4.5 KB. */
export const alice: Text = Object.freeze({
  name: "Alice's Adventures in Wonderland, chapter 1 (opening)",
  source: "Lewis Carroll (1865), Alice's Adventures in Wonderland, chapter 1 (Down the Rabbit-Hole)",
  license: 'public domain',
  text: aliceText,
});
