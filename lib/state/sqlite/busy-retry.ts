import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long one statement may block the event loop waiting for another process's lock. SQLite's
 * busy wait is synchronous, so it is kept short and the waiting continues asynchronously below.
 */
export const BUSY_TIMEOUT_MS = 20;

/** How long a write keeps retrying a locked database before giving up. */
export const LOCK_WAIT_LIMIT_MS = 30_000;

/** SQLITE_BUSY and SQLITE_LOCKED, including their extended codes. */
function isLockError(error: unknown): boolean {
	// Duck-typed rather than `instanceof Error`: errors made by node:sqlite can come from another
	// realm (a vm context, as under jest) where that check fails.
	if (typeof error !== 'object' || error === null || !('errcode' in error)) return false;
	const { errcode } = error;
	return typeof errcode === 'number' && ((errcode & 0xff) === 5 || (errcode & 0xff) === 6);
}

/**
 * Runs `attempt` until it does not fail on a lock, sleeping (without blocking the event loop)
 * between tries with a growing delay.
 *
 * @throws the last lock error after `LOCK_WAIT_LIMIT_MS`, with a message saying who may hold the lock
 */
export async function retryWhileLocked<T>(filePath: string, attempt: () => T): Promise<T> {
	const deadline = Date.now() + LOCK_WAIT_LIMIT_MS;
	for (let delayMs = 2; ; delayMs = Math.min(delayMs * 2, 100)) {
		try {
			return attempt();
		} catch (error) {
			if (!isLockError(error)) throw error;
			if (Date.now() >= deadline) {
				throw new Error(
					`The embedded shared-state store ${filePath} stayed locked for ${LOCK_WAIT_LIMIT_MS / 1000} s. ` +
						'Another process is holding a long write transaction on it; if the load is this high, ' +
						'use a PostgreSQL credential instead.',
					{ cause: error },
				);
			}
			await sleep(delayMs * (0.5 + Math.random()));
		}
	}
}
