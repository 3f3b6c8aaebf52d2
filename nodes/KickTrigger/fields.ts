import { quoted } from '../shared/copy';

/** Labels of the trigger's fields: the node shows them, and its errors and logs name them. */
export const TRIGGER_FIELDS = {
	events: 'Events',
	broadcaster: 'Broadcaster',
	moreBroadcasters: 'More Broadcasters',
	maxEventAge: 'Max Event Age (Minutes)',
} as const;

/** A field's label as copy names it: in single quotes (n8n's UX guidelines). */
export const fieldName = (field: keyof typeof TRIGGER_FIELDS): string =>
	quoted(TRIGGER_FIELDS[field]);
