/** Progress of a long benchmark on stderr: done/total, rate and ETA; one updating line on a TTY, a line per 10% otherwise. */
export function progressReporter(total: number, stream: NodeJS.WriteStream = process.stderr): (done: number) => void {
  const started = Date.now();
  let lastDecile = -1;
  return (done) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? (total - done) / rate : 0;
    const line = `coord bench: ${done}/${total} runs  ${rate.toFixed(1)} runs/s  ETA ${clock(eta)}`;
    if (stream.isTTY) {
      stream.write(`\r${line}${done === total ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor((done / total) * 10);
    if (decile !== lastDecile || done === total) {
      lastDecile = decile;
      stream.write(`${line}\n`);
    }
  };
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}
