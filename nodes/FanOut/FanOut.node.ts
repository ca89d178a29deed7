import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	SIGNING_CREDENTIAL_TEST_NAME,
	testSigningCredential,
} from '../shared/call-target/signing-credential-test';
import { executeFanOut } from './execute-fan-out';
import { fanOutProperties } from './properties';

/**
 * Starts one sub-workflow per item (or per list element) in a sliding window and gathers the
 * results on a Success and a Failure output, in input order.
 */
export class FanOut implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fan Out',
		name: 'fanOut',
		icon: { light: 'file:fanOut.svg', dark: 'file:fanOut.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["completion"] + ", " + $parameter["concurrency"] + " at a time"}}',
		description: 'Runs a sub-workflow per item in parallel, with a concurrency limit',
		defaults: {
			name: 'Fan Out',
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Failure'],
		usableAsTool: true,
		credentials: [
			{
				name: 'workflowCoordinationSigningApi',
				required: false,
				testedBy: 'workflowCoordinationSigningTest',
			},
		],
		properties: fanOutProperties,
	};

	methods = {
		credentialTest: { [SIGNING_CREDENTIAL_TEST_NAME]: testSigningCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeFanOut(this);
	}
}
