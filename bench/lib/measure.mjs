// One autocannon run and its summary. Latencies come from autocannon's per-response event
// (fractional milliseconds, every status), not from its integer-millisecond histogram, so
// sub-millisecond differences between scenarios still show in the ratios.

import autocannon from "autocannon";

/** The q-quantile (0..1) of ascending `sorted`, nearest rank. */
export function quantile(sorted, q) {
	if (sorted.length === 0) return 0;
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
	return sorted[rank];
}

const round = (value, digits = 2) => Number(value.toFixed(digits));

/** How a set of timings (ms) is reported everywhere: count, median, tails, extremes, mean. */
export function summary(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mean = sorted.length ? sorted.reduce((sum, v) => sum + v, 0) / sorted.length : 0;
	return {
		n: sorted.length,
		p50: round(quantile(sorted, 0.5)),
		p90: round(quantile(sorted, 0.9)),
		p99: round(quantile(sorted, 0.99)),
		min: round(sorted[0] ?? 0),
		max: round(sorted.at(-1) ?? 0),
		mean: round(mean),
	};
}

/**
 * Runs autocannon with `options` (url, connections, duration, requests, ...) and resolves with
 * { requests, rps, p50, p90, p99, non2xx, errors } (latencies in ms). `onStart(instance)` lets
 * the caller keep the instance, e.g. to stop it early.
 */
export async function measure(options, { onStart } = {}) {
	const latencies = [];
	let non2xx = 0;
	const instance = autocannon({ connections: 10, timeout: 10, ...options });
	instance.on("response", (_client, statusCode, _bytes, responseTime) => {
		latencies.push(responseTime);
		if (statusCode < 200 || statusCode > 299) non2xx++;
	});
	onStart?.(instance);
	const result = await instance;
	latencies.sort((a, b) => a - b);
	const seconds = result.duration > 0 ? result.duration : options.duration;
	return {
		requests: latencies.length,
		rps: round(latencies.length / seconds, 1),
		p50: round(quantile(latencies, 0.5)),
		p90: round(quantile(latencies, 0.9)),
		p99: round(quantile(latencies, 0.99)),
		non2xx,
		errors: result.errors + result.timeouts,
	};
}
