// The result of one benchmark suite, as a page hands it to the runner (bench/runner.ts) and as it is stored in
// bench/results/<suite>.json. Shared by the page side (bench/pages/common.ts) and the Node side; type-only.

/** A cell: numbers are formatted by the runner (3 significant digits), strings go in as written, null is '–'. */
export type Cell = string | number | null;

/** One markdown table of a suite's section in BENCHMARKS.md. */
export interface BenchTable {
  /** Rendered as a `###` heading above the table. */
  title?: string;
  columns: string[];
  rows: Cell[][];
  /** Paragraphs under the table (what the columns mean, how they were measured). */
  notes?: string[];
}

/** What a page produces (window.benchResult). */
export interface PageResult {
  suite: string;
  /** `##` heading of the suite's section in BENCHMARKS.md. */
  title: string;
  /** Paragraph under the heading: what is measured and how. */
  description?: string;
  /** One-line WebGPU adapter summary (vendor / architecture / device / description), null without WebGPU. */
  adapter: string | null;
  /** Smaller iteration counts (`npm run bench -- --quick`); such runs are not written to the results. */
  quick: boolean;
  tables: BenchTable[];
  /** Findings as bullet points under the tables (computed by the suite from its figures). */
  findings: string[];
  /** Raw measurements, one object per configuration: the machine-readable part of the JSON file. */
  records: Record<string, unknown>[];
  /** Wall time of the suite in the page. */
  elapsedMs: number;
}

/** bench/results/<suite>.json: the page's result plus what only the runner knows. */
export interface SuiteResult extends PageResult {
  /** ISO date-time of the run. */
  date: string;
  /** browser.version(), e.g. 'Chrome/150.0.7000.0' (Chromium reports itself as Chrome). */
  chromium: string;
  /** navigator.userAgent of the page. */
  userAgent: string;
  /** Host CPU model and logical core count: SwiftShader runs shaders on these. */
  host: string;
  node: string;
}
