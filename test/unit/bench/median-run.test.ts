import { medianRun, type Scenario } from '../../../scripts/bench/fanout/scenario';

function run(seconds: number, n8nCpuMsPerBranch: number): Scenario {
	return {
		label: `run of ${seconds} s`,
		branches: 1000,
		seconds,
		perSecond: 1000 / seconds,
		peakRssBytes: 1,
		n8nCpuMsPerBranch,
		hostSteal: 0,
	};
}

describe('medianRun (bench:fanout repeated scenarios)', () => {
	it('keeps the figures of the run of median time, whatever the order the runs came in', () => {
		const median = medianRun([run(16.2, 12), run(14.9, 11), run(15.4, 13)], 'Fan Out');

		expect(median.seconds).toBe(15.4);
		expect(median.n8nCpuMsPerBranch).toBe(13);
		expect(median.label).toBe('Fan Out');
	});

	it('records every run time in the order the runs were measured', () => {
		const median = medianRun([run(16.2, 12), run(14.9, 11), run(15.4, 13)], 'Fan Out');

		expect(median.runsSeconds).toEqual([16.2, 14.9, 15.4]);
	});

	it('refuses an even number of runs, which has no single median run', () => {
		expect(() => medianRun([run(1, 1), run(2, 2)], 'Fan Out')).toThrow(/odd number/);
	});
});
