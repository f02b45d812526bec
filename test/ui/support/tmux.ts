import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../runtime/support/coord-cli.ts', import.meta.url));

/** Whether tmux can be run here (CI installs it; see .ci/run). */
export const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * `coord <args>` from source in a detached tmux session of a fixed size: a real
 * pseudo-terminal, so the CLI sees a TTY and draws the dashboard. The shell prints
 * `[exit N]` when coord ends and keeps the pane open, so the last screen can be read.
 */
export function startInTmux(name: string, args: string[], size: { columns: number; rows: number }, env: Record<string, string> = {}) {
  const vars = Object.entries({ NO_COLOR: '1', ...env }).map(([k, v]) => `${k}=${quote(v)}`);
  // CI must not leak into the pseudo-terminal: in CI, coord (and Ink) would print plain lines instead.
  const command = `cd ${quote(ROOT)} && env -u CI -u CONTINUOUS_INTEGRATION ${vars.join(' ')} ${quote(process.execPath)} --import tsx ${quote(CLI)} ${args.map(quote).join(' ')}; echo "[exit $?]"; exec sleep 3600`;
  execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', String(size.columns), '-y', String(size.rows), command]);
  const tmux = (...rest: string[]) => execFileSync('tmux', rest, { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-t', name);
  return {
    screen,
    /** Polls the screen (not the clock) until `matches` holds; fails with the last screen after `tries` polls. */
    async waitFor(matches: (screen: string) => boolean, what: string, tries = 600): Promise<string> {
      for (let i = 0; i < tries; i++) {
        const now = screen();
        if (matches(now)) return now;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the screen never showed ${what}:\n${screen()}`);
    },
    keys: (...keys: string[]) => void tmux('send-keys', '-t', name, ...keys),
    resize: (columns: number, rows: number) => void tmux('resize-window', '-t', name, '-x', String(columns), '-y', String(rows)),
    kill: () => spawnSync('tmux', ['kill-session', '-t', name], { stdio: 'ignore' }),
  };
}
