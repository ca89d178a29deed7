import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { postgresCredentialDescription } from '../shared/state-location';
import { POSTGRES_TEST_NAME, testSharedStatePostgres } from './credential-test';
import { sharedStateProperties } from './properties';
import { runSharedState } from './run-operation';

/**
 * JSON records that several workflows read and write safely: every write is one atomic statement
 * in PostgreSQL or the embedded SQLite store, and all items of a run go to the store as one batch.
 */
export class SharedState implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shared State',
		name: 'sharedState',
		icon: { light: 'file:sharedState.svg', dark: 'file:sharedState.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["namespace"]}}',
		description: 'Read and write JSON state shared by workflows, safely under concurrency',
		defaults: { name: 'Shared State' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// A second output, Conflict, exists only for Compare-and-Set with On Conflict set to it; the
		// same rule as hasConflictOutput() in run-operation.ts.
		outputs: `={{ $parameter.operation === "compareAndSet" && $parameter.onConflict === "output" ? [{ type: "${NodeConnectionTypes.Main}", displayName: "Written" }, { type: "${NodeConnectionTypes.Main}", displayName: "Conflict" }] : ["${NodeConnectionTypes.Main}"] }}`,
		credentials: [{ ...postgresCredentialDescription, testedBy: POSTGRES_TEST_NAME }],
		properties: sharedStateProperties,
	};

	methods = {
		credentialTest: { [POSTGRES_TEST_NAME]: testSharedStatePostgres },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runSharedState(this);
	}
}
