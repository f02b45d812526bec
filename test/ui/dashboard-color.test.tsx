import { describe, expect, it } from 'vitest';
import { reserved, script, started } from './script.js';

// Chalk decides colour support when it loads, so force it before Ink is imported.
process.env.FORCE_COLOR = '1';
const { render } = await import('ink-testing-library');
const { Dashboard } = await import('../../src/ui/Dashboard.js');
const { initialView, reduce } = await import('../../src/ui/view-model.js');

const frame = (color: boolean) =>
  render(
    <Dashboard view={script(started, reserved('agent:planner', 380, 400)).reduce(reduce, initialView())} width={80} color={color} showHelp={false} />,
  ).lastFrame() ?? '';

describe('dashboard colours', () => {
  it('draws a budget at 95% in red and untouched budgets in green', () => {
    const out = frame(true);
    expect(out).toMatch(/\x1b\[31m[^\n]*planner[^\n]*95%/);
    expect(out).toMatch(/\x1b\[32m[^\n]*writer/);
  });

  it('uses no colour when colour is off (NO_COLOR, pipes)', () => {
    expect(frame(false)).not.toMatch(/\x1b\[3[0-7]m/);
  });
});
