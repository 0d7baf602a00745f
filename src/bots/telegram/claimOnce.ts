import type { Context, MiddlewareFn } from 'grammy';
import type { Logger } from '../../log.ts';
import type { UpdateClaims } from '../../store/updateClaims.ts';
import { describeError } from './errorReport.ts';

/** The claim id of one update: update ids are per bot, so the bot id keeps two bots apart. */
export function updateClaimId(botId: number, updateId: number): string {
  return `telegram:${botId}:${updateId}`;
}

/**
 * Lets each `update_id` through once, across every process sharing the claims store (Redis
 * `SET NX EX`), so a redelivered update — after a webhook timeout, a restart before the offset
 * was confirmed — is not answered twice. A highest-id mark would not do: concurrent handling
 * finishes out of order.
 *
 * If the claims store is down the update is handled anyway: a rare double answer is better than
 * silently dropping what the person said, and the conversation will tell them about the outage.
 */
export function claimOnce(claims: UpdateClaims, log: Logger): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const id = updateClaimId(ctx.me.id, ctx.update.update_id);
    let first: boolean;
    try {
      first = await claims.claim(id);
    } catch (error) {
      log.warn(
        { update_id: ctx.update.update_id, err: describeError(error) },
        'update claim failed; handling anyway',
      );
      first = true;
    }
    if (!first) {
      log.info({ update_id: ctx.update.update_id }, 'duplicate update skipped');
      return;
    }
    await next();
  };
}
