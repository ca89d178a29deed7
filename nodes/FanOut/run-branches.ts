import type { IExecuteFunctions } from 'n8n-workflow';

import type { BranchRunner, FanOutOptions } from '../../lib/concurrency';
import { invokeTarget, type InvocationResult, type Signing } from '../shared/call-target';
import type { BranchPlan } from './build-branches';
import type { FanOutSettings } from './read-settings';

/** The one call path of a branch; tests put an instrumented one in its place. */
export type InvokeTarget = typeof invokeTarget;

/** What the node's run depends on besides n8n. */
export interface FanOutDependencies {
	invoke: InvokeTarget;
}

export const defaultDependencies: FanOutDependencies = { invoke: invokeTarget };

/**
 * Attempts each branch has finished so far, kept outside the calls because a branch that times
 * out or is cancelled never hands back its own count.
 */
export type AttemptCounts = number[];

/**
 * The work of one branch: one call through the shared call path, with the branch's own signal
 * (aborted by its timeout, the completion mode or the failure policy) combined with the
 * execution's (the user stopping it).
 */
export function branchRunner(
	context: IExecuteFunctions,
	plan: BranchPlan,
	signing: Signing | undefined,
	dependencies: FanOutDependencies,
	attemptCounts: AttemptCounts,
): BranchRunner<InvocationResult> {
	const executionSignal = context.getExecutionCancelSignal();
	return async (index, branchSignal) => {
		const branch = plan.branches[index];
		if (branch.invalid || !branch.target) throw branch.invalid;
		const signal = executionSignal
			? AbortSignal.any([branchSignal, executionSignal])
			: branchSignal;
		return await dependencies.invoke(
			context,
			{
				target: branch.target,
				body: branch.body,
				correlationId: branch.correlationId,
				idempotencyKey: branch.idempotencyKey,
				signingSecret: signing?.secret,
				// Even in fire-and-forget mode the branch waits for its child: that is what keeps at
				// most Concurrency children running.
				waitForResult: true,
			},
			{
				...branch.callOptions,
				signal,
				onAttempt: () => (attemptCounts[index] = (attemptCounts[index] ?? 0) + 1),
			},
		);
	};
}

/** The machinery's options for this run: window, completion, policy, limits and progress log. */
export function fanOutOptions(
	context: IExecuteFunctions,
	settings: FanOutSettings,
	plan: BranchPlan,
): FanOutOptions {
	return {
		concurrency: settings.concurrency,
		completion: settings.completion,
		failurePolicy: settings.failurePolicy,
		ratePerSecond: settings.ratePerSecond,
		branchTimeoutMs: settings.branchTimeoutMs,
		deadlineMs: settings.deadlineMs,
		progressIntervalMs: settings.progressIntervalMs,
		signal: context.getExecutionCancelSignal(),
		onProgress: (progress) =>
			context.logger.info('FanOut: progress', {
				correlationId: plan.runCorrelationId,
				...progress,
			}),
	};
}
