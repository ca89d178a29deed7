import { runFanOut, type FanOutProgress } from '../../../lib/concurrency';
import { ManualClock } from './manual-clock';

/** A promise the test settles by hand, to end a branch at a chosen moment. */
function deferred<T>() {
	let resolve: (value: T) => void = () => undefined;
	let reject: (error: unknown) => void = () => undefined;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

describe('runFanOut: progress', () => {
	it('reports progress every interval while the run lasts and once at its end', async () => {
		const clock = new ManualClock();
		const branches = [deferred<string>(), deferred<string>(), deferred<string>()];
		const calls: FanOutProgress[] = [];

		const completion = runFanOut(3, (index) => branches[index].promise, {
			concurrency: 2,
			failurePolicy: { mode: 'never' },
			onProgress: (progress) => calls.push(progress),
			progressIntervalMs: 100,
			clock,
		});
		await clock.advance(99);
		expect(calls).toEqual([]);

		await clock.advance(1);
		branches[0].reject(new Error('failed'));
		await clock.advance(100);
		branches[1].resolve('b');
		branches[2].resolve('c');
		await completion;

		expect(calls).toEqual([
			{ total: 3, done: 0, succeeded: 0, failed: 0, inFlight: 2 },
			{ total: 3, done: 1, succeeded: 0, failed: 1, inFlight: 2 },
			{ total: 3, done: 3, succeeded: 2, failed: 1, inFlight: 0 },
		]);
	});

	it('reports once at the end of a run shorter than the interval', async () => {
		const onProgress = jest.fn();

		await runFanOut(2, () => Promise.resolve(), { concurrency: 2, onProgress });

		expect(onProgress).toHaveBeenCalledTimes(1);
		expect(onProgress).toHaveBeenCalledWith({
			total: 2,
			done: 2,
			succeeded: 2,
			failed: 0,
			inFlight: 0,
		});
	});

	it('keeps running when the progress callback throws, and puts the error in the report', async () => {
		const clock = new ManualClock();
		const branch = deferred<void>();
		const loggerDown = new Error('logger down');
		const onProgress = jest.fn(() => {
			throw loggerDown;
		});

		const completion = runFanOut(1, () => branch.promise, {
			concurrency: 1,
			onProgress,
			progressIntervalMs: 10,
			clock,
		});
		await clock.advance(50);
		branch.resolve();
		const report = await completion;

		expect(report).toMatchObject({ failed: false, counts: { succeeded: 1 } });
		expect(report.progressCallbackError).toEqual({ error: loggerDown });
		expect(onProgress).toHaveBeenCalledTimes(1);
	});
});
