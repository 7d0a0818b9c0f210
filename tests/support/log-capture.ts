// A logger whose every line (formatted exactly as a log file would show it) is
// kept for assertions.
import { createLogger, formatRecord, type Logger } from '../../main/log';

export interface CapturedLog {
  logger: Logger;
  lines: string[];
  text(): string;
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (record) => lines.push(formatRecord(record)) });
  return { logger, lines, text: () => lines.join('\n') };
}
