const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghjkmnpqrstvwxyz";

function encode(bytes: Uint8Array): string {
	let out = "";
	for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
	return out;
}

/** Opaque, unguessable ids with a readable prefix: cart_…, item_…. */
export function newId(prefix: string, length = 22): string {
	return `${prefix}_${encode(crypto.getRandomValues(new Uint8Array(length)))}`;
}

/** A stable id derived from a scope and a client key: the same inputs give the same id. */
export async function derivedId(prefix: string, scope: string, key: string, length = 22): Promise<string> {
	const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${scope}\u0000${key}`));
	return `${prefix}_${encode(new Uint8Array(digest).slice(0, length))}`;
}

export function idPattern(prefix: string): RegExp {
	return new RegExp(`^${prefix}_[0-9A-Za-z]{22}$`);
}

export async function sha256Hex(text: string): Promise<string> {
	const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * What any id we accept looks like: 1 to 128 letters, digits and `.` `_` `:` `-`, starting with
 * a letter or digit. No text that could break a URL or a key (a lone surrogate, a slash, a
 * space) ever reaches a Durable Object name or an upstream URL.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const ID_RULE =
	"Must be an id: 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit";
