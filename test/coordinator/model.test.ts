import { describe, expect, it } from 'vitest';
import { MAX_IDS } from '../../runtime/coordinator/features.js';
import { packIds } from '../../runtime/coordinator/model.js';

function row(...ids: number[]): Int32Array {
  const out = new Int32Array(MAX_IDS);
  out.set(ids);
  return out;
}

describe('packIds', () => {
  it('cuts every row to the widest row of the batch, keeping each row in place', () => {
    const packed = packIds([row(5, 6), row(7, 8, 9), row(4)]);
    expect(packed.dims).toEqual([3, 3]);
    expect(Array.from(packed.data)).toEqual([5, 6, 0, 7, 8, 9, 4, 0, 0]);
  });

  it('keeps all MAX_IDS columns when one row uses them all', () => {
    const full = Int32Array.from({ length: MAX_IDS }, (_, i) => i + 1);
    const packed = packIds([row(1), full]);
    expect(packed.dims).toEqual([2, MAX_IDS]);
    expect(Array.from(packed.data.subarray(MAX_IDS))).toEqual(Array.from(full));
  });

  it('keeps one padding column for texts without ids', () => {
    const packed = packIds([row(), row()]);
    expect(packed.dims).toEqual([2, 1]);
    expect(Array.from(packed.data)).toEqual([0, 0]);
  });
});
