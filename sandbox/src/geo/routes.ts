import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { fieldErrors } from "../lib/body";
import { ApiError } from "../lib/problem";
import { inIndonesia, ZONES, zoneAt } from "./zones";

const Coordinate = (min: number, max: number) => z.coerce.number<string>().min(min).max(max);
const ZoneQuery = z.object({
	lat: z.string().trim().min(1).pipe(Coordinate(-90, 90)),
	lng: z.string().trim().min(1).pipe(Coordinate(-180, 180)),
});

/** The Geo service: `GET /geo/zone?lat=&lng=` tells which Indonesian time zone a point is in. */
export const geo = new Hono<AppEnv>().get("/zone", (c) => {
	const parsed = ZoneQuery.safeParse({ lat: c.req.query("lat"), lng: c.req.query("lng") });
	if (!parsed.success) {
		throw new ApiError(400, "VALIDATION_FAILED", "The query is invalid.", fieldErrors(parsed.error));
	}
	const { lat, lng } = parsed.data;
	if (!inIndonesia(lat, lng)) {
		throw new ApiError(422, "OUTSIDE_COVERAGE", `${lat},${lng} is outside Indonesia.`, undefined, {
			lat,
			lng,
		});
	}
	const zone = zoneAt(lat, lng);
	const { timeZone, utcOffset } = ZONES[zone];
	return c.json({ zone, timeZone, utcOffset }, 200);
});
