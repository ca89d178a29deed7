import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { deriveIdempotencyKey } from '../../lib/call';
import {
	compensationOrder,
	runCompensations,
	type CompensationReport,
	type FanOutReport,
} from '../../lib/concurrency';
import {
	ownWebhookBaseUrl,
	type InvocationResult,
	type ResolvedTarget,
	type Signing,
	describeTarget,
} from '../shared/call-target';
import type { BranchPlan } from './build-branches';
import type { CompensationSettings } from './read-settings';
import type { FanOutDependencies } from './run-branches';

const WORKFLOW_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Where compensations go, checked before any branch starts so that a typo cannot surface only
 * after the run has failed and work needs undoing.
 * @returns undefined when no compensation target is set.
 * @throws NodeOperationError when more than one is set, or the one set is unusable.
 */
export function resolveCompensationTarget(
	context: IExecuteFunctions,
	settings: CompensationSettings,
	signing: Signing | undefined,
): ResolvedTarget | undefined {
	const { path, url, workflowId, timeoutMs } = settings;
	if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
		throw invalid(
			context,
			`Options > Compensation Timeout (Ms) is ${String(timeoutMs)}, not a positive number of milliseconds`,
			'Enter how long one compensation may take, e.g. 30000.',
		);
	}
	const chosen = [path, url, workflowId].filter((value) => value !== undefined).length;
	if (chosen === 0) return undefined;
	if (chosen > 1) {
		throw invalid(
			context,
			'Options sets more than one of Compensation Path, Compensation URL and Compensation Workflow ID',
			'Keep exactly one: where each succeeded branch is undone when the run fails.',
		);
	}

	if (workflowId !== undefined) {
		if (!WORKFLOW_ID_PATTERN.test(workflowId)) {
			throw invalid(
				context,
				`Options > Compensation Workflow ID ${JSON.stringify(workflowId)} is not a workflow ID`,
				"Copy the ID from the compensating workflow's URL (…/workflow/<ID>).",
			);
		}
		return { kind: 'workflow', workflowId };
	}

	const full =
		url ??
		`${(signing?.baseUrl ?? ownWebhookBaseUrl(context)).replace(/\/+$/, '')}/webhook/${String(path).replace(/^\/+/, '')}`;
	if (!/^https?:\/\/[^/]/.test(full) || !URL.canParse(full)) {
		throw invalid(
			context,
			`Options > ${url ? 'Compensation URL' : 'Compensation Path'} gives ${JSON.stringify(full)}, which is not an http(s) URL`,
			'Use a full URL such as https://n8n.example.com/webhook/undo-order, or a path such as undo-order.',
		);
	}
	return { kind: 'http', url: full, method: 'POST' };
}

/** What a compensation run needs besides the run itself. */
export interface CompensationContext {
	settings: CompensationSettings;
	signing: Signing | undefined;
	dependencies: FanOutDependencies;
}

/**
 * Calls the compensation target once for each succeeded branch, one at a time, the latest to
 * complete first, with `{ index, input, response, correlationId }`. Failures are reported in the
 * returned report, never thrown, and do not stop the compensations after them.
 */
export async function compensateSucceeded(
	context: IExecuteFunctions,
	plan: BranchPlan,
	report: FanOutReport<InvocationResult>,
	target: ResolvedTarget,
	{ settings, signing, dependencies }: CompensationContext,
): Promise<CompensationReport> {
	const targetKey = describeTarget(target);
	const order = compensationOrder(report);
	context.logger.info('FanOut: compensating succeeded branches', {
		correlationId: plan.runCorrelationId,
		branches: order.length,
	});

	return await runCompensations(
		order,
		async (index, signal) => {
			const branch = plan.branches[index];
			const result = report.results[index];
			const response = result.status === 'succeeded' ? result.value.body : null;
			return await dependencies.invoke(
				context,
				{
					target,
					body: { index, input: branch.body, response, correlationId: branch.correlationId },
					correlationId: branch.correlationId,
					idempotencyKey: deriveIdempotencyKey({
						correlationId: branch.correlationId,
						target: `compensate:${targetKey}`,
						itemIndex: index,
					}),
					signingSecret: signing?.secret,
					waitForResult: true,
				},
				{ ...branch.callOptions, signal },
			);
		},
		{ timeoutMs: settings.timeoutMs, signal: context.getExecutionCancelSignal() },
	);
}

function invalid(context: IExecuteFunctions, message: string, description: string) {
	return new NodeOperationError(context.getNode(), message, { description });
}
