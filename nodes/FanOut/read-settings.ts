import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FailurePolicy, FanOutCompletion } from '../../lib/concurrency';
import type { CompletionSetting, FailurePolicySetting, FanOutOptionSettings } from './properties';

/** The run-level settings of one execution of the node, read once (from the first item). */
export interface FanOutSettings {
	/** Dot path of the array to fan out over; undefined for one branch per item. */
	listField?: string;
	concurrency: number;
	/** undefined for fire and forget, which runs like `all` but is not awaited. */
	completion: FanOutCompletion;
	fireAndForget: boolean;
	failurePolicy: FailurePolicy;
	ratePerSecond?: number;
	branchTimeoutMs?: number;
	deadlineMs?: number;
	progressIntervalMs?: number;
	includeSummary: boolean;
	compensation: CompensationSettings;
}

/** Where compensations go, as typed; {@link resolveCompensationTarget} checks it. */
export interface CompensationSettings {
	path?: string;
	url?: string;
	workflowId?: string;
	timeoutMs?: number;
}

/**
 * Reads the settings that shape the whole run. They are read for the first item only: a run has
 * one window, one completion mode and one failure policy, whatever each item says.
 * @throws NodeOperationError when the Options collection is not an object.
 */
export function readFanOutSettings(context: IExecuteFunctions): FanOutSettings {
	const completionSetting = context.getNodeParameter('completion', 0, 'all') as CompletionSetting;
	const options = context.getNodeParameter('options', 0, {}) as FanOutOptionSettings;
	const listField = String(context.getNodeParameter('listField', 0, '')).trim();

	return {
		listField: listField || undefined,
		concurrency: context.getNodeParameter('concurrency', 0, 8) as number,
		completion: readCompletion(context, completionSetting),
		fireAndForget: completionSetting === 'none',
		failurePolicy: readFailurePolicy(context, completionSetting),
		// 0 is the editor's "no limit"; the machinery wants the option left out instead.
		ratePerSecond: options.ratePerSecond ? options.ratePerSecond : undefined,
		branchTimeoutMs: options.branchTimeoutMs,
		deadlineMs: options.deadlineMs,
		progressIntervalMs: options.progressIntervalMs,
		includeSummary: options.includeSummary === true,
		compensation: {
			path: options.compensationPath?.trim() || undefined,
			url: options.compensationUrl?.trim() || undefined,
			workflowId: options.compensationWorkflowId?.trim() || undefined,
			timeoutMs: options.compensationTimeoutMs,
		},
	};
}

function readCompletion(
	context: IExecuteFunctions,
	completion: CompletionSetting,
): FanOutCompletion {
	if (completion === 'firstSuccess') return { mode: 'firstSuccess' };
	if (completion === 'quorum') {
		return { mode: 'quorum', successes: context.getNodeParameter('quorum', 0, 2) as number };
	}
	if (completion === 'all' || completion === 'none') return { mode: 'all' };
	throw new NodeOperationError(
		context.getNode(),
		`Completion ${JSON.stringify(completion)} is unknown`,
		{
			description: 'Choose All, First Success, Quorum or None (Fire and Forget).',
		},
	);
}

/**
 * First Success and Quorum judge failures by whether enough branches can still succeed, so they
 * take no failure policy of their own (the machinery's `never` default for them).
 */
function readFailurePolicy(
	context: IExecuteFunctions,
	completion: CompletionSetting,
): FailurePolicy {
	if (completion === 'firstSuccess' || completion === 'quorum') return { mode: 'never' };
	const policy = context.getNodeParameter('failurePolicy', 0, 'failFast') as FailurePolicySetting;
	if (policy !== 'tolerate') return { mode: policy };

	const maxFailures = context.getNodeParameter('maxFailures', 0, 1) as number;
	const maxFailurePercent = context.getNodeParameter('maxFailurePercent', 0, 100) as number;
	return {
		mode: 'tolerate',
		// -1 and 100 are the editor's "no limit" for each; at least the percentage always remains.
		maxFailures: maxFailures === -1 ? undefined : maxFailures,
		maxFailurePercent,
	};
}
