// Samples the resident memory of n8n (main process plus its children, i.e. the task runner) from
// /proc while a scenario runs, and says when it passes a bound so the scenario can be stopped.
import { readdirSync, readFileSync } from 'node:fs';

/** Resident set size of one process in bytes, or 0 once it has gone. */
function rssBytes(pid: number): number {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

/** Direct children of `pid`, from each thread's children list (the task runner is one). */
function childrenOf(pid: number): number[] {
	const children: number[] = [];
	let threads: string[] = [];
	try {
		threads = readdirSync(`/proc/${pid}/task`);
	} catch {
		return children;
	}
	for (const thread of threads) {
		try {
			const text = readFileSync(`/proc/${pid}/task/${thread}/children`, 'utf8').trim();
			if (text) children.push(...text.split(/\s+/).map(Number));
		} catch {
			// The thread ended between listing and reading.
		}
	}
	return children;
}

/** Main plus every descendant, in bytes. */
export function treeRssBytes(pid: number): number {
	return rssBytes(pid) + childrenOf(pid).reduce((sum, child) => sum + treeRssBytes(child), 0);
}

/** CPU seconds (user + system) `pid` and its descendants have used so far. */
export function treeCpuSeconds(pid: number): number {
	let own = 0;
	try {
		// Fields after the command (which may hold spaces) start after the last ')'; utime and
		// stime are the 14th and 15th fields of the line, in clock ticks (100 per second on Linux).
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		own = (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		own = 0;
	}
	return own + childrenOf(pid).reduce((sum, child) => sum + treeCpuSeconds(child), 0);
}

export interface RssSampling {
	/** Stops sampling and returns the highest total seen, in bytes. */
	stop(): number;
}

/**
 * Samples every `intervalMs` and calls `onLimit` once when the total passes `limitBytes`.
 */
export function sampleRss(
	pid: number,
	intervalMs: number,
	limitBytes: number,
	onLimit: (bytes: number) => void,
): RssSampling {
	let peak = treeRssBytes(pid);
	let warned = false;
	const timer = setInterval(() => {
		const now = treeRssBytes(pid);
		peak = Math.max(peak, now);
		if (!warned && now > limitBytes) {
			warned = true;
			onLimit(now);
		}
	}, intervalMs);
	return {
		stop: () => {
			clearInterval(timer);
			return Math.max(peak, treeRssBytes(pid));
		},
	};
}
