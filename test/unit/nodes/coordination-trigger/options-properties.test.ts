import {
	OPTION_DEFAULTS,
	optionsProperty,
} from '../../../../nodes/CoordinationTrigger/options-properties';

describe('the Options collection', () => {
	it('shows the same defaults the settings reader falls back to', () => {
		const shown = Object.fromEntries(
			(optionsProperty.options ?? []).map((option) => [
				'name' in option ? option.name : '',
				'default' in option ? option.default : undefined,
			]),
		);

		expect(shown).toEqual(OPTION_DEFAULTS);
	});
});
