import {
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import {
	StateInputError,
	sharedStateStore,
	validateNamespace,
	type ChangeFilter,
	type StateChange,
} from '../../lib/state';
import { resolveStoreLocation } from '../shared/state-location';

/**
 * Subscribes to the store's change feed and starts an execution per burst of changes, with one
 * item per change. Changes delivered together (one PostgreSQL notification batch, one poll of the
 * embedded store) start one execution, so a 1,000-item write does not start 1,000 workflows.
 * In manual mode (Test Workflow in the editor) n8n takes the first execution and stops listening.
 *
 * @throws NodeOperationError when Namespace is invalid or the store cannot be opened
 */
export async function subscribeToChanges(context: ITriggerFunctions): Promise<ITriggerResponse> {
	const filter = readFilter(context);
	const location = await resolveStoreLocation(context);
	const store = await sharedStateStore(location, (error) =>
		context.logger.warn('SharedStateTrigger: change feed failure', { error: error.message }),
	);

	let pending: INodeExecutionData[] = [];
	const flush = () => {
		const items = pending;
		pending = [];
		context.logger.debug('SharedStateTrigger: changes received', {
			namespace: filter.namespace,
			changes: items.length,
		});
		context.emit([items]);
	};
	const unsubscribe = await store.subscribe(filter, (change) => {
		if (pending.length === 0) setImmediate(flush);
		pending.push({ json: changeJson(change) });
	});

	return { closeFunction: unsubscribe };
}

/** The item for one change: what changed, how, and the value and version after it. */
export function changeJson(change: StateChange): IDataObject {
	return {
		namespace: change.namespace,
		key: change.key,
		operation: change.operation,
		value: change.value,
		version: change.version,
		changedAt: change.changedAt,
	};
}

function readFilter(context: ITriggerFunctions): ChangeFilter {
	try {
		const namespace = validateNamespace(context.getNodeParameter('namespace', ''), 'Namespace');
		const keyPrefix = String(context.getNodeParameter('keyPrefix', '') ?? '');
		return { namespace, keyPrefix: keyPrefix === '' ? undefined : keyPrefix };
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			error instanceof Error ? error : String(error),
			{
				description: error instanceof StateInputError ? error.fix : undefined,
			},
		);
	}
}
