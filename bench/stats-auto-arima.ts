// autoARIMA benchmark (issue 13): the stepwise Hyndman-Khandakar seasonal search on AirPassengers
// (144 months, s = 12, D = 1), the same search as R's forecast::auto.arima (whose choice and time are
// in test/fixtures/stats/exact-r.json), and for reference the full (P, Q <= 1, p, q <= 3) grid.
// Prints ms per search (wall, and this process's CPU time, which load does not inflate as much), models tried, chosen model and AICc, the load average (the machine is shared:
// wall times under load are inflated), and writes bench/results/stats-auto-arima.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { autoARIMA } from '../src/stats/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function main(argv: string[]): Promise<void> {
  const runs = Number(argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
  const air = JSON.parse(readFileSync(`${root}data/airpassengers.json`, 'utf8')).values as number[];
  const rRef = JSON.parse(readFileSync(`${root}test/fixtures/stats/exact-r.json`, 'utf8')).autoArima;
  const rows: Record<string, unknown>[] = [];
  for (const search of ['stepwise', 'grid'] as const) {
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let summary: Record<string, unknown> = {};
    for (let i = 0; i < (search === 'grid' ? 1 : runs); i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = search === 'grid'
        ? autoARIMA(air, { search, seasonal: { s: 12, D: 1, maxP: 1, maxQ: 1 }, maxP: 3, maxQ: 3 })
        : autoARIMA(air, { seasonal: { s: 12, D: 1 } });
      times.push(performance.now() - t0);
      const c1 = process.cpuUsage(c0);
      cpuTimes.push((c1.user + c1.system) / 1000);
      const m = r.model;
      summary = { model: `ARIMA(${m.order.p},${m.order.d},${m.order.q})(${m.seasonal.P},${m.seasonal.D},${m.seasonal.Q})[12]`, aicc: m.aicc, modelsTried: r.candidates.length };
    }
    times.sort((a, b) => a - b);
    const row = { search, msMedian: Math.round(times[Math.floor(times.length / 2)]), msAll: times.map(Math.round), cpuMsAll: cpuTimes.map(Math.round), ...summary };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  const out = {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    loadavg: loadavg(),
    node: process.version,
    series: 'AirPassengers (R datasets), 144 months',
    r: { model: rRef?.order, aicc: rRef?.aicc?.[0], seconds: rRef?.seconds?.[0], forecast: rRef?.forecast_version },
    rows,
  };
  console.log(`load average ${loadavg().map((v) => v.toFixed(1)).join(' ')} on ${cpus().length} cores; R auto.arima: ${JSON.stringify(out.r)}`);
  mkdirSync(`${root}bench/results`, { recursive: true });
  writeFileSync(`${root}bench/results/stats-auto-arima.json`, JSON.stringify(out, null, 2) + '\n');
}
