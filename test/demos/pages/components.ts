// The one import a host page needs, plus the hooks the component tests drive the page with.
import * as components from '../../../src/components/index.ts';
import * as seqgpu from '../../../src/index.ts';

const w = window as unknown as { seqgpu: typeof seqgpu; seqgpuComponents: typeof components; seqgpuReady: boolean };
w.seqgpu = seqgpu;
w.seqgpuComponents = components;
w.seqgpuReady = true;
