import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { N8nInstallation } from './install';
import { findFreePort } from './ports';
import { postgresDatabaseEnvironment, type N8nPostgresDatabase } from './postgres-database';
import { spawnTracked, stopTracked, type TrackedProcess } from './process-control';

/**
 * n8n's distributed setup: the main process takes webhooks and enqueues executions in Redis, and
 * workers run them. Main and workers share the PostgreSQL database, the Redis queue, the
 * encryption key and (here, on one host) the user folder, so they also share the embedded store.
 */
export interface QueueModeOptions {
	/** n8n's own database, which main and workers share. */
	database: N8nPostgresDatabase;
	/** @default { host: '127.0.0.1', port: 6379 } */
	redis?: { host: string; port: number };
	/** @default 1 */
	workers?: number;
	/** Executions one worker runs at once. @default 10 */
	workerConcurrency?: number;
}

/**
 * The environment that puts main and workers in queue mode. The Bull prefix is unique per
 * instance, so instances started by parallel tests on one Redis never take each other's jobs.
 */
export function queueModeEnvironment(
	options: QueueModeOptions,
	instanceTag: string,
): Record<string, string> {
	const redis = options.redis ?? { host: '127.0.0.1', port: 6379 };
	return {
		...postgresDatabaseEnvironment(options.database),
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_BULL_PREFIX: `wfc-${instanceTag}`,
	};
}

/** A started worker: its process and log. */
export interface QueueWorker {
	process: TrackedProcess;
	logFile: string;
}

/** n8n prints this once the worker listens to the queue. */
const WORKER_READY = /n8n worker is now ready|Worker ready|ready to process jobs/i;

/**
 * Starts one `n8n worker` with main's environment, its own task-runner broker port and its own
 * (unused) HTTP port, and waits until it listens to the queue.
 * @throws Error with the end of the worker's log when it exits or is not ready in time.
 */
export async function startQueueWorker(
	installation: N8nInstallation,
	mainEnv: NodeJS.ProcessEnv,
	userFolder: string,
	index: number,
	options: QueueModeOptions,
	timeoutMs = 60_000,
): Promise<QueueWorker> {
	const env = {
		...mainEnv,
		N8N_PORT: String(await findFreePort()),
		QUEUE_HEALTH_CHECK_PORT: String(await findFreePort()),
		N8N_RUNNERS_BROKER_PORT: String(await findFreePort()),
	};
	const logFile = path.join(userFolder, `worker-${index}.log`);
	const tracked = spawnTracked(
		installation.nodeBinary,
		[installation.cliScript, 'worker', `--concurrency=${options.workerConcurrency ?? 10}`],
		{ env, cwd: userFolder, logFile },
	);

	const deadline = Date.now() + timeoutMs;
	let exitCode: number | null | undefined;
	void tracked.exited.then((code) => (exitCode = code));
	while (Date.now() < deadline) {
		if (WORKER_READY.test(tracked.output())) return { process: tracked, logFile };
		if (exitCode !== undefined) break;
		await sleep(250);
	}
	await stopTracked(tracked);
	throw new Error(
		`n8n worker ${index} did not become ready (exit code ${String(exitCode)}). Last output:\n` +
			tracked.output().split('\n').slice(-30).join('\n'),
	);
}
