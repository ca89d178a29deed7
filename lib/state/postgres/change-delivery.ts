import type { ChangeFilter, StateChange, StateRecord } from '../types';
import { parseChangeNotification, type ChangeNotification } from './change-notification';

/** Whoever a change may be for: a subscription's filter and its callback. */
export interface ChangeRecipient {
	filter: ChangeFilter;
	onChange: (change: StateChange) => void;
}

export interface ChangeDeliveryOptions {
	/** The current recipients, asked for each notification and each delivery. */
	recipients(): Iterable<ChangeRecipient>;
	/** Reads the current records of some keys of a namespace: where a change's value comes from. */
	readRecords(namespace: string, keys: string[]): Promise<Map<string, StateRecord>>;
	/** Hears about a failed read or a recipient that threw. */
	onError(error: Error): void;
}

/**
 * Turns the notifications of one LISTEN connection into changes for its recipients, in order.
 *
 * A notification carries its change's value when it fits; the values of larger changes that
 * arrive together are read in one query per namespace. Such a read value may already include a
 * later change of the same key; `version` is always the change's own.
 */
export class ChangeDelivery {
	private pending: ChangeNotification[] = [];
	private flushScheduled = false;
	// Batches are delivered one after the other so that changes keep their order.
	private delivery: Promise<void> = Promise.resolve();

	constructor(private readonly options: ChangeDeliveryOptions) {}

	/** Takes one notification's payload; changes no recipient wants are dropped here. */
	receive(payload: string | undefined): void {
		const change = parseChangeNotification(payload);
		if (!change || ![...this.options.recipients()].some(({ filter }) => matches(filter, change))) {
			return;
		}
		this.pending.push(change);
		if (this.flushScheduled) {
			return;
		}
		// Notifications of one transaction arrive together: gather them to read their values at once.
		this.flushScheduled = true;
		setImmediate(() => {
			this.flushScheduled = false;
			const batch = this.pending;
			this.pending = [];
			this.delivery = this.delivery.then(() => this.deliver(batch));
		});
	}

	private async deliver(batch: ChangeNotification[]): Promise<void> {
		let records: Map<string, Map<string, StateRecord>>;
		try {
			records = await this.readValues(batch);
		} catch (error) {
			this.options.onError(toError(error));
			return;
		}

		for (const notification of batch) {
			const value =
				notification.operation === 'delete'
					? null
					: (notification.value ??
						records.get(notification.namespace)?.get(notification.key)?.value ??
						null);
			const change: StateChange = { ...notification, value };
			for (const recipient of this.options.recipients()) {
				if (matches(recipient.filter, notification)) {
					this.notify(recipient, change);
				}
			}
		}
	}

	private notify(recipient: ChangeRecipient, change: StateChange): void {
		try {
			recipient.onChange(change);
		} catch (error) {
			this.options.onError(toError(error));
		}
	}

	private async readValues(
		batch: ChangeNotification[],
	): Promise<Map<string, Map<string, StateRecord>>> {
		const keysByNamespace = new Map<string, Set<string>>();
		for (const { namespace, key, operation, value } of batch) {
			if (operation !== 'delete' && value === undefined) {
				const keys = keysByNamespace.get(namespace) ?? new Set();
				keys.add(key);
				keysByNamespace.set(namespace, keys);
			}
		}

		const records = new Map<string, Map<string, StateRecord>>();
		await Promise.all(
			[...keysByNamespace].map(async ([namespace, keys]) => {
				records.set(namespace, await this.options.readRecords(namespace, [...keys]));
			}),
		);
		return records;
	}
}

export function toError(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}

function matches(filter: ChangeFilter, change: ChangeNotification): boolean {
	return (
		change.namespace === filter.namespace &&
		(!filter.keyPrefix || change.key.startsWith(filter.keyPrefix))
	);
}
