import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CallOptions } from '../../../lib/call';
import type { RetrySettings } from './call-options-properties';

/**
 * Turns the Retry and Timeouts collection of one item into call options. The values themselves
 * are checked by the call machinery, which names the option at fault.
 * @throws NodeOperationError when Never Retry Statuses is not a list of HTTP statuses.
 */
export function readCallOptions(
	context: IExecuteFunctions,
	itemIndex: number,
	signal: AbortSignal | undefined,
): CallOptions {
	const settings = context.getNodeParameter('retry', itemIndex, {}) as RetrySettings;
	return {
		attemptTimeoutMs: settings.attemptTimeoutMs,
		deadlineMs: settings.deadlineMs,
		signal,
		policy: {
			maxAttempts: settings.maxAttempts,
			initialDelayMs: settings.initialDelayMs,
			multiplier: settings.multiplier,
			maxDelayMs: settings.maxDelayMs,
			jitter: settings.jitter,
			neverRetryStatuses: parseStatusList(context, itemIndex, settings.neverRetryStatuses),
		},
	};
}

function parseStatusList(
	context: IExecuteFunctions,
	itemIndex: number,
	text: string | undefined,
): number[] | undefined {
	if (!text?.trim()) return undefined;
	return text.split(',').map((part) => {
		const status = Number(part.trim());
		if (!Number.isInteger(status) || status < 100 || status > 599) {
			throw new NodeOperationError(
				context.getNode(),
				`Never Retry Statuses contains ${JSON.stringify(part.trim())}, which is not an HTTP status`,
				{
					itemIndex,
					description: 'List statuses between 100 and 599, separated by commas, e.g. 409, 503.',
				},
			);
		}
		return status;
	});
}
