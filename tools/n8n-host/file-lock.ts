import { mkdir, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** A lock older than this belongs to a process that died mid-install; installs take ~5 minutes. */
const STALE_AFTER_MS = 20 * 60 * 1000;

/**
 * Runs `work` while holding a lock shared by every process on this machine. mkdir is atomic, which
 * is all a lock between a few test workers needs.
 */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
	for (;;) {
		try {
			await mkdir(lockPath);
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = await stat(lockPath).catch(() => undefined);
			if (holder && Date.now() - holder.mtimeMs > STALE_AFTER_MS) {
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
