import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

/** Colours text, or returns it unchanged when colour is off. */
export type Paint = (style: Style, text: string) => string;

/**
 * Colour when the stream is a terminal and NO_COLOR is unset or empty; FORCE_COLOR forces
 * it on (or off, when it is "0" or "false"), as Node and most CLIs agree.
 */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

export function painter(enabled: boolean): Paint {
  return enabled ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
}
