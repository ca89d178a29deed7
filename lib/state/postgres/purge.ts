import type { Pool } from 'pg';

import { isExpired } from './sql-fragments';
import type { StateTable } from './state-table';

/** How often each shared pool deletes expired records of a table in the background. @default 60000 */
export const PURGE_INTERVAL_MS = 60_000;

/** Deletes the table's expired records; the row count is how many went. */
export function purgeStatement(table: StateTable): string {
	return `DELETE FROM ${table.qualified} AS s WHERE ${isExpired('s')}`;
}

/**
 * The periodic purge of one table on one shared pool. Every open store of that table acquires it
 * and releases it on close; the timer runs while at least one store is open. The timer is unref'd:
 * expired records are already invisible to reads, so the purge is housekeeping that must never keep
 * a process alive.
 */
export class BackgroundPurge {
	private users = 0;
	private timer: NodeJS.Timeout | undefined;
	private running = false;

	constructor(
		private readonly pool: Pool,
		private readonly table: StateTable,
		private readonly onError: (error: Error) => void,
		private readonly intervalMs = PURGE_INTERVAL_MS,
	) {}

	acquire(): void {
		this.users += 1;
		if (!this.timer) {
			this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
			this.timer.unref();
		}
	}

	release(): void {
		this.users = Math.max(0, this.users - 1);
		if (this.users === 0) {
			this.stop();
		}
	}

	stop(): void {
		clearInterval(this.timer);
		this.timer = undefined;
	}

	private async runOnce(): Promise<void> {
		// A purge of a large backlog can outlast the interval; overlapping ones would only contend.
		if (this.running) {
			return;
		}
		this.running = true;
		try {
			await this.pool.query(purgeStatement(this.table));
		} catch (error) {
			this.onError(error instanceof Error ? error : new Error(String(error)));
		} finally {
			this.running = false;
		}
	}
}
