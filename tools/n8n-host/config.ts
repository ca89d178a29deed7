import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The n8n release the tests, the demo and the benchmarks run against. Pinned exactly: 2.41.1 installs
 * from the registry these machines reach, 2.41.3 does not (one of its dependencies is missing there).
 */
export const N8N_VERSION = process.env.N8N_HOST_VERSION ?? '2.41.1';

/** The npm name of this package; n8n prefixes our node types with it. */
export const PACKAGE_NAME = 'n8n-nodes-workflow-coordination';

/** The clone this file lives in: its package.json and dist/ are what n8n loads. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Where n8n is installed: outside the clone (it is 2.9 GB and a fresh clone must not reinstall it),
 * in a folder that survives between CI runs on the same machine.
 */
export function cacheRoot(): string {
	return (
		process.env.N8N_HOST_CACHE ??
		path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), PACKAGE_NAME)
	);
}

/** Folder holding one installed n8n version (`<it>/node_modules/n8n`). */
export function installDir(version = N8N_VERSION): string {
	return path.join(cacheRoot(), `n8n-${version}`);
}

/** Folder under which each started instance gets its own throwaway user folder. */
export function instancesRoot(): string {
	return path.join(cacheRoot(), 'instances');
}
