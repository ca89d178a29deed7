import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Every process group this host started and has not stopped yet. */
const liveGroups = new Set<number>();

// Last resort for a test worker that exits without running its afterAll: take our n8n processes
// (and their task-runner children, which share the group) down with it.
process.on('exit', () => {
	for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

/** A started process whose output is kept in memory (the tail) and in a log file (all of it). */
export interface TrackedProcess {
	child: ChildProcess;
	logFile: string;
	/** The last few hundred KB of stdout and stderr, interleaved. */
	output(): string;
	/** Resolves with the exit code once the process has exited. */
	exited: Promise<number | null>;
}

const KEPT_OUTPUT_CHARS = 512 * 1024;

/**
 * Starts a process in a process group of its own, so that stopping it also stops whatever it
 * started (n8n starts a task-runner child).
 */
export function spawnTracked(
	command: string,
	args: string[],
	options: SpawnOptions & { logFile: string },
): TrackedProcess {
	const child = spawn(command, args, {
		...options,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const log = createWriteStream(options.logFile, { flags: 'a' });
	let kept = '';
	const keep = (chunk: Buffer) => {
		log.write(chunk);
		kept = (kept + chunk.toString()).slice(-KEPT_OUTPUT_CHARS);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	if (child.pid !== undefined) liveGroups.add(child.pid);

	const exited = new Promise<number | null>((resolve) => {
		child.on('error', () => resolve(null));
		child.on('close', (code) => {
			if (child.pid !== undefined) liveGroups.delete(child.pid);
			log.end();
			resolve(code);
		});
	});
	return { child, logFile: options.logFile, output: () => kept, exited };
}

/**
 * Asks the group to stop (SIGTERM lets n8n close its database cleanly), then kills it if it is
 * still there after `graceMs`.
 */
export async function stopTracked(tracked: TrackedProcess, graceMs = 10_000): Promise<void> {
	const pid = tracked.child.pid;
	if (pid === undefined || tracked.child.exitCode !== null || tracked.child.signalCode !== null) {
		return;
	}
	killGroup(pid, 'SIGTERM');
	const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
	await tracked.exited;
	clearTimeout(timer);
	// The task runner may outlive its parent for a moment; the group id still reaches it.
	killGroup(pid, 'SIGKILL');
	liveGroups.delete(pid);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
	}
}

/** Runs a short command to completion and returns its output, failing with that output on a non-zero exit. */
export async function runToCompletion(
	command: string,
	args: string[],
	options: SpawnOptions & { logFile: string; what: string },
): Promise<string> {
	const tracked = spawnTracked(command, args, options);
	await once(tracked.child, 'spawn').catch(() => undefined);
	const code = await tracked.exited;
	if (code !== 0) {
		throw new Error(
			`${options.what} failed (exit ${code}). Output:\n${tracked.output().slice(-4000)}`,
		);
	}
	return tracked.output();
}
