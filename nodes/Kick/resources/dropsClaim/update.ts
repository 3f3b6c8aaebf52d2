import type { IExecuteFunctions } from 'n8n-workflow';

import { kickRequest } from '../../../shared/transport/request';
import { sendInBatches } from '../../helpers/batches';
import { unique } from '../../helpers/collections';
import type { KickOperation } from '../../helpers/types';
import { fromVersion } from '../../helpers/versions';
import { LIST_RULE, validator } from '../../helpers/validate';
import { claimId, DROPS_CLAIMS_PATH, DROPS_FORBIDDEN_HINT } from './claims';

// Kick's docs: at most 100 claims per request; longer lists go out in several requests.
const MAX_CLAIMS_PER_REQUEST = 100;

export const updateDropsClaims: KickOperation = {
	value: 'update',
	name: 'Update',
	token: 'app',
	versions: fromVersion(2),
	action: 'Update Drops claims',
	description:
		'Set your external status (e.g. processed) on Drops claims, one output item per claim',
	properties: [
		{
			displayName: 'Claim IDs',
			name: 'claimIds',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 01KAAFHJ2PNXS48NG8XXPGWKCZ, 01KAAFHJ2PNXS48NG8XXPGWKCA',
			description: `Claims to update (ULIDs, e.g. 'claim_id' from the Kick Trigger’s Drops event), ${LIST_RULE}. Any number: they are sent 100 per request.`,
		},
		{
			displayName: 'External Status',
			name: 'externalStatus',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. processed',
			description:
				'Your own status for these claims, such as processed or granted; Kick keeps it as given and Get Many can filter by it',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const check = validator(this, itemIndex);
		const ids = check.items(
			'Claim IDs',
			unique(
				check
					.list('Claim IDs', this.getNodeParameter('claimIds', itemIndex))
					.map((id) => claimId(check, 'Claim IDs', id)),
			),
			{ min: 1 },
		);
		const status = check.length(
			'External Status',
			String(this.getNodeParameter('externalStatus', itemIndex)).trim(),
			{ min: 1 },
		);
		await sendInBatches.call(
			this,
			{ ids, size: MAX_CLAIMS_PER_REQUEST, done: 'updated' },
			async (part) => {
				await kickRequest.call(this, {
					method: 'PATCH',
					path: DROPS_CLAIMS_PATH,
					body: { claims: part.map((id) => ({ claim_id: id, external_status: status })) },
					forbiddenHint: DROPS_FORBIDDEN_HINT,
					itemIndex,
				});
				return part;
			},
		);
		return ids.map((id) => ({ claim_id: id, external_status: status, updated: true }));
	},
};
