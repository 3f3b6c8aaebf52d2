/**
 * Local links and heading anchors of Markdown files, computed the way GitHub renders them, for
 * the test that every link of the documentation resolves.
 */

/** Markdown without fenced code blocks (a "#" line there is no heading). */
export function withoutFences(markdown: string): string {
	return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** Markdown without fenced code blocks and inline code spans (links there are not links). */
export function withoutCode(markdown: string): string {
	return withoutFences(markdown).replace(/(`+)[^`\n][\s\S]*?\1/g, '');
}

/** The text GitHub shows for a heading's source: no links, images, code marks or emphasis. */
export function headingText(source: string): string {
	return source
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/`([^`]*)`/g, '$1')
		.replace(/(\*\*|__)(.+?)\1/g, '$2')
		.replace(/(^|\W)[*_](.+?)[*_](?=\W|$)/g, '$1$2')
		.replace(/<[^>]+>/g, '')
		.trim();
}

/**
 * GitHub's anchor for a heading text (github-slugger): lower case, punctuation removed except
 * hyphens and underscores, each space a hyphen.
 */
export function githubSlug(text: string): string {
	return text
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/** Every anchor a file's headings get, repeats numbered as GitHub does (x, x-1, x-2). */
export function headingAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	for (const match of withoutFences(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)) {
		const slug = githubSlug(headingText(match[1]));
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

export interface LocalLink {
	/** The link as written, e.g. `docs/queue-mode.md#retries`. */
	target: string;
	/** The file part, '' for an anchor in the same file. */
	file: string;
	/** The anchor without '#', or undefined. */
	anchor?: string;
}

/** Links and images that point into the repository (not http:, https:, mailto:). */
export function localLinks(markdown: string): LocalLink[] {
	const targets = [
		...withoutCode(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g),
	].map((match) => match[1]);
	return targets
		.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
		.map((target) => {
			const hash = target.indexOf('#');
			const file = decodeURI(hash === -1 ? target : target.slice(0, hash));
			return hash === -1 ? { target, file } : { target, file, anchor: target.slice(hash + 1) };
		});
}
