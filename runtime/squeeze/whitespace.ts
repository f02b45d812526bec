/**
 * Level 0: whitespace only. Runs of spaces and tabs inside a line become one
 * space, trailing spaces go, more than one blank line becomes one. Leading
 * indentation is kept because it nests lists. Runs on masked text, so code
 * blocks and quotes keep their spacing; other scripts' own spaces (U+3000) stay.
 */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
      return indent + line.slice(indent.length).replace(/[ \t]+/g, ' ').trimEnd();
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}
