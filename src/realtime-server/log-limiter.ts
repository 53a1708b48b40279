/**
 * Rate-limited logging: at most `maxLines` lines per `intervalMs`, shared by
 * everything one server logs, so a hostile client cannot fill the disk. What
 * is dropped is counted and reported in one summary line when the interval
 * ends.
 */
export interface LogLimiterOptions {
  log: (line: string) => void;
  /** Lines let through per interval. */
  maxLines: number;
  intervalMs: number;
}

export interface LogLimiter {
  /** Logs the line, or counts it as suppressed when over the limit. */
  (line: string): void;
  /** Reports what is still suppressed and stops the timer. */
  close(): void;
}

/** Wraps `log` so it writes at most `maxLines` lines per `intervalMs`, then a "suppressed N lines" summary. */
export function createLogLimiter(options: LogLimiterOptions): LogLimiter {
  const { log, maxLines, intervalMs } = options;
  if (!Number.isInteger(maxLines) || maxLines < 1) throw new RangeError("maxLines must be a positive integer");
  if (!(intervalMs > 0)) throw new RangeError("intervalMs must be positive");
  let written = 0;
  let suppressed = 0;
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    if (suppressed > 0) log(`realtime: suppressed ${suppressed} log line${suppressed === 1 ? "" : "s"} (more than ${maxLines} in ${intervalMs} ms)`);
    written = 0;
    suppressed = 0;
  };
  const endInterval = () => {
    timer = undefined;
    flush();
  };

  const limited = ((line: string) => {
    if (timer === undefined) {
      // The interval starts with its first line: a quiet server holds no timer.
      timer = setTimeout(endInterval, intervalMs);
      timer.unref();
    }
    if (written < maxLines) {
      written += 1;
      log(line);
    } else {
      suppressed += 1;
    }
  }) as LogLimiter;
  limited.close = () => {
    clearTimeout(timer);
    timer = undefined;
    flush();
  };
  return limited;
}
