import { z } from "zod";
import { andThen, ok, parsed, type Reply, send, type Upstream } from "./upstream";

const Zone = z.object({ zone: z.enum(["WIB", "WITA", "WIT"]), timeZone: z.string(), utcOffset: z.string() });
export type LocalZone = z.infer<typeof Zone>;

export const JAKARTA: LocalZone = { zone: "WIB", timeZone: "Asia/Jakarta", utcOffset: "+07:00" };

/** Indonesia's time zone (WIB/WITA/WIT) of a place, from the Geo service. */
export class GeoClient {
	constructor(private readonly up: Upstream) {}

	zoneOf(lat: number, lng: number): Promise<Reply<LocalZone>> {
		// A place outside coverage is shown in Jakarta time rather than failing a notification.
		return andThen(send(this.up, "get", `zone?lat=${lat}&lng=${lng}`), (reply) =>
			reply.status === 200 ? parsed(this.up, Zone, reply.body) : ok(JAKARTA),
		);
	}
}
