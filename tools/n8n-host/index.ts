// The n8n host: installs, starts and drives a real n8n with this package loaded, for the tests, the
// demo and the benchmarks. It is tooling and never ships in dist.
export { N8N_VERSION, PACKAGE_NAME, PACKAGE_ROOT } from './config';
export { ensureN8nInstalled } from './install';
export { startN8n, N8nInstance, type ImportedWorkflow, type StartOptions } from './instance';
export { consoleLogger, silentLogger, type HostLogger } from './logger';
export type { QueueModeOptions } from './queue-mode';
export type { N8nPostgresDatabase } from './postgres-database';
export { nodeOutput, type ExecutionRecord, type N8nPublicApi } from './public-api';
