import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A lock older than this belongs to a process that died mid-install; installs take ~5 minutes. */
const STALE_AFTER_MS = 20 * 60 * 1000;

const OWNER_FILE = 'owner.pid';

/**
 * Runs `work` while holding a lock shared by every process on this machine. mkdir is atomic, which
 * is all a lock between a few test workers needs. The holder writes its PID into the lock, so a
 * lock left by a killed process is taken over at once instead of after {@link STALE_AFTER_MS}.
 */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
	for (;;) {
		try {
			await mkdir(lockPath);
			await writeFile(path.join(lockPath, OWNER_FILE), String(process.pid));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			if (await isStale(lockPath)) {
				await rm(lockPath, { recursive: true, force: true });
			} else {
				await sleep(1000);
			}
		}
	}
	try {
		return await work();
	} finally {
		await rm(lockPath, { recursive: true, force: true });
	}
}

async function isStale(lockPath: string): Promise<boolean> {
	const holder = await stat(lockPath).catch(() => undefined);
	if (!holder) return false;
	if (Date.now() - holder.mtimeMs > STALE_AFTER_MS) return true;

	const pidText = await readFile(path.join(lockPath, OWNER_FILE), 'utf8').catch(() => undefined);
	// No PID yet: the holder is between mkdir and writeFile, or predates this file. Wait for it.
	if (!pidText) return false;
	return !isProcessAlive(Number(pidText));
}

function isProcessAlive(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		// Signal 0 checks existence without touching the process.
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
