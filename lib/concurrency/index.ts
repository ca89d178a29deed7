// The concurrency core of Fan Out: running many branches in a window and undoing them in order.
// Pure TypeScript: it knows nothing of n8n or HTTP, so the node and the call path build on it.
export { systemClock, type FanOutClock } from './clock';
export {
	compensationOrder,
	type BranchResult,
	type BranchStatus,
	type FanOutReport,
} from './report';
export {
	runCompensations,
	type CompensationOptions,
	type CompensationOutcome,
	type CompensationReport,
	type Compensator,
} from './compensation';
export {
	BranchCancelledError,
	BranchTimeoutError,
	InvalidFanOutOptionError,
	type FanOutEndCause,
} from './errors';
export { runFanOut, startFanOut, type StartedFanOut } from './fan-out';
export type { BranchRunner } from './fan-out-run';
export type { FailurePolicy, FanOutCompletion, FanOutOptions } from './options';
export type { DurationPercentiles } from './percentiles';
export type { FanOutProgress } from './progress';
