import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { dataList, kickRequest } from '../../../shared/transport/request';
import { sendInBatches } from '../../helpers/batches';
import type { KickOperation } from '../../helpers/types';
import { LIST_RULE, validator } from '../../helpers/validate';
import { REDEMPTIONS_PATH, redemptionIds } from './ids';

// The spec's maxItems for `ids`: longer lists go out in several requests.
const MAX_IDS_PER_REQUEST = 25;

const FIELD = 'Redemption IDs';

interface Decision {
	value: 'accept' | 'reject';
	/** Output key that says whether Kick applied the decision to an id. */
	outcome: 'accepted' | 'rejected';
}

function idsProperty(decision: Decision): INodeProperties {
	return {
		displayName: FIELD,
		name: 'ids',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 01KEWZ2RKYZZFGD154K50Y3F8D, 01KEWZ2YC27070XWMHKFJR6C87',
		description: `IDs of the pending redemptions to ${decision.value} (ULIDs, e.g. from the Kick Trigger's redemption event), ${LIST_RULE}. Any number: they are sent 25 per request.`,
	};
}

/** Kick answers with the ids it could not decide, and why. */
async function failedIds(
	this: IExecuteFunctions,
	decision: Decision,
	ids: string[],
	itemIndex: number,
): Promise<Map<string, unknown>> {
	const failures = new Map<string, unknown>();
	await sendInBatches.call(
		this,
		{ ids, size: MAX_IDS_PER_REQUEST, done: decision.outcome },
		async (part) => {
			const response = await kickRequest.call(this, {
				method: 'POST',
				path: `${REDEMPTIONS_PATH}/${decision.value}`,
				body: { ids: part },
				scopes: ['channel:rewards:write'],
				itemIndex,
			});
			for (const failure of dataList(response))
				failures.set(String(failure.id), failure.reason ?? 'UNKNOWN');
			return part.filter((id) => !failures.has(id));
		},
	);
	return failures;
}

/** Accept or Reject: one output item per id, saying whether Kick applied it and, if not, why. */
export function decisionOperation(decision: Decision & { name: string }): KickOperation {
	return {
		value: decision.value,
		name: decision.name,
		token: 'user',
		action: `${decision.name} reward redemptions`,
		description: `${decision.name} pending reward redemptions; Kick allows it only for rewards created with this credential’s 'Client ID'`,
		properties: [idsProperty(decision)],
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const check = validator(this, itemIndex);
			const ids = check.items(
				FIELD,
				redemptionIds(check, FIELD, this.getNodeParameter('ids', itemIndex)),
				{ min: 1 },
			);
			const failures = await failedIds.call(this, decision, ids, itemIndex);
			return ids.map((id): IDataObject => {
				const reason = failures.get(id);
				return reason === undefined
					? { id, [decision.outcome]: true }
					: { id, [decision.outcome]: false, reason };
			});
		},
	};
}
