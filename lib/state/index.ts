// The shared-state machinery's public surface: what the Shared State nodes, the Coordination
// Trigger's deduplication and Trigger Workflow's large-payload references import.
export * from './types';
export { sharedStateStore, closeSharedStateStores, type StateStoreLocation } from './shared-store';
export { parseStatePath, formatStatePath, InvalidStatePathError } from './path';
export {
	StateInputError,
	validateNamespace,
	validateStateKey,
	validateTtlSeconds,
	MAX_KEY_LENGTH,
} from './validation';
export { defaultEmbeddedStorePath } from './sqlite/default-location';
export { EmbeddedStoreUnavailableError } from './sqlite/load-node-sqlite';
export {
	describePostgresError,
	PostgresStateError,
	testPostgresConnection,
	validateMutations,
	type PostgresConnectionOptions,
} from './postgres';
