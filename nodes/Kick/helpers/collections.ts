export function chunk<T>(values: readonly T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < values.length; start += size)
		chunks.push(values.slice(start, start + size));
	return chunks;
}

export function unique<T>(values: readonly T[]): T[] {
	return [...new Set(values)];
}

/** Drops undefined and empty-string values: Kick treats a sent field as a change. */
export function compact<T extends Record<string, unknown>>(object: T): Partial<T> {
	return Object.fromEntries(
		Object.entries(object).filter(([, value]) => value !== undefined && value !== ''),
	) as Partial<T>;
}
