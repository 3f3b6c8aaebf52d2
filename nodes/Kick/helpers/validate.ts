import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { quoted } from '../../shared/copy';
import { listEntries } from '../../shared/list';

/**
 * Characters as Kick counts them for its limits: Unicode code points, so an emoji, a CJK or
 * Arabic letter counts 1 and a combining accent counts 1 of its own. JavaScript's `length`
 * counts UTF-16 code units instead (an emoji is 2) and would refuse text Kick accepts.
 */
export function characterCount(text: string): number {
	return [...text].length;
}

/** The first `max` characters (code points) of a text, never half an emoji. */
export function firstCharacters(text: string, max: number): string {
	return Array.from(text).slice(0, max).join('');
}

/**
 * Input checks against Kick's documented limits, made before any request so that a bad item
 * fails with the field's name and the rule instead of a vague 400 from Kick.
 */
export class InputValidator {
	constructor(
		private readonly context: IExecuteFunctions,
		private readonly itemIndex: number,
	) {}

	/** Fails the item naming the field (or fields), in single quotes, and the rule. */
	fail(field: string | readonly string[], rule: string, description?: string): never {
		const names = (typeof field === 'string' ? [field] : field).map(quoted).join(', ');
		throw new NodeOperationError(this.context.getNode(), `${names}: ${rule}`, {
			itemIndex: this.itemIndex,
			description,
		});
	}

	/** Length limits in characters as Kick counts them: code points (see characterCount). */
	length(field: string, value: string, { min, max }: { min?: number; max?: number }): string {
		const count = characterCount(value);
		if (min !== undefined && count < min) {
			this.fail(
				field,
				`must be at least ${min} character${min === 1 ? '' : 's'} long (got ${count})`,
			);
		}
		if (max !== undefined && count > max) {
			this.fail(field, `must be at most ${max} characters long (got ${count})`);
		}
		return value;
	}

	integer(
		field: string,
		value: unknown,
		{ min, max }: { min?: number; max?: number } = {},
	): number {
		const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
		if (typeof number !== 'number' || !Number.isInteger(number)) {
			this.fail(field, `must be a whole number (got ${JSON.stringify(value)})`);
		}
		if (min !== undefined && number < min)
			this.fail(field, `must be at least ${min} (got ${number})`);
		if (max !== undefined && number > max)
			this.fail(field, `must be at most ${max} (got ${number})`);
		return number;
	}

	items<T>(field: string, values: T[], { min, max }: { min?: number; max?: number }): T[] {
		if (min !== undefined && values.length < min) {
			this.fail(field, `needs at least ${min} value${min === 1 ? '' : 's'} (got ${values.length})`);
		}
		if (max !== undefined && values.length > max) {
			this.fail(field, `takes at most ${max} values (got ${values.length})`);
		}
		return values;
	}

	atLeastOne(fields: Record<string, unknown>): void {
		const given = Object.values(fields).some((value) => value !== undefined && value !== '');
		if (!given) this.fail(Object.keys(fields), 'set at least one of these fields');
	}

	pattern(field: string, value: string, pattern: RegExp, rule: string): string {
		if (!pattern.test(value)) this.fail(field, `${rule} (got ${JSON.stringify(value)})`);
		return value;
	}

	/** A list field's entries, read by the package's one rule for lists (shared/list.ts). */
	list(field: string, value: unknown): string[] {
		return listEntries(value).map((entry) => {
			if (typeof entry === 'object') {
				this.fail(field, `must be a list of values, not objects (got ${JSON.stringify(entry)})`);
			}
			return entry as string;
		});
	}

	integerList(
		field: string,
		value: unknown,
		limits: { min?: number; max?: number } = { min: 1 },
	): number[] {
		return this.list(field, value).map((entry) => this.integer(field, entry, limits));
	}
}

export { LIST_RULE } from '../../shared/list';

export function validator(context: IExecuteFunctions, itemIndex: number): InputValidator {
	return new InputValidator(context, itemIndex);
}
