import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * A structured logger for one component. Authorization headers and fields that can carry secrets are
 * redacted wherever they appear; code must still never log pasted content.
 */
export function createLogger(component: string, level: LevelWithSilent = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { component },
      redact: {
        paths: ['req.headers.authorization', 'headers.authorization', '*.deviceSecret', 'deviceSecret', '*.token', 'token'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ dest: 2, sync: false }),
  );
}
