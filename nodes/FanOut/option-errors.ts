import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InvalidFanOutOptionError } from '../../lib/concurrency';

/** How the machinery's option names appear in the editor. */
const FIELD_LABELS: Record<string, string> = {
	concurrency: 'Concurrency',
	'completion.successes': 'Quorum',
	failurePolicy: 'Failure Policy',
	'failurePolicy.maxFailures': 'Max Failures',
	'failurePolicy.maxFailurePercent': 'Max Failure Percent',
	ratePerSecond: 'Options > Rate Limit (Per Second)',
	branchTimeoutMs: 'Options > Branch Timeout (Ms)',
	deadlineMs: 'Options > Deadline (Ms)',
	progressIntervalMs: 'Options > Progress Log Interval (Ms)',
	timeoutMs: 'Options > Compensation Timeout (Ms)',
};

/**
 * The n8n error for an unusable fan-out setting, named as the editor shows it; other errors pass
 * through unchanged.
 */
export function fanOutOptionError(context: IExecuteFunctions, error: unknown): unknown {
	if (!(error instanceof InvalidFanOutOptionError)) return error;
	const label = FIELD_LABELS[error.option] ?? error.option;
	return new NodeOperationError(context.getNode(), `${label}: ${error.message}`, {
		description: `Correct ${label} in the node's settings.`,
	});
}
