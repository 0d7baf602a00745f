import type { TurnObserver } from '../bots/turnObserver.ts';
import type { Logger } from '../log.ts';

/**
 * One log line per handled update (platform, outcome, duration; never who or what was said),
 * then hands the record on. Terminal turns are not logged: the log would interleave with the chat.
 */
export function loggedTurns(log: Logger, next: TurnObserver): TurnObserver {
  return {
    turnHandled(record) {
      next.turnHandled(record);
      if (record.platform === 'console') return;
      log.info(
        {
          platform: record.platform,
          outcome: record.outcome,
          ms: Math.round(record.durationMs * 10) / 10,
          ...(record.safety ? { safety: record.safety } : {}),
        },
        'update handled',
      );
    },
  };
}
