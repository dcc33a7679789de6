// A minimal JSON client for preparing benchmark data (carts, items) before the timed runs.

export function client(baseUrl, token) {
	return async function request(method, path, body) {
		const response = await fetch(`${baseUrl}${path}`, {
			method,
			headers: {
				accept: "application/json",
				...(token ? { authorization: `Bearer ${token}` } : {}),
				...(body === undefined ? {} : { "content-type": "application/json" }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(15_000),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
		return text ? JSON.parse(text) : {};
	};
}

/** Runs `task(i)` for i in [0, count) with at most `limit` in flight; resolves with the results in order. */
export async function pool(count, limit, task) {
	const results = new Array(count);
	let next = 0;
	const lane = async () => {
		while (next < count) {
			const i = next++;
			results[i] = await task(i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
	return results;
}

/** An ISO 8601 instant `hoursAhead` from now in Jakarta time (+07:00), on the minute. */
export function jakartaTime(hoursAhead) {
	const at = new Date(Date.now() + hoursAhead * 3_600_000 + 7 * 3_600_000);
	at.setUTCSeconds(0, 0);
	return `${at.toISOString().slice(0, 19)}+07:00`;
}
