import { z } from "zod";
import { parseReply, send, type Upstream } from "./upstream";

const Zone = z.object({ zone: z.enum(["WIB", "WITA", "WIT"]), timeZone: z.string(), utcOffset: z.string() });
export type LocalZone = z.infer<typeof Zone>;

export const JAKARTA: LocalZone = { zone: "WIB", timeZone: "Asia/Jakarta", utcOffset: "+07:00" };

/** Indonesia's time zone (WIB/WITA/WIT) of a place, from the Geo service. */
export class GeoClient {
	constructor(private readonly up: Upstream) {}

	async zoneOf(lat: number, lng: number): Promise<LocalZone> {
		const reply = await send(this.up, "get", `zone?lat=${lat}&lng=${lng}`);
		// A place outside coverage is shown in Jakarta time rather than failing a notification.
		return reply.status === 200 ? parseReply(this.up, Zone, reply.body) : JAKARTA;
	}
}
