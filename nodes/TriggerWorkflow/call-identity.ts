import { randomUUID } from 'node:crypto';

import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	deriveIdempotencyKey,
	InvalidCallOptionError,
	validateIdempotencyKey,
} from '../../lib/call';
import { isValidCorrelationId, MAX_CORRELATION_ID_LENGTH } from '../../lib/protocol/correlation';
import { describeTarget, incomingCorrelationId, type ResolvedTarget } from '../shared/call-target';
import type { TriggerWorkflowOptions } from './trigger-workflow-properties';

/** What names one call: the trace it belongs to and the request the receiver deduplicates on. */
export interface CallIdentity {
	correlationId: string;
	idempotencyKey: string;
}

/** Where a call's identity comes from. */
export interface CallIdentitySource {
	/** The input item the call is made for (the first one, for a call with all items). */
	item: INodeExecutionData;
	itemIndex: number;
	target: ResolvedTarget;
	options: TriggerWorkflowOptions;
	/** true for one call carrying every item: its derived key differs from item 0's own call. */
	allItems: boolean;
}

/**
 * The correlation ID and idempotency key of one call.
 *
 * Correlation ID, first usable of: Options > Correlation ID (an explicit override), the input
 * item's `correlationId` field (a Coordination Trigger puts the caller's there, so the trace
 * continues), a new UUID (the trace starts here).
 *
 * Idempotency key: Options > Idempotency Key when set, else derived from the correlation ID, the
 * target, this node's name and the item index, so a retried attempt, a retried execution of the
 * same item and a re-run with the same correlation ID all carry the same key, while a second
 * Trigger Workflow node calling the same target in the same trace does not collide with this one.
 * @throws NodeOperationError naming the option when an override is unusable.
 */
export function resolveCallIdentity(
	context: IExecuteFunctions,
	source: CallIdentitySource,
): CallIdentity {
	const correlationId = resolveCorrelation(context, source);
	const override = source.options.idempotencyKey;
	if (override !== undefined && String(override) !== '') {
		return { correlationId, idempotencyKey: checkedOverrideKey(context, source, String(override)) };
	}

	const idempotencyKey = deriveIdempotencyKey({
		correlationId,
		target: `${context.getNode().name}|${describeTarget(source.target)}${source.allItems ? '|all' : ''}`,
		itemIndex: source.itemIndex,
	});
	return { correlationId, idempotencyKey };
}

function resolveCorrelation(context: IExecuteFunctions, source: CallIdentitySource): string {
	const override = String(source.options.correlationId ?? '').trim();
	if (override !== '') {
		if (!isValidCorrelationId(override)) {
			throw new NodeOperationError(
				context.getNode(),
				`Options > Correlation ID ${JSON.stringify(override)} is not a usable correlation ID`,
				{
					itemIndex: source.itemIndex,
					description: `Use 1 to ${MAX_CORRELATION_ID_LENGTH} letters, digits or . _ : - (a UUID works), or leave the option empty.`,
				},
			);
		}
		return override;
	}

	return incomingCorrelationId(source.item) ?? randomUUID();
}

function checkedOverrideKey(
	context: IExecuteFunctions,
	source: CallIdentitySource,
	key: string,
): string {
	try {
		return validateIdempotencyKey(key, 'Options > Idempotency Key');
	} catch (error) {
		const message = error instanceof InvalidCallOptionError ? error.message : String(error);
		throw new NodeOperationError(context.getNode(), message, {
			itemIndex: source.itemIndex,
			description:
				'Use at most 200 printable ASCII characters without leading or trailing spaces, or leave the option empty for a derived key.',
		});
	}
}
