/**
 * The 'tiled' recurrent rung's tile shapes (backends/webgpu/rnn-tiled.ts `tileShape`), checked in Node over every
 * small shape: the grid covers every column quad and batch row, the workgroup's stage (rows x KC floats of
 * workgroup memory, common/rnn-tiled.wgsl) never exceeds 256 floats, and KC is as deep as that cap and the
 * contraction allow. Why the cap: workgroup memory is zero-filled per workgroup, per value, on SwiftShader.
 * The kernels themselves are checked against the CPU at these shapes' edges in rnn.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { tileShape } from '../../src/backends/webgpu/rnn-tiled.ts';

const isPow2 = (v: number): boolean => v >= 1 && (v & (v - 1)) === 0;

describe('tileShape', () => {
  it('covers the grid, caps the stage at 256 floats and stages as deep as the cap and K allow', () => {
    let checked = 0;
    for (const C4 of [1, 2, 3, 4, 5, 8, 9, 16, 17, 33, 64, 65, 200, 256])
      for (const N of [1, 2, 3, 4, 5, 9, 16, 64, 100])
        for (const K of [1, 3, 4, 5, 16, 20, 32, 33, 64, 65, 256, 1024]) {
          const { constants: { BN, WQ, KC }, groups } = tileShape(C4, N, 2, K);
          const rows = (64 / WQ) * BN;
          const where = `C4 ${C4} N ${N} K ${K}: BN ${BN} WQ ${WQ} KC ${KC}`;
          expect(isPow2(WQ) && WQ >= 4 && WQ <= 64, where).toBe(true);
          expect(isPow2(KC) && KC <= 32, where).toBe(true);
          expect(BN, where).toBe(Math.min(4, N));
          expect(groups[0] * WQ, where).toBeGreaterThanOrEqual(C4);
          expect(groups[1] * rows, where).toBeGreaterThanOrEqual(N);
          expect(groups[2], where).toBe(2);
          expect(rows * KC, where).toBeLessThanOrEqual(256);
          // Not needlessly shallow: doubling KC would pass the cap, pass 32, or stage k values past K.
          expect(KC === 32 || rows * KC * 2 > 256 || KC >= K, where).toBe(true);
          checked++;
        }
    expect(checked).toBe(14 * 9 * 12);
  });

  it('keeps the full 32-deep stage where H is large (one quad tile of 64 columns, BN rows)', () => {
    expect(tileShape(256, 64, 1, 1024).constants).toEqual({ BN: 4, WQ: 64, KC: 32 });
    expect(tileShape(16, 8, 1, 64).constants).toEqual({ BN: 4, WQ: 16, KC: 16 });
    expect(tileShape(2, 5, 1, 5).constants).toEqual({ BN: 4, WQ: 4, KC: 4 });
  });
});
