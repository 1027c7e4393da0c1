// package.json's `exports` and the lib build's entries (vite.config.ts libraryEntries) name the same entry
// points, one per element file in src/components/: adding an element without exporting it fails here.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { componentTags, libraryEntries } from '../../vite.config.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; import: string; require: string }>;
  license: string; repository: { url: string }; homepage: string; bugs: { url: string };
  files: string[]; dependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional: boolean }>;
};

describe('package.json', () => {
  it('exports every element as seqgpu/components/<tag>, typed, and nothing the build does not produce', () => {
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json');
    const expected = ['.', './components', './datasets', './internal', ...componentTags().map((t) => `./components/${t}`)];
    expect(subpaths.sort()).toEqual(expected.sort());
    const entries = libraryEntries();
    for (const key of subpaths) {
      const e = pkg.exports[key] as { types: string; import: string; require: string };
      const name = key === '.' ? 'index' : key.slice(2);
      expect(entries[name], key).toBeDefined();
      expect(e.import).toBe(`./dist/${name}.js`);
      expect(e.types).toMatch(/^\.\/dist\/.*\.d\.ts$/);
      expect(e.require).toBe('./dist/require-esm-only.cjs');
    }
  });
  it('has the MIT licence, repository, homepage and bugs, and ships no sources twice', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(pkg.repository.url).toContain('github.com/seqgpu/seqgpu');
    expect(pkg.homepage).toContain('github.com/seqgpu/seqgpu');
    expect(pkg.bugs.url).toBe('https://github.com/seqgpu/seqgpu/issues');
    expect(pkg.files.some((f) => f === 'src' || f.startsWith('src/'))).toBe(false);
    expect(pkg.dependencies['@webgpu/types']).toBeUndefined();
    expect(pkg.peerDependenciesMeta.webgpu.optional).toBe(true);
  });
});
