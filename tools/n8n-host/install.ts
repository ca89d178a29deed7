import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { N8N_VERSION, installDir } from './config';
import { withFileLock } from './file-lock';
import type { HostLogger } from './logger';

/** What the rest of the host needs to run an installed n8n. */
export interface N8nInstallation {
	version: string;
	/** The n8n CLI script; run it with {@link N8nInstallation.nodeBinary}. */
	cliScript: string;
	/** The Node 24 binary this installation's native modules were built for. */
	nodeBinary: string;
}

const READY_MARKER = '.install-complete';

/**
 * Returns the cached n8n installation, installing it first when missing. Safe to call from several
 * processes at once: one installs, the others wait for it.
 *
 * @throws Error naming the step that failed (npm install, native rebuild, version check).
 */
export async function ensureN8nInstalled(
	log: HostLogger,
	version = N8N_VERSION,
): Promise<N8nInstallation> {
	requireNode24();
	const target = installDir(version);
	const installation: N8nInstallation = {
		version,
		cliScript: path.join(target, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBinary: process.execPath,
	};
	if (existsSync(path.join(target, READY_MARKER))) return installation;

	await mkdir(path.dirname(target), { recursive: true });
	await withFileLock(`${target}.lock`, async () => {
		if (existsSync(path.join(target, READY_MARKER))) return;
		await installInto(target, version, log);
	});
	return installation;
}

/**
 * n8n 2.41 needs Node 24, and its native sqlite3 module is built for the Node that runs the host:
 * building it with another Node would leave an installation that crashes at start.
 */
function requireNode24(): void {
	const major = Number(process.versions.node.split('.')[0]);
	if (major !== 24) {
		throw new Error(
			`The n8n host runs on Node ${process.versions.node}, but n8n ${N8N_VERSION} needs Node 24. ` +
				'Run it through an npm script (npm test, npm run demo, npm run n8n:install), which puts the ' +
				"project's Node 24 from node_modules/.bin first on the PATH.",
		);
	}
}

/**
 * Installs into a scratch folder and renames it into place only when complete, so an interrupted
 * install is never mistaken for a usable one.
 */
async function installInto(target: string, version: string, log: HostLogger): Promise<void> {
	const scratch = `${target}.partial`;
	await rm(scratch, { recursive: true, force: true });
	await mkdir(scratch, { recursive: true });
	await writeFile(
		path.join(scratch, 'package.json'),
		JSON.stringify({ name: 'n8n-host-install', private: true }, null, '\t'),
	);

	const started = Date.now();
	log(`installing n8n@${version} into ${target} (a few minutes on a cold npm cache)`);
	// Install scripts stay off: a Kafka dependency's script downloads toolchains, which fails offline.
	await runStep(
		'npm install n8n',
		'npm',
		['install', '--ignore-scripts', '--no-audit', '--no-fund', `n8n@${version}`],
		scratch,
	);

	// sqlite3 is the one native module n8n needs; build it against the headers of the Node that will run n8n.
	log('building sqlite3 for this Node');
	await runStep(
		'npm rebuild sqlite3',
		'npm',
		['rebuild', 'sqlite3', '--ignore-scripts=false'],
		scratch,
		{
			npm_config_nodedir: nodeHeadersDir(),
		},
	);

	await runStep(
		'n8n --version',
		process.execPath,
		[path.join(scratch, 'node_modules', 'n8n', 'bin', 'n8n'), '--version'],
		scratch,
	);
	await writeFile(path.join(scratch, READY_MARKER), `${version}\n`);
	await rm(target, { recursive: true, force: true });
	await rename(scratch, target);
	log(`n8n@${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * The folder whose include/node holds the headers of the running Node. The npm "node" package keeps
 * them in its platform package rather than next to the binary.
 */
function nodeHeadersDir(): string {
	const prefix = path.resolve(path.dirname(process.execPath), '..');
	const candidates = [
		prefix,
		path.join(prefix, 'node_modules', `node-${process.platform}-${process.arch}`),
	];
	const found = candidates.find((dir) => existsSync(path.join(dir, 'include', 'node', 'node.h')));
	if (!found) {
		throw new Error(
			`Cannot find the headers of ${process.execPath} (looked in ${candidates.join(', ')}); ` +
				'sqlite3 cannot be rebuilt for it. Run the host through "npm run ..." so the project\'s Node 24 is used.',
		);
	}
	return found;
}

async function runStep(
	step: string,
	command: string,
	args: string[],
	cwd: string,
	extraEnv: Record<string, string> = {},
): Promise<void> {
	const child = spawn(command, args, {
		cwd,
		env: { ...process.env, ...extraEnv },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exitCode = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	});
	if (exitCode !== 0) {
		throw new Error(
			`n8n install failed at "${step}" (exit ${exitCode}) in ${cwd}. Last output:\n${output.slice(-3000)}`,
		);
	}
}
