import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import type {
	MutationOutcome,
	StateMutation,
	StateRecord,
	StateStore,
} from '../../../../lib/state';
import type { ItemReader } from '../../../../nodes/SharedState/item-reader';

/** Parameters as n8n would resolve them; a function gives a per-item value (an expression). */
export type FakeParameters = Record<string, unknown | ((itemIndex: number) => unknown)>;

/** A reader for one item with the given resolved parameters. */
export function readerFor(
	parameters: FakeParameters,
	json: IDataObject = {},
	itemIndex = 0,
): ItemReader {
	return {
		itemIndex,
		json,
		parameter: (name, fallback) => resolve(parameters, name, itemIndex, fallback),
	};
}

const NODE: INode = {
	id: 'node-1',
	name: 'Shared State',
	type: 'n8n-nodes-workflow-coordination.sharedState',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The parts of IExecuteFunctions the Shared State node uses, over the given items. */
export function fakeContext(
	parameters: FakeParameters,
	items: IDataObject[],
	options: { continueOnFail?: boolean } = {},
): IExecuteFunctions {
	const context = {
		getNode: () => NODE,
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) =>
			resolve(parameters, name, itemIndex, fallback),
		continueOnFail: () => options.continueOnFail ?? false,
		logger: { debug: () => undefined, warn: () => undefined },
	};
	return context as unknown as IExecuteFunctions;
}

/**
 * A store that records what it is asked and answers from a script: `outcomes` decides each
 * mutation's outcome (default: written, version 1).
 */
export class RecordingStore implements StateStore {
	readonly applied: StateMutation[][] = [];
	readonly reads: Array<{ namespace: string; keys: string[] }> = [];
	constructor(
		private readonly outcomeFor: (mutation: StateMutation) => MutationOutcome = (mutation) => ({
			status: 'written',
			record: record(mutation.namespace, mutation.key, 'value' in mutation ? mutation.value : null),
		}),
		private readonly stored: StateRecord[] = [],
	) {}

	async apply(mutations: StateMutation[]): Promise<MutationOutcome[]> {
		this.applied.push(mutations);
		return mutations.map(this.outcomeFor);
	}

	async getMany(namespace: string, keys: string[]): Promise<Map<string, StateRecord>> {
		this.reads.push({ namespace, keys });
		const found = this.stored.filter((r) => r.namespace === namespace && keys.includes(r.key));
		return new Map(found.map((r) => [r.key, r]));
	}

	async list(): Promise<never> {
		throw new Error('not used');
	}

	async subscribe(): Promise<never> {
		throw new Error('not used');
	}

	async purgeExpired(): Promise<number> {
		return 0;
	}

	async close(): Promise<void> {}
}

/** A stored record with fixed timestamps. */
export function record(
	namespace: string,
	key: string,
	value: StateRecord['value'],
	version = 1,
): StateRecord {
	return {
		namespace,
		key,
		value,
		version,
		createdAt: '2026-12-01T00:00:00.000Z',
		updatedAt: '2026-12-01T00:00:00.000Z',
		expiresAt: null,
	};
}

function resolve(
	parameters: FakeParameters,
	name: string,
	itemIndex: number,
	fallback: unknown,
): unknown {
	if (!(name in parameters)) return fallback;
	const value = parameters[name];
	return typeof value === 'function' ? (value as (index: number) => unknown)(itemIndex) : value;
}
