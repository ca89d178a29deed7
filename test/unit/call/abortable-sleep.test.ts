import { abortableSleep } from '../../../lib/call/abortable-sleep';

describe('abortableSleep', () => {
	it('resolves true when the wait elapses', async () => {
		await expect(abortableSleep(5, new AbortController().signal)).resolves.toBe(true);
	});

	it('resolves false as soon as the signal fires', async () => {
		const controller = new AbortController();
		const sleeping = abortableSleep(60_000, controller.signal);
		controller.abort();
		await expect(sleeping).resolves.toBe(false);
	});

	it('resolves false at once when the signal has already fired', async () => {
		await expect(abortableSleep(60_000, AbortSignal.abort())).resolves.toBe(false);
	});
});
