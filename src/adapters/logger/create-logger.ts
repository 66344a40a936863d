import pino from 'pino';
import type { Logger } from '../../ports/logger.js';

/** A pino logger writing JSON lines to the given file descriptor (2 = stderr keeps stdout clean for the CLI). */
export function createPinoLogger(level: string, fd = 1): Logger {
  return pino({ level, base: { app: 'daogou' } }, pino.destination({ fd, sync: false })) as unknown as Logger;
}
