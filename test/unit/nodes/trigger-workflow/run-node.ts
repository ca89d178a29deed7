import type { INodeExecutionData } from 'n8n-workflow';

import { TriggerWorkflow } from '../../../../nodes/TriggerWorkflow/TriggerWorkflow.node';
import {
	fakeExecuteFunctions,
	type FakeContext,
	type FakeContextOptions,
} from '../call-target/fake-execute-functions';

/** Retries that do not slow a test down. */
export const FAST_RETRY = { initialDelayMs: 1, maxDelayMs: 5 };

/** The node's parameters for an HTTP call to `url`, overridable one by one. */
export function httpParameters(url: string, overrides: Record<string, unknown> = {}) {
	return {
		target: 'url',
		url,
		method: 'POST',
		mode: 'wait',
		itemMode: 'eachItem',
		bodySource: 'itemJson',
		retry: FAST_RETRY,
		options: {},
		...overrides,
	};
}

/** Runs Trigger Workflow's execute on a fake context; returns its main output and the fake. */
export async function runTriggerWorkflow(
	options: FakeContextOptions,
): Promise<{ output: INodeExecutionData[]; fake: FakeContext }> {
	const fake = fakeExecuteFunctions(options);
	const [output] = await new TriggerWorkflow().execute.call(fake.context);
	return { output, fake };
}
