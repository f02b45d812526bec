import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-info.js';

/**
 * Each diagnostic's section of docs/diagnostics.md (shipped in the package), by code: what it is,
 * a failing example and its fix, as Markdown. Empty when the page cannot be read, so that a report
 * never fails for want of its documentation.
 */
export function diagnosticDocs(page: string = path.join(packageRoot, 'docs', 'diagnostics.md')): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(page, 'utf8');
  } catch {
    return new Map();
  }
  const sections = new Map<string, string>();
  for (const section of text.split(/^## /m).slice(1)) {
    const code = /^(COORD\d+)\b/.exec(section)?.[1];
    if (code) sections.set(code, section.slice(section.indexOf('\n') + 1).trim());
  }
  return sections;
}
