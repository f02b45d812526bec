import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { functionAgentsGuess } from '../../../src/cli/run/spare-threads.js';

describe('the guess of how many threads a run will need before its workflow is checked', () => {
  it("counts the distinct modules agents' function settings name", () => {
    expect(functionAgentsGuess(readFileSync(new URL('../../../examples/word-stats/flow.coord', import.meta.url), 'utf8'))).toBe(3);
    const text = `workflow w {
  agent a { function "./a.ts" }
  agent b {
    function "./b.ts"
    output { message: string }
  }
  agent c { function   "./a.ts" }
}`;
    expect(functionAgentsGuess(text)).toBe(2);
  });

  it("leaves out tools' functions, comments and other words", () => {
    const text = `// agent old { function "./old.ts" }
workflow w {
  // three function agents
  agent a {
    role "a function \\"x\\" of y"
    tool lookup function "./tools/lookup.ts" { max 3 calls per turn }
  }
}`;
    expect(functionAgentsGuess(text)).toBe(0);
  });

  it('starts at most eight', () => {
    const text = Array.from({ length: 12 }, (_, i) => `agent a${i} { function "./a${i}.ts" }`).join('\n');
    expect(functionAgentsGuess(text)).toBe(8);
  });
});
