// An instrumented stand-in for the shared call path (invokeTarget), injected into the node: it
// records every call, counts calls in flight, sees aborts, and settles calls when a test says so.
import type { JsonValue } from '../../../../lib/call';
import type { TargetInvocation, InvocationResult } from '../../../../nodes/shared/call-target';
import type { FanOutDependencies } from '../../../../nodes/FanOut/run-branches';

export interface FakeCall {
	invocation: TargetInvocation;
	signal: AbortSignal;
	/** The body's `n` field, which the tests use to name the input. */
	n: unknown;
	settled: boolean;
	aborted: boolean;
	succeed(body?: JsonValue): void;
	fail(message?: string): void;
}

/** What to do with a call as soon as it starts; leave unset to settle calls by hand. */
export type AutoSettle = (call: FakeCall, callIndex: number) => void;

export class FakeTarget {
	readonly calls: FakeCall[] = [];
	inFlight = 0;
	maxInFlight = 0;
	auto?: AutoSettle;

	readonly dependencies: FanOutDependencies = {
		invoke: (_context, invocation, options) => this.start(invocation, options.signal),
	};

	/** The calls still waiting for an answer, in the order they started. */
	get pending(): FakeCall[] {
		return this.calls.filter((call) => !call.settled);
	}

	/** The call whose body has this `n`. */
	callFor(n: unknown): FakeCall {
		const call = this.calls.find((candidate) => candidate.n === n);
		if (!call) throw new Error(`No call was made for n=${String(n)}`);
		return call;
	}

	private start(invocation: TargetInvocation, signal?: AbortSignal): Promise<InvocationResult> {
		if (!signal) throw new Error('Every branch call must carry a signal');
		this.inFlight += 1;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		return new Promise((resolve, reject) => {
			const body = invocation.body as { n?: JsonValue } | null;
			const call: FakeCall = {
				invocation,
				signal,
				n: body?.n,
				settled: false,
				aborted: false,
				succeed: (answer = { answered: body?.n ?? null }) =>
					settle(() => resolve({ body: answer, attempts: 1, durationMs: 1, attemptLog: [] })),
				fail: (message = `call for n=${String(body?.n)} failed`) =>
					settle(() => reject(new Error(message))),
			};
			const settle = (action: () => void) => {
				if (call.settled) return;
				call.settled = true;
				this.inFlight -= 1;
				action();
			};
			signal.addEventListener(
				'abort',
				() => {
					call.aborted = true;
					settle(() => reject(signal.reason));
				},
				{ once: true },
			);
			this.calls.push(call);
			const auto = this.auto;
			const callIndex = this.calls.length - 1;
			if (auto) queueMicrotask(() => auto(call, callIndex));
		});
	}
}
