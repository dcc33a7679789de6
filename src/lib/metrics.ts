import { log } from "./log";

/**
 * Metrics as Workers Analytics Engine data points (the METRICS binding, production): one point
 * per saga outcome, per payment webhook and per partner call. Each point's index is its kind,
 * `blob1` the kind again and the labels follow (`blob2`...); `double1`... carry the values in the
 * order given. Without the binding (local runs) a point is a `metric` log line instead.
 * The README lists the SQL a dashboard runs against these columns.
 */
export type MetricKind = "saga_outcome" | "webhook" | "partner_call";

export interface MetricPoint {
	/** Low-cardinality labels, in a fixed order per kind (never ids or personal data). */
	labels: string[];
	/** Numbers, in a fixed order per kind (for example `ms`, `items`). */
	values: Record<string, number>;
}

export function metric(env: Pick<Env, "METRICS">, kind: MetricKind, point: MetricPoint): void {
	const dataset = env.METRICS;
	if (!dataset) {
		log("info", "metric", { kind, labels: point.labels, ...point.values });
		return;
	}
	try {
		dataset.writeDataPoint({
			indexes: [kind],
			blobs: [kind, ...point.labels],
			doubles: Object.values(point.values),
		});
	} catch (error) {
		// A metric is never worth failing the work it measures.
		log("warn", "metric not written", { kind, error: String(error) });
	}
}
