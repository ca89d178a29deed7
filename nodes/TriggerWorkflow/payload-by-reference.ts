import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JsonValue } from '../../lib/call';
import {
	PAYLOAD_REFERENCE_FIELD,
	type PayloadReference,
} from '../../lib/protocol/payload-reference';
import { storablePayload } from '../../lib/protocol/stored-payload';
import { sharedStateStore, type StateStore } from '../../lib/state';
import { resolveStoreLocation } from '../shared/state-location';
import type { TriggerWorkflowOptions } from './trigger-workflow-properties';

/**
 * How long a stored body stays readable: long enough for every retry and for a receiver that was
 * down for a while, short enough that the store does not fill up with delivered bodies.
 */
export const PAYLOAD_TTL_SECONDS = 24 * 3600;

/** A body as it goes on the wire: unchanged, or replaced by a reference to the stored body. */
export interface OutgoingBody {
	body: JsonValue;
	/** Set when the body was stored and only the reference is sent. */
	reference?: PayloadReference;
}

/**
 * Decides, per call, whether a body travels inline or by reference, and stores it in the latter
 * case. The store is opened on first need, so a node that never sends by reference never opens it.
 */
export class PayloadSender {
	private store: Promise<StateStore> | undefined;

	constructor(private readonly context: IExecuteFunctions) {}

	/**
	 * @param key The call's idempotency key: a retry or re-run of the same call overwrites the same
	 *   record instead of leaving copies.
	 * @param options The item's Options, which say when a body goes by reference.
	 * @throws NodeOperationError when the store cannot be opened or written.
	 */
	async prepare(
		body: JsonValue,
		key: string,
		itemIndex: number,
		options: TriggerWorkflowOptions,
	): Promise<OutgoingBody> {
		const threshold = Number(options.largePayloadThresholdBytes ?? 0);
		const always = options.sendByReference === true;
		// Serializing only to measure would cost every call; most nodes never send by reference.
		if (!always && !(threshold > 0)) return { body };

		const { value, reference } = storablePayload(body, key);
		if (!always && reference.bytes <= threshold) return { body };

		await this.write(reference, value, itemIndex);
		return { body: { [PAYLOAD_REFERENCE_FIELD]: { ...reference } }, reference };
	}

	/** @param value The body's JSON text, stored as text so its digest survives any backend. */
	private async write(
		reference: PayloadReference,
		value: string,
		itemIndex: number,
	): Promise<void> {
		try {
			this.store ??= resolveStoreLocation(this.context).then((location) =>
				sharedStateStore(location),
			);
			const store = await this.store;
			await store.apply([
				{
					kind: 'set',
					namespace: reference.namespace,
					key: reference.key,
					value,
					ttlSeconds: PAYLOAD_TTL_SECONDS,
				},
			]);
		} catch (error) {
			this.store = undefined;
			throw new NodeOperationError(
				this.context.getNode(),
				`Could not keep the body in the store to send it by reference: ${(error as Error).message}`,
				{
					itemIndex,
					description:
						'Check the Store setting (and, for PostgreSQL, its credential), or turn off Options > Send Body by Reference and Large Payload Threshold.',
				},
			);
		}
	}
}
