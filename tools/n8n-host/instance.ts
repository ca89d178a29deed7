import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { PACKAGE_NAME, PACKAGE_ROOT, instancesRoot } from './config';
import { requestJson, type JsonResponse } from './http';
import { ensureN8nInstalled, type N8nInstallation } from './install';
import { silentLogger, type HostLogger } from './logger';
import { n8nEnvironment, type InstanceAddress } from './n8n-env';
import { setupOwnerAndApiKey, type OwnerLogin } from './owner-setup';
import { assertPortFree, findFreePort } from './ports';
import { runToCompletion, spawnTracked, stopTracked, type TrackedProcess } from './process-control';
import { defaultEmbeddedStorePath } from '../../lib/state/sqlite/default-location';
import { postgresDatabaseEnvironment, type N8nPostgresDatabase } from './postgres-database';
import { N8nPublicApi } from './public-api';
import {
	queueModeEnvironment,
	startQueueWorker,
	type QueueModeOptions,
	type QueueWorker,
} from './queue-mode';

/** How to start one instance. Everything has a default; tests usually pass nothing. */
export interface StartOptions {
	log?: HostLogger;
	/** @default a free port chosen by the OS */
	port?: number;
	/** Extra environment for n8n (e.g. a log level); wins over the host's defaults. */
	env?: Record<string, string>;
	/** Keep the user folder after stop (the demo does, so a person can look at the log). @default false */
	keepUserFolder?: boolean;
	/** @default 120000 */
	readyTimeoutMs?: number;
	/**
	 * Queue mode: n8n's database in PostgreSQL, executions in a Redis queue, run by workers started
	 * here with the same user folder. Without it, one process with SQLite runs everything.
	 */
	queue?: QueueModeOptions;
	/**
	 * n8n's own database in PostgreSQL, without queue mode (queue mode brings its own). Without
	 * either, n8n keeps its data in SQLite in the user folder.
	 */
	database?: N8nPostgresDatabase;
}

/** One imported workflow: its id in n8n and its name. */
export interface ImportedWorkflow {
	id: string;
	name: string;
	file: string;
}

/** A running n8n with our package loaded, an owner login and a public-API client. */
export class N8nInstance {
	private stopped = false;
	private readonly workers: QueueWorker[] = [];

	constructor(
		readonly baseUrl: string,
		readonly address: InstanceAddress,
		readonly owner: OwnerLogin,
		readonly api: N8nPublicApi,
		private readonly installation: N8nInstallation,
		private readonly env: NodeJS.ProcessEnv,
		private readonly process: TrackedProcess,
		private readonly options: StartOptions,
	) {}

	/** What each queue-mode worker printed so far (the tail); empty without queue mode. */
	workerLogs(): string[] {
		return this.workers.map((worker) => worker.process.output());
	}

	/** Adds a started worker, so that stop() stops it too. */
	adoptWorker(worker: QueueWorker): void {
		this.workers.push(worker);
	}

	/** Everything n8n printed so far (the tail, if it printed a lot). */
	logs(): string {
		return this.process.output();
	}

	get logFile(): string {
		return this.process.logFile;
	}

	/** The n8n main process's id (its task runner is a child of it), e.g. to sample its memory. */
	get pid(): number | undefined {
		return this.process.child.pid;
	}

	/** The embedded state store's file of this instance: the default location under its user folder. */
	get embeddedStorePath(): string {
		return defaultEmbeddedStorePath({ N8N_USER_FOLDER: this.address.userFolder });
	}

	/**
	 * Imports and activates workflows given as objects (benchmarks build theirs in code), by
	 * writing them to files in the user folder first.
	 */
	async importWorkflowDefinitions(workflows: object[]): Promise<ImportedWorkflow[]> {
		const folder = await mkdtemp(path.join(this.address.userFolder, 'definitions-'));
		try {
			const files = await Promise.all(
				workflows.map(async (workflow, index) => {
					const file = path.join(folder, `${index}.json`);
					await writeFile(file, JSON.stringify(workflow));
					return file;
				}),
			);
			return await this.importWorkflows(files);
		} finally {
			await rm(folder, { recursive: true, force: true });
		}
	}

