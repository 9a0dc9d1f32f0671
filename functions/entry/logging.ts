// JSON log lines, one per call, written straight to stdout: with the functions' JSON log
// format Lambda keeps such lines as they are. A logger library bought 22 KB of every bundle
// and little else here (four call sites, a level and the request id).
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

const LEVELS = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, 'SILENT'>;

/** The threshold the stack sets (`LOG_LEVEL`), INFO when unset or unknown. */
function threshold(): number {
  const name = (process.env.LOG_LEVEL ?? 'INFO').toUpperCase();
  return name in LEVELS ? LEVELS[name as keyof typeof LEVELS] : LEVELS.INFO;
}

let invocation: { requestId: string; coldStart: boolean } | undefined;
let coldStart = true;

/** One log line's JSON: level, message, time, the invocation's request id, the fields (errors spelled out). */
export function logLine(level: Level, message: string, fields: Record<string, unknown> = {}): string {
  const line: Record<string, unknown> = {
    level,
    message,
    timestamp: new Date().toISOString(),
    service: process.env.SERVICE_NAME ?? 'leadrouter',
    ...(invocation ? { requestId: invocation.requestId, coldStart: invocation.coldStart } : {}),
  };
  for (const [key, value] of Object.entries(fields)) {
    line[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return JSON.stringify(line);
}

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (LEVELS[level] < threshold()) return;
  process.stdout.write(`${logLine(level, message, fields)}\n`);
}

/** The function's one logger. */
export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write('DEBUG', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('INFO', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('WARN', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('ERROR', message, fields),
};

/** Puts the invocation's request id (and whether it is the cold start) on every log line. */
export function loggerMiddleware<E, R>(): MiddlewareObj<E, R, Error, Context> {
  return {
    before: (request) => {
      invocation = { requestId: request.context.awsRequestId, coldStart };
      coldStart = false;
    },
  };
}
