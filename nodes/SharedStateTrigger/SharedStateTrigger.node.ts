import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { testSharedStatePostgres } from '../SharedState/credential-test';
import { postgresCredentialDescription, storeLocationProperties } from '../shared/state-location';
import { subscribeToChanges } from './subscribe-to-changes';

const POSTGRES_TEST_NAME = 'sharedStateTriggerPostgresConnectionTest';

/** Starts the workflow when Shared State records of a namespace change, in any workflow or process. */
export class SharedStateTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shared State Trigger',
		name: 'sharedStateTrigger',
		icon: { light: 'file:sharedStateTrigger.svg', dark: 'file:sharedStateTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"on changes in " + $parameter["namespace"]}}',
		description: 'Starts the workflow when shared state records change',
		defaults: { name: 'Shared State Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ ...postgresCredentialDescription, testedBy: POSTGRES_TEST_NAME }],
		properties: [
			...storeLocationProperties('shared state'),
			{
				displayName: 'Namespace',
				name: 'namespace',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'orders',
				description: 'Changes to records of this namespace start the workflow',
			},
			{
				displayName: 'Key Prefix',
				name: 'keyPrefix',
				type: 'string',
				default: '',
				placeholder: 'run:',
				description: 'Only keys that start with this text; empty for every key of the namespace',
			},
		],
	};

	methods = {
		credentialTest: { [POSTGRES_TEST_NAME]: testSharedStatePostgres },
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return subscribeToChanges(this);
	}
}
