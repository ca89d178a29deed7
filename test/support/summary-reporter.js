// Prints the run's totals as the very last line, "N passed, N failed", the form CI reads.
// A skipped or todo test counts as failed: a suite that did not run has proven nothing.
const { writeSync } = require('node:fs');

class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const failed = results.numFailedTests + skipped + results.numRuntimeErrorTestSuites;
		const lines = [];
		if (skipped > 0) lines.push(`${skipped} skipped or todo tests counted as failed`);
		if (results.numRuntimeErrorTestSuites > 0) {
			lines.push(
				`${results.numRuntimeErrorTestSuites} test files could not run, counted as failed`,
			);
		}
		lines.push(`${results.numPassedTests} passed, ${failed} failed`);
		if (failed > 0) process.exitCode = 1;
		// Jest prints its own summary after every reporter has finished; write ours on exit so that
		// it stays the last line.
		process.on('exit', () => writeSync(1, `\n${lines.join('\n')}\n`));
	}
}

module.exports = SummaryReporter;