	/**
	 * Imports workflow JSON files with n8n's CLI (which keeps each file's `id`, so workflows can
	 * refer to each other by id) and activates them through the public API.
	 *
	 * @param substitutions text replaced in each file before import, e.g. `{ '{{BASE_URL}}': url }`
	 * @throws Error naming the workflow n8n refused to activate, with n8n's reason
	 */
	async importWorkflows(
		files: string[],
		substitutions: Record<string, string> = {},
	): Promise<ImportedWorkflow[]> {
		const staging = await mkdtemp(path.join(this.address.userFolder, 'import-'));
		const imported: ImportedWorkflow[] = [];
		for (const [index, file] of files.entries()) {
			let text = await readFile(file, 'utf8');
			for (const [placeholder, value] of Object.entries(substitutions))
				text = text.split(placeholder).join(value);
			const workflow = JSON.parse(text) as { id?: string; name?: string };
			if (!workflow.id) {
				throw new Error(
					`${file} has no "id"; give the workflow a fixed id so it can be imported and found again`,
				);
			}
			imported.push({ id: workflow.id, name: workflow.name ?? path.basename(file), file });
			await writeFile(path.join(staging, `${index}.json`), text);
		}

		await runToCompletion(
			this.installation.nodeBinary,
			[this.installation.cliScript, 'import:workflow', '--separate', `--input=${staging}`],
			{
				env: this.env,
				logFile: path.join(this.address.userFolder, 'cli.log'),
				what: 'n8n import:workflow',
			},
		);
		await rm(staging, { recursive: true, force: true });

		for (const workflow of imported) {
			try {
				await this.api.activateWorkflow(workflow.id);
			} catch (error) {
				throw new Error(
					`n8n refused to activate workflow "${workflow.name}" (${workflow.file}): ${(error as Error).message}` +
						unknownNodeTypeHint(this.logs()),
				);
			}
		}
		return imported;
	}

	/** Calls a production webhook of this instance: `webhook('smoke-ping', { body })`. */
	async webhook<T = unknown>(
		webhookPath: string,
		request: {
			method?: string;
			body?: unknown;
			headers?: Record<string, string>;
			timeoutMs?: number;
		} = {},
	): Promise<JsonResponse<T>> {
		return requestJson<T>(`${this.baseUrl}/webhook/${webhookPath}`, request);
	}

	/**
	 * Waits until a production webhook is registered. Probes with PATCH, a method our webhooks do not
	 * accept, so the probe never runs the workflow: n8n answers "not registered for PATCH requests"
	 * once the path is live, and "The requested webhook ... is not registered" before.
	 *
	 * @throws Error that names an unrecognised node type when n8n logged one, since that is the usual cause
	 */
	async waitForWebhook(webhookPath: string, timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const probe = await requestJson(`${this.baseUrl}/webhook/${webhookPath}`, {
				method: 'PATCH',
			});
			const unknownPath = probe.status === 404 && probe.text.includes('The requested webhook');
			if (!unknownPath) return;
			await sleep(200);
		}
		throw new Error(
			`Webhook "${webhookPath}" is still not registered after ${timeoutMs} ms: its workflow is not active.` +
				unknownNodeTypeHint(this.logs()),
		);
	}

	/** Stops n8n and its task runner; safe to call twice and after a crash. */
	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		await Promise.all(this.workers.map((worker) => stopTracked(worker.process)));
		await stopTracked(this.process);
		if (!this.options.keepUserFolder)
			await rm(this.address.userFolder, { recursive: true, force: true });
	}
}

/**
 * Installs n8n if needed, starts it on 127.0.0.1 with a throwaway user folder and this package on
 * its community-package path, waits until it is ready, and creates an owner and an API key.
 *
 * @throws Error with the reason and the end of n8n's log when it exits or never becomes ready;
 * nothing is left running in that case.
 */
