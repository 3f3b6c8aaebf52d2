/**
 * A parameter's or field's name as n8n's UX guidelines want it in copy (errors, hints,
 * descriptions): in single quotes, e.g. 'Message ID'.
 */
export const quoted = (name: string): string => `'${name}'`;
