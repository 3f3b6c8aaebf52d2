/** A text value with its surrounding spaces dropped, or undefined when it is not text or is blank. */
export function trimmedText(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
