// After `vite build --mode lib` and `tsc -p tsconfig.build.json` (npm run build:lib): finishes dist/ for npm.
//  1. WebGPU types. The sources reference @webgpu/types; a published .d.ts must not, because TypeScript's newer
//     lib.dom declares WebGPU itself and the two collide (hundreds of errors with skipLibCheck: false). The
//     emitted declarations get dist/webgpu-shim.d.ts instead: an empty global `interface` for each GPU* name they
//     mention. Interfaces merge, so with a lib.dom (or @webgpu/types) that declares WebGPU the full types win,
//     and without one the names still resolve (opaque) and the consumer still type-checks.
//  2. CommonJS. seqgpu is ESM only; `require('seqgpu')` gets dist/require-esm-only.cjs, which throws a message
//     that says what to do instead of Node's ERR_REQUIRE_ESM / ERR_PACKAGE_PATH_NOT_EXPORTED.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const NOT_INTERFACES = new Set(['GPUPowerPreference', 'GPUFeatureName', 'GPUBufferUsage', 'GPUMapMode', 'GPUShaderStage', 'GPUTextureFormat', 'GPUBufferUsageFlags', 'GPUSize64', 'GPUIndex32', 'GPUSize32']);
const REFERENCE = /^\/\/\/ <reference types="@webgpu\/types"[^>]*\/>\n?/m;

function* dtsFiles(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* dtsFiles(p);
    else if (e.name.endsWith('.d.ts') && e.name !== 'webgpu-shim.d.ts') yield p;
  }
}

// The WebGPU interface names (from the @webgpu/types devDependency): only these are shimmed, so a word like
// "GPUs" in a doc comment is not taken for a type.
const webgpuInterfaces = new Set(
  [...readFileSync(join(dist, '..', 'node_modules', '@webgpu', 'types', 'dist', 'index.d.ts'), 'utf8').matchAll(/^interface (GPU\w*)\b/gm)].map((m) => m[1]),
);
const gpuNames = new Set();
const users = [];
for (const file of dtsFiles(dist)) {
  // Idempotent: a second run finds its own reference line and replaces it.
  let text = readFileSync(file, 'utf8').replace(REFERENCE, '').replace(/^\/\/\/ <reference path="[^"]*webgpu-shim\.d\.ts" \/>\n/m, '');
  const names = (text.match(/\bGPU[A-Za-z0-9]*\b/g) ?? []).filter((n) => webgpuInterfaces.has(n) || NOT_INTERFACES.has(n));
  if (names.length) {
    names.forEach((n) => gpuNames.add(n));
    const ref = relative(dirname(file), join(dist, 'webgpu-shim.d.ts')).replaceAll('\\', '/');
    text = `/// <reference path="${ref.startsWith('.') ? ref : `./${ref}`}" />\n${text}`;
    users.push(relative(dist, file));
  }
  writeFileSync(file, text);
}
// Only interfaces can be re-declared safely; a GPU* type alias or value in the public declarations would
// collide with lib.dom again, so fail the build and say which.
const bad = [...gpuNames].filter((n) => NOT_INTERFACES.has(n));
if (bad.length) throw new Error(`lib-postbuild: the public declarations use WebGPU type aliases/values ${bad.join(', ')}; use plain types there`);
writeFileSync(
  join(dist, 'webgpu-shim.d.ts'),
  '// WebGPU names used by seqgpu\'s declarations (scripts/lib-postbuild.mjs). Empty interfaces merge with the full\n' +
    '// declarations from lib.dom or @webgpu/types when those are present, and keep the names resolvable when not.\n' +
    [...gpuNames].sort().map((n) => `interface ${n} {}`).join('\n') +
    '\n',
);
writeFileSync(
  join(dist, 'require-esm-only.cjs'),
  `// seqgpu is an ES module package: this file answers require('seqgpu') with what to do instead.
throw new Error(
  "seqgpu is ESM-only and cannot be loaded with require(). Use import (import { init } from 'seqgpu'), " +
    "or from CommonJS: const seqgpu = await import('seqgpu'). In TypeScript set \\"module\\" to \\"nodenext\\" or " +
    "\\"esnext\\" (or \\"type\\": \\"module\\" in package.json).",
);
`,
);
console.log(`lib-postbuild: webgpu-shim.d.ts declares ${gpuNames.size} names for ${users.length} declaration files; require-esm-only.cjs written`);
