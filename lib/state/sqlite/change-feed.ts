import type { ChangeFilter, JsonValue, StateChange, StateMutation } from '../types';
import type { PreparedStatements } from './statements';
import type { SubscriptionLeases } from './subscription-leases';

/** How often the change table is polled while anyone is subscribed. */
const POLL_INTERVAL_MS = 250;

interface ChangeRow {
	seq: number;
	namespace: string;
	key: string;
	operation: StateMutation['kind'];
	value: string | null;
	version: number;
	changed_ms: number;
}

interface Subscriber {
	filter: ChangeFilter;
	onChange: (change: StateChange) => void;
	/** Changes up to this sequence number happened before the subscription and are not delivered. */
	fromSeq: number;
}

/**
 * Delivers changes from the `wfc_state_changes` table, which triggers fill on writes by any process
 * to a namespace that some process watches (see SubscriptionLeases). SQLite has no notifications
 * across processes, so one timer per store polls the table (an indexed range read) only while there
 * are subscribers.
 */
export class SqliteChangeFeed {
	private readonly subscribers = new Set<Subscriber>();
	private lastSeq = 0;
	private timer: NodeJS.Timeout | undefined;
	private polling = false;

	constructor(
		private readonly statements: PreparedStatements,
		private readonly leases: SubscriptionLeases,
		private readonly withLockRetry: <T>(read: () => T) => Promise<T>,
	) {}

	async subscribe(
		filter: ChangeFilter,
		onChange: (change: StateChange) => void,
	): Promise<() => Promise<void>> {
		const seq = await this.leases.watch(filter.namespace);
		if (this.subscribers.size === 0) this.lastSeq = seq;
		const subscriber: Subscriber = { filter, onChange, fromSeq: seq };
		this.subscribers.add(subscriber);
		this.timer ??= setInterval(() => void this.poll(), POLL_INTERVAL_MS).unref();

		return async () => {
			if (!this.subscribers.delete(subscriber)) return;
			if (this.subscribers.size === 0) this.stopPolling();
			await this.leases.unwatch(filter.namespace);
		};
	}

	/** Stops polling and ends the leases: the store is closing. */
	close(): void {
		this.stopPolling();
		this.subscribers.clear();
		this.leases.releaseAll();
	}

	private stopPolling(): void {
		clearInterval(this.timer);
		this.timer = undefined;
	}

	/** Reads new change rows, in batches, until none are left. Overlapping ticks are skipped. */
	private async poll(): Promise<void> {
		if (this.polling) return;
		this.polling = true;
		try {
			for (;;) {
				const rows = (await this.withLockRetry(() =>
					this.statements.changesAfter.all({ after: this.lastSeq }),
				)) as unknown as ChangeRow[];
				for (const row of rows) this.deliver(row);
				if (rows.length > 0) this.lastSeq = Number(rows[rows.length - 1].seq);
				if (rows.length < 1000) break;
			}
		} catch {
			// The next tick tries again from the same sequence number, so nothing is skipped.
		} finally {
			this.polling = false;
		}
	}

	private deliver(row: ChangeRow): void {
		const change: StateChange = {
			namespace: row.namespace,
			key: row.key,
			operation: row.operation,
			value: row.value === null ? null : (JSON.parse(row.value) as JsonValue),
			version: Number(row.version),
			changedAt: new Date(Number(row.changed_ms)).toISOString(),
		};
		for (const subscriber of this.subscribers) {
			const { namespace, keyPrefix } = subscriber.filter;
			if (row.seq <= subscriber.fromSeq || row.namespace !== namespace) continue;
			if (keyPrefix && !row.key.startsWith(keyPrefix)) continue;
			try {
				subscriber.onChange(change);
			} catch {
				// A failing subscriber must not stop delivery to the others; it reports its own errors.
			}
		}
	}
}
