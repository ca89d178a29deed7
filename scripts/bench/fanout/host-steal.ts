// How much of the machine's CPU time the hypervisor gave to other guests ("steal" in /proc/stat).
// On a shared host the neighbours move the figures more than anything measured here: an hour
// apart, one machine gave n8n 12.6 and then 18-21 ms of CPU per I/O-bound child, while steal went
// from under 1% to ~13% of the machine. Recorded per scenario, so that a run on a contended host
// can be recognised as such.
import { readFileSync } from 'node:fs';

/** The machine's CPU time counters (all cores, in clock ticks) at one moment. */
export interface CpuTicks {
	total: number;
	steal: number;
}

/** Reads the first line of /proc/stat; zeros where it cannot be read (not Linux). */
export function readCpuTicks(): CpuTicks {
	try {
		const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
		// cpu user nice system idle iowait irq softirq steal guest guest_nice
		const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
		return { total: fields.reduce((sum, ticks) => sum + ticks, 0), steal: fields[7] ?? 0 };
	} catch {
		return { total: 0, steal: 0 };
	}
}

/** Share of the machine's CPU time stolen between two readings, 0 to 1 (0 when unknown). */
export function stealShare(before: CpuTicks, after: CpuTicks): number {
	const total = after.total - before.total;
	return total > 0 ? (after.steal - before.steal) / total : 0;
}
