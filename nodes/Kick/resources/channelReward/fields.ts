import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { compact } from '../../helpers/collections';
import type { InputValidator } from '../../helpers/validate';

export const REWARD_READ_SCOPES = ['channel:rewards:read', 'channel:rewards:write'];
export const REWARD_WRITE_SCOPES = ['channel:rewards:write'];

export const REWARDS_PATH = '/public/v1/channels/rewards';

export const rewardPath = (rewardId: string): string =>
	`${REWARDS_PATH}/${encodeURIComponent(rewardId)}`;

/** Kick's 403 on update/delete usually means the reward was made elsewhere, not a missing scope. */
export const REWARD_FORBIDDEN_HINT =
	"Kick lets only the app that created a reward change or delete it: rewards made on kick.com or by another app (another 'Client ID') cannot be changed with this credential.";

const MAX_TITLE_LENGTH = 50;
const MAX_DESCRIPTION_LENGTH = 200;
const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

type RewardField =
	| 'backgroundColor'
	| 'cost'
	| 'description'
	| 'isEnabled'
	| 'isPaused'
	| 'isUserInputRequired'
	| 'shouldRedemptionsSkipRequestQueue'
	| 'title';

/**
 * Every reward field, in the alphabetical order n8n lists collection options in. A field added
 * under Update Fields starts at its default, which is sent as it is: the booleans default to
 * the state Kick gives a new reward, so adding one does not by itself change a typical reward.
 */
const REWARD_FIELDS: Record<RewardField, INodeProperties> = {
	backgroundColor: {
		displayName: 'Background Color',
		name: 'backgroundColor',
		type: 'color',
		default: '#00e701',
		description: 'Color of the reward in the channel, as a hex code such as #00e701',
	},
	cost: {
		displayName: 'Cost',
		name: 'cost',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 100,
		description: 'Channel points a viewer spends to redeem the reward (at least 1)',
	},
	description: {
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		description: 'Text shown to viewers under the title, at most 200 characters',
	},
	isEnabled: {
		displayName: 'Enabled',
		name: 'isEnabled',
		type: 'boolean',
		default: true,
		description: 'Whether viewers can see and redeem the reward',
	},
	isPaused: {
		displayName: 'Paused',
		name: 'isPaused',
		type: 'boolean',
		// Off, as a new reward starts: adding the field must not pause the reward by itself.
		default: false,
		description: 'Whether redeeming is paused (the reward stays visible)',
	},
	shouldRedemptionsSkipRequestQueue: {
		displayName: 'Skip Request Queue',
		name: 'shouldRedemptionsSkipRequestQueue',
		type: 'boolean',
		default: false,
		description: 'Whether redemptions are accepted at once instead of waiting in the request queue',
	},
	title: {
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: 'Name of the reward shown to viewers, 1 to 50 characters',
	},
	isUserInputRequired: {
		displayName: 'User Input Required',
		name: 'isUserInputRequired',
		type: 'boolean',
		default: false,
		description: 'Whether viewers must type a text (e.g. a song URL) when they redeem',
	},
};

export function rewardFields(names: readonly RewardField[]): INodeProperties[] {
	return names.map((name) => REWARD_FIELDS[name]);
}

export function requiredRewardField(name: RewardField, placeholder: string): INodeProperties {
	return { ...REWARD_FIELDS[name], required: true, placeholder };
}

function booleanField(
	check: InputValidator,
	name: RewardField,
	value: unknown,
): boolean | undefined {
	if (value === undefined || typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	return check.fail(
		REWARD_FIELDS[name].displayName,
		`must be true or false (got ${JSON.stringify(value)})`,
	);
}

function textField(
	check: InputValidator,
	name: RewardField,
	value: unknown,
	limits: { min?: number; max: number },
): string | undefined {
	return value === undefined
		? undefined
		: check.length(REWARD_FIELDS[name].displayName, String(value), limits);
}

/** Kick's request body for the reward fields given (camelCase parameter names), checked against the spec. */
export function rewardBody(check: InputValidator, fields: IDataObject): IDataObject {
	const color =
		fields.backgroundColor === undefined ? undefined : String(fields.backgroundColor).trim();
	return compact({
		title: textField(check, 'title', fields.title, { min: 1, max: MAX_TITLE_LENGTH }),
		cost:
			fields.cost === undefined
				? undefined
				: check.integer(REWARD_FIELDS.cost.displayName, fields.cost, { min: 1 }),
		description: textField(check, 'description', fields.description, {
			max: MAX_DESCRIPTION_LENGTH,
		}),
		background_color:
			color === undefined
				? undefined
				: check.pattern(
						REWARD_FIELDS.backgroundColor.displayName,
						color,
						HEX_COLOR,
						'must be a hex color such as #00e701',
					),
		is_enabled: booleanField(check, 'isEnabled', fields.isEnabled),
		is_paused: booleanField(check, 'isPaused', fields.isPaused),
		is_user_input_required: booleanField(check, 'isUserInputRequired', fields.isUserInputRequired),
		should_redemptions_skip_request_queue: booleanField(
			check,
			'shouldRedemptionsSkipRequestQueue',
			fields.shouldRedemptionsSkipRequestQueue,
		),
	});
}