export async function startN8n(options: StartOptions = {}): Promise<N8nInstance> {
	const log = options.log ?? silentLogger;
	assertPackageBuilt();
	const installation = await ensureN8nInstalled(log);

	const port = options.port ?? (await findFreePort());
	await assertPortFree(port, 'n8n');
	const runnerBrokerPort = await findFreePort();
	await mkdir(instancesRoot(), { recursive: true });
	const userFolder = await mkdtemp(path.join(instancesRoot(), `n8n-${port}-`));
	const address: InstanceAddress = { userFolder, port, runnerBrokerPort };
	await linkPackage(userFolder);

	const env = {
		...n8nEnvironment(address, randomBytes(24).toString('hex')),
		...(options.database ? postgresDatabaseEnvironment(options.database) : {}),
		...(options.queue ? queueModeEnvironment(options.queue, String(port)) : {}),
		...options.env,
	};
	const baseUrl = `http://127.0.0.1:${port}`;
	log(`starting n8n ${installation.version} on ${baseUrl} (user folder ${userFolder})`);
	const tracked = spawnTracked(installation.nodeBinary, [installation.cliScript, 'start'], {
		env,
		cwd: userFolder,
		logFile: path.join(userFolder, 'n8n.log'),
	});

	try {
		await waitUntilReady(baseUrl, tracked, options.readyTimeoutMs ?? 120_000);
		const { owner, apiKey } = await setupOwnerAndApiKey(baseUrl);
		log(`n8n ready on ${baseUrl}`);
		const instance = new N8nInstance(
			baseUrl,
			address,
			owner,
			new N8nPublicApi(baseUrl, apiKey),
			installation,
			env,
			tracked,
			options,
		);
		// Workers start after main, which has run the database migrations they rely on.
		const queue = options.queue;
		for (let index = 0; queue && index < (queue.workers ?? 1); index++) {
			try {
				instance.adoptWorker(await startQueueWorker(installation, env, userFolder, index, queue));
			} catch (error) {
				await instance.stop();
				throw error;
			}
			log(`n8n worker ${index} ready`);
		}
		return instance;
	} catch (error) {
		await stopTracked(tracked);
		if (!options.keepUserFolder) await rm(userFolder, { recursive: true, force: true });
		throw error;
	}
}

/** n8n loads community packages from `<user folder>/.n8n/nodes/node_modules/<name>`; a symlink to the clone is enough. */
async function linkPackage(userFolder: string): Promise<void> {
	const nodesFolder = path.join(userFolder, '.n8n', 'nodes');
	await mkdir(path.join(nodesFolder, 'node_modules'), { recursive: true });
	await writeFile(
		path.join(nodesFolder, 'package.json'),
		JSON.stringify({
			name: 'installed-nodes',
			private: true,
			dependencies: { [PACKAGE_NAME]: 'link:' + PACKAGE_ROOT },
		}),
	);
	await symlink(PACKAGE_ROOT, path.join(nodesFolder, 'node_modules', PACKAGE_NAME), 'dir');
}

function assertPackageBuilt(): void {
	if (!existsSync(path.join(PACKAGE_ROOT, 'dist'))) {
		throw new Error(
			`${PACKAGE_ROOT}/dist does not exist: run "npm run build" before starting n8n with the package`,
		);
	}
}

async function waitUntilReady(
	baseUrl: string,
	tracked: TrackedProcess,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let exitCode: number | null | undefined;
	void tracked.exited.then((code) => (exitCode = code));
	while (Date.now() < deadline) {
		if (exitCode !== undefined) {
			throw new Error(
				`n8n exited (code ${exitCode}) before it was ready.${portHint(tracked.output())}\n` +
					tail(tracked.output()),
			);
		}
		const ready = await requestJson(`${baseUrl}/healthz/readiness`, { timeoutMs: 2000 }).catch(
			() => undefined,
		);
		if (ready?.status === 200) return;
		await sleep(250);
	}
	throw new Error(`n8n was not ready after ${timeoutMs} ms.\n${tail(tracked.output())}`);
}

function portHint(output: string): string {
	return /EADDRINUSE/.test(output) ? ' One of its ports is already in use by another process.' : '';
}

/** n8n logs "Unrecognized node type" when a workflow uses a node it did not load; say so plainly. */
export function unknownNodeTypeHint(output: string): string {
	const match = /Unrecognized node type: ?"?([\w.-]+)/.exec(output);
	if (!match) return '';
	return (
		` n8n does not know the node type "${match[1]}". Check that the package is built (npm run build), ` +
		`that the type is listed in package.json's "n8n" block, and that the workflow uses the prefix "${PACKAGE_NAME}.".`
	);
}

function tail(output: string, lines = 40): string {
	return output.split('\n').slice(-lines).join('\n');
}
