import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Written by training/copying.py; training/card.py turns it into the card's "Copying task" section. */
interface CopyingRow {
  label: string;
  parameters: number;
  train_steps: number;
  converged: boolean;
  ce_50: number;
  ce_200: number;
}
interface CopyingResults {
  command: string;
  models: Record<string, CopyingRow>;
}

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const results = JSON.parse(read('training/results/copying.json')) as CopyingResults;
/** Variants of the core (training/results/copying-k<k>.json), each from its own command. */
const variants = readdirSync(new URL('../../training/results/', import.meta.url))
  .filter((name) => /^copying-k.*\.json$/.test(name))
  .map((name) => JSON.parse(read(`training/results/${name}`)) as CopyingResults);
const card = read('models/coordinator.md');
const copying = card.slice(card.indexOf('## Copying task'), card.indexOf('## Rebuild'));

describe('model card, copying task', () => {
  it.each([results, ...variants].map((r) => [r.command, r] as const))('shows `%s` and every model row it wrote', (_, r) => {
    expect(copying).toContain(`\`${r.command}\``);
    for (const row of Object.values(r.models)) {
      const cells = copying.split('\n').find((line) => line.startsWith(`| ${row.label} |`));
      expect(cells, row.label).toBeDefined();
      const shown = cells!.split('|').map((cell) => cell.trim());
      expect(shown).toContain(row.parameters.toLocaleString('en-US'));
      expect(shown).toContain(row.train_steps.toLocaleString('en-US'));
      expect(shown).toContain(row.converged ? 'yes' : 'no');
      expect(shown).toContain(row.ce_50.toFixed(4));
      expect(shown).toContain(row.ce_200.toFixed(4));
    }
  });
});
