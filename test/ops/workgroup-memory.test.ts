/**
 * A house rule for kernels, checked over every shader in shaders/ (after #include expansion): a `var<workgroup>`
 * array of fixed length holds at most 256 scalars, unless it is listed below with the reason it may be larger.
 * Arrays whose length is an override expression are sized per pipeline by the glue and pass.
 * Why: WGSL zero-fills workgroup memory at the start of every workgroup, and SwiftShader (where these tests and
 * users without a GPU run) pays per value: measured here, ~0.6 ms of pipeline compile and ~60 ns per workgroup per
 * float. A fixed 2048-float stage made every tiled RNN pipeline take ~1.45 s to compile (README, "Writing a kernel").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preprocess } from '../../src/backends/webgpu/pipelines.ts';

const SHADERS = join(import.meta.dirname, '../../shaders');
const LIMIT = 256;

/** Fixed arrays allowed above the limit, with why. Keyed by 'file:variable'; each must still exist. */
const EXEMPT: Record<string, string> = {
  'matmul/vec4.wgsl:tile_a': "a real-GPU rung: 'auto' takes the register rung (no workgroup memory) on software adapters",
  'matmul/vec4.wgsl:tile_b': "a real-GPU rung: 'auto' takes the register rung (no workgroup memory) on software adapters",
  'matmul/blocked.wgsl:tile_a': "a real-GPU rung: 'auto' takes the register rung (no workgroup memory) on software adapters",
  'matmul/blocked.wgsl:tile_b': "a real-GPU rung: 'auto' takes the register rung (no workgroup memory) on software adapters",
  'rnn/lstm-backward.wgsl:da_sh': 'persistent entry point: one workgroup per direction, so one fill per whole-sequence dispatch',
  'rnn/gru-backward.wgsl:dhp_sh': 'persistent entry point: one workgroup per direction, so one fill per whole-sequence dispatch',
  'rnn/lstm-proj-backward.wgsl:da_sh': 'persistent entry point: one workgroup per direction, so one fill per whole-sequence dispatch',
  'rnn/stream-ksplit.wgsl:parts': "the k-split partials (128 x 8 floats); 'auto' measures it against 'columns' per shape",
};

interface WorkgroupArray { key: string; type: string; scalars: number | null }

function shaderFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'common' ? [] : shaderFiles(join(dir, e.name), `${prefix}${e.name}/`)) : e.name.endsWith('.wgsl') ? [`${prefix}${e.name}`] : []);
}

/** Scalars in a WGSL type; null when a length is not a literal or a literal-valued const (an override: per pipeline). */
function scalars(type: string, code: string): number | null {
  const t = type.trim();
  if (/^(f32|u32|i32|f16|atomic<[ui]32>)$/.test(t)) return 1;
  const vec = /^vec([234])<\w+>$/.exec(t);
  if (vec) return Number(vec[1]);
  const mat = /^mat([234])x([234])<\w+>$/.exec(t);
  if (mat) return Number(mat[1]) * Number(mat[2]);
  const arr = /^array<(.+),\s*([^,<>]+)>$/.exec(t);
  if (arr) {
    const inner = scalars(arr[1]!, code);
    const n = length(arr[2]!.trim(), code);
    return inner === null || n === null ? null : inner * n;
  }
  const struct = new RegExp(`struct\\s+${t}\\s*\\{([^}]*)\\}`).exec(code);
  if (struct) {
    let sum = 0;
    for (const field of struct[1]!.split(',').map((f) => f.trim()).filter(Boolean)) {
      const s = scalars(field.slice(field.indexOf(':') + 1), code);
      if (s === null) return null;
      sum += s;
    }
    return sum;
  }
  throw new Error(`workgroup-memory test: cannot size the WGSL type '${t}'`);
}

function length(expr: string, code: string): number | null {
  const lit = /^(\d+)u?$/.exec(expr);
  if (lit) return Number(lit[1]);
  const c = new RegExp(`(?:^|\\n)\\s*const\\s+${expr}\\s*:\\s*u32\\s*=\\s*(\\d+)u?\\s*;`).exec(code);
  return c ? Number(c[1]) : null; // an override (or an expression of overrides): sized per pipeline
}

function workgroupArrays(): WorkgroupArray[] {
  const out: WorkgroupArray[] = [];
  for (const file of shaderFiles(SHADERS)) {
    const code = preprocess(readFileSync(join(SHADERS, file), 'utf8')).replace(/\/\/[^\n]*/g, '');
    for (const m of code.matchAll(/var<workgroup>\s+(\w+)\s*:\s*([^;]+);/g)) {
      out.push({ key: `${file}:${m[1]}`, type: m[2]!.trim(), scalars: scalars(m[2]!, code) });
    }
  }
  return out;
}

describe('workgroup memory', () => {
  const arrays = workgroupArrays();

  it(`fixed workgroup arrays hold at most ${LIMIT} scalars unless exempted with a reason`, () => {
    expect(arrays.length).toBeGreaterThan(10);
    const over = arrays.filter((a) => a.scalars !== null && a.scalars > LIMIT && !(a.key in EXEMPT));
    expect(over.map((a) => `${a.key}: ${a.type} = ${a.scalars} scalars`)).toEqual([]);
  });

  it('the kernels sized per pipeline are recognised as such (override lengths)', () => {
    const perPipeline = arrays.filter((a) => a.scalars === null).map((a) => a.key);
    expect(perPipeline).toEqual(expect.arrayContaining(['rnn/tiled-forward.wgsl:stage', 'rnn/tiled-backward.wgsl:stage', 'rnn/stream-step.wgsl:z_sh', 'rnn/stream-step.wgsl:m_sh']));
  });

  it('every exemption names an array that still exists and is still over the limit', () => {
    for (const key of Object.keys(EXEMPT)) {
      const a = arrays.find((x) => x.key === key);
      expect(a, key).toBeDefined();
      expect(a!.scalars ?? 0, key).toBeGreaterThan(LIMIT);
    }
  });
});
