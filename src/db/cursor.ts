/**
 * Booking list cursors: the (createdAt, id) of the last row served, as base64url JSON. Opaque to
 * clients; `decodeCursor` answers undefined for anything it did not make, so a route can reject
 * a bad cursor as a 400 before querying.
 */
export interface Cursor {
	createdAt: string;
	id: string;
}

export function encodeCursor(cursor: Cursor): string {
	const bytes = new TextEncoder().encode(JSON.stringify([cursor.createdAt, cursor.id]));
	let binary = "";
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor(value: string): Cursor | undefined {
	if (!/^[A-Za-z0-9_-]{1,1024}$/.test(value)) return undefined;
	try {
		const binary = atob(value.replaceAll("-", "+").replaceAll("_", "/"));
		const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
		const parsed: unknown = JSON.parse(
			new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes),
		);
		if (
			Array.isArray(parsed) &&
			parsed.length === 2 &&
			typeof parsed[0] === "string" &&
			typeof parsed[1] === "string"
		) {
			return { createdAt: parsed[0], id: parsed[1] };
		}
	} catch {
		// Not base64 or not JSON: not one of ours.
	}
	return undefined;
}
