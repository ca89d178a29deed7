import { randomUUID } from 'node:crypto';

import type { PreparedStatements } from './statements';

/**
 * How long a watch on a namespace lasts unless renewed. Only a process that stops renewing (it died,
 * or its event loop stalled this long) loses it; writers then stop recording changes for it.
 */
const LEASE_MS = 10 * 60_000;

/** How often the leases of the watched namespaces are renewed: well within LEASE_MS. */
const RENEWAL_INTERVAL_MS = 60_000;

/**
 * The rows of `wfc_state_subscribers` that one store (one process, one file) holds: one per watched
 * namespace, counted over its subscriptions, renewed while any remain. Writers record changes only
 * for namespaces listed there (see schema.ts).
 *
 * A lease row and the starting sequence number are written and read in one write transaction.
 * SQLite has one writer at a time, so every write that commits afterwards sees the row and records
 * its change with a higher sequence number: no change made after `watch` resolves is missed.
 */
export class SubscriptionLeases {
	/** This store's name in the subscribers table. */
	private readonly subscriberId = randomUUID();
	/** How many subscriptions watch each namespace; its lease row exists while the count is > 0. */
	private readonly watched = new Map<string, number>();
	/** Lease writes run one after another, so a late removal cannot undo a newer watch. */
	private queue: Promise<unknown> = Promise.resolve();
	private renewalTimer: NodeJS.Timeout | undefined;

	constructor(
		private readonly statements: PreparedStatements,
		private readonly writeTransaction: <T>(work: () => T) => Promise<T>,
	) {}

	/**
	 * Starts (or counts one more) watch on `namespace`.
	 *
	 * @returns the sequence number of the last change recorded before the watch started
	 */
	async watch(namespace: string): Promise<number> {
		this.watched.set(namespace, (this.watched.get(namespace) ?? 0) + 1);
		try {
			const lastSeq = await this.queued(() =>
				this.writeTransaction(() => {
					this.renew(namespace);
					const { seq } = this.statements.lastChange.get() as { seq: number };
					return Number(seq);
				}),
			);
			this.renewalTimer ??= setInterval(() => void this.renewAll(), RENEWAL_INTERVAL_MS).unref();
			return lastSeq;
		} catch (error) {
			this.countDown(namespace);
			throw error;
		}
	}

	/** Counts one watch on `namespace` less, and ends its lease after the last one. Never throws. */
	async unwatch(namespace: string): Promise<void> {
		if (this.countDown(namespace) > 0) return;
		if (this.watched.size === 0) this.stopRenewing();
		await this.queued(() =>
			this.writeTransaction(() => {
				// Watched again while this removal waited in the queue: keep the lease.
				if (!this.watched.has(namespace)) this.end(namespace);
			}),
		).catch(() => {
			// The lease then runs out by itself; until then writers record changes nobody reads.
		});
	}

	/**
	 * Ends every lease now, without waiting for a lock (the store is closing): a lease that cannot be
	 * ended runs out by itself.
	 */
	releaseAll(): void {
		this.stopRenewing();
		try {
			for (const namespace of this.watched.keys()) this.end(namespace);
		} catch {
			// Another process holds the write lock; see above.
		}
		this.watched.clear();
	}

	private countDown(namespace: string): number {
		const remaining = (this.watched.get(namespace) ?? 1) - 1;
		if (remaining > 0) this.watched.set(namespace, remaining);
		else this.watched.delete(namespace);
		return remaining;
	}

	private queued<T>(work: () => Promise<T>): Promise<T> {
		const result = this.queue.then(work, work);
		this.queue = result.catch(() => undefined);
		return result;
	}

	private renew(namespace: string): void {
		this.statements.renewSubscription.run({
			namespace,
			subscriber: this.subscriberId,
			leaseUntil: Date.now() + LEASE_MS,
		});
	}

	private end(namespace: string): void {
		this.statements.endSubscription.run({ namespace, subscriber: this.subscriberId });
	}

	private async renewAll(): Promise<void> {
		try {
			await this.queued(() =>
				this.writeTransaction(() => {
					for (const namespace of this.watched.keys()) this.renew(namespace);
				}),
			);
		} catch {
			// The next renewal tries again, long before the lease runs out.
		}
	}

	private stopRenewing(): void {
		clearInterval(this.renewalTimer);
		this.renewalTimer = undefined;
	}
}
