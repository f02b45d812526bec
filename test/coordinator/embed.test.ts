import { beforeAll, describe, expect, it } from 'vitest';
import { RunCoordinator, loadCoordinatorModel } from '../../runtime/coordinator/index.js';
import type { CoordinatorModel } from '../../runtime/coordinator/model.js';
import { cosine } from '../../runtime/squeeze/index.js';

describe('the coordinator as the embedding for redundancy removal', () => {
  let model: CoordinatorModel;
  beforeAll(async () => {
    model = await loadCoordinatorModel('builtin', 'cpu');
  });

  it('gives the same direction for the same text, whatever was written before, and apart vectors for other facts', async () => {
    const run = new RunCoordinator(model, 'embed');
    const [a, b, c] = await run.embed(['Milo works at the Copper Studio.', 'Milo works at the Copper Studio.', 'Garrow is a city in Ostmark.']);
    // Batched inference may differ in the last float digits, never more.
    expect(cosine(a!, b!)).toBeCloseTo(1, 6);
    expect(cosine(a!, c!)).toBeLessThan(0.92);
    const other = new RunCoordinator(model, 'embed-2');
    expect(cosine((await other.embed(['Milo works at the Copper Studio.']))[0]!, a!)).toBeCloseTo(1, 6);
  });
});
