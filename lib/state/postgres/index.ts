// The PostgreSQL backend of the Shared State store: everything other modules may use.
export type { PostgresConnectionOptions } from './connection-options';
export { describePostgresError, type DescribedPostgresError } from './describe-error';
export { PostgresStateError } from './errors';
export { closeAllPostgresPools } from './pool-registry';
export {
	openPostgresStateStore,
	PostgresStateStore,
	type PostgresStateStoreOptions,
} from './postgres-state-store';
export { DEFAULT_SCHEMA, DEFAULT_TABLE } from './state-table';
export { testPostgresConnection, type ConnectionTestResult } from './test-connection';
export { validateMutations } from './validate-mutations';
