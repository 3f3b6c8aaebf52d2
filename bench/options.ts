/** Command-line options of the benchmarks (`--name value`; BENCH_<NAME> in the environment works too). */

export class OptionReader {
	constructor(private readonly argv: string[]) {}

	private raw(name: string): string | undefined {
		const index = this.argv.indexOf(`--${name}`);
		if (index >= 0) return this.argv[index + 1];
		return process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
	}

	positive(name: string, fallback: number): number {
		const raw = this.raw(name);
		const value = raw === undefined ? fallback : Number(raw);
		if (!Number.isFinite(value) || value <= 0)
			throw new Error(`--${name} must be a positive number`);
		return value;
	}

	text(name: string): string | undefined {
		return this.raw(name);
	}

	flag(name: string): boolean {
		return this.argv.includes(`--${name}`) || process.env[`BENCH_${name.toUpperCase()}`] === '1';
	}

	/** Every value of a repeatable option, e.g. `--n8n-env A=1 --n8n-env B=2`. */
	all(name: string): string[] {
		const values: string[] = [];
		this.argv.forEach((arg, index) => {
			if (arg === `--${name}` && this.argv[index + 1] !== undefined)
				values.push(this.argv[index + 1]);
		});
		return values;
	}

	/** `KEY=VALUE` pairs of a repeatable option. */
	pairs(name: string): Record<string, string> {
		return Object.fromEntries(
			this.all(name).map((pair) => {
				const at = pair.indexOf('=');
				if (at <= 0) throw new Error(`--${name} takes KEY=VALUE, got "${pair}"`);
				return [pair.slice(0, at), pair.slice(at + 1)];
			}),
		);
	}
}
