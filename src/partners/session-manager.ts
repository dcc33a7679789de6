import { z } from "zod";
import { BUSINESS_TYPES, type BusinessType } from "../domain/business";
import { ID_PATTERN } from "../lib/ids";
import {
	andThen,
	fault,
	ok,
	parsed,
	type Reply,
	refused,
	segment,
	send,
	type Upstream,
	type UpstreamReply,
} from "./upstream";

const money = z.number().int().nonnegative();

const FleetSchema = z.object({
	fleetId: z.string().regex(ID_PATTERN),
	name: z.string(),
	unitPrice: money,
	fareComponents: z.array(z.object({ code: z.string(), amount: z.number().int() })),
	attributes: z.record(z.string(), z.unknown()).optional(),
});
export type Fleet = z.infer<typeof FleetSchema>;

const SearchReplySchema = z.object({
	sessionId: z.string().regex(ID_PATTERN),
	businessType: z.enum(BUSINESS_TYPES),
	expiresAt: z.iso.datetime({ offset: true }),
	fleets: z.array(FleetSchema),
});
export type SearchReply = z.infer<typeof SearchReplySchema>;

const FleetReplySchema = z.object({
	sessionId: z.string(),
	businessType: z.enum(BUSINESS_TYPES),
	details: z.record(z.string(), z.unknown()),
	expiresAt: z.iso.datetime({ offset: true }),
	fleet: FleetSchema,
});
export type QuotedFleet = z.infer<typeof FleetReplySchema>;

const ProblemSchema = z.object({
	code: z.string().optional(),
	detail: z.string().optional(),
	errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export type FleetLookup =
	| { found: true; quote: QuotedFleet }
	| { found: false; code: "SESSION_NOT_FOUND" | "SESSION_EXPIRED" | "FLEET_NOT_FOUND" };

const QUOTE_CACHE_MS = 60_000;
const QUOTE_CACHE_SIZE = 5_000;
const quoteCache = new Map<string, { quote: QuotedFleet; until: number }>();

function remember(key: string, quote: QuotedFleet, now: number): void {
	const until = Math.min(Date.parse(quote.expiresAt), now + QUOTE_CACHE_MS);
	if (until <= now) return;
	// Oldest first out: a Map iterates in insertion order.
	if (quoteCache.size >= QUOTE_CACHE_SIZE) quoteCache.delete(quoteCache.keys().next().value as string);
	quoteCache.set(key, { quote, until });
}

export class SessionManagerClient {
	constructor(private readonly up: Upstream) {}

	/** Fleet search: the Session Manager prices every fleet and opens a quote session. */
	search(businessType: BusinessType, details: unknown): Promise<Reply<SearchReply>> {
		return andThen(send(this.up, "post", "searches", { businessType, details }), (reply) => {
			if (reply.status === 200 || reply.status === 201) return parsed(this.up, SearchReplySchema, reply.body);
			const problem = ProblemSchema.safeParse(reply.body).data;
			return fault(
				"rejected",
				problem?.detail ?? `The session manager rejected the search (${reply.status}).`,
				{
					status: reply.status,
					...(problem?.errors ? { errors: problem.errors } : {}),
				},
			);
		});
	}

	/**
	 * A quote is immutable until it expires, so a looked-up fleet is kept in this isolate for a
	 * short while: adding several lines from one search asks the Session Manager once.
	 */
	async fleet(
		sessionId: string,
		fleetId: string,
		options: { fresh?: boolean } = {},
	): Promise<Reply<FleetLookup>> {
		const now = Date.now();
		const key = `${sessionId}\u0000${fleetId}`;
		const hit = options.fresh ? undefined : quoteCache.get(key);
		if (hit && hit.until > now) return ok({ found: true, quote: hit.quote });
		const lookup = await this.fetchFleet(sessionId, fleetId);
		if (lookup.ok && lookup.value.found) remember(key, lookup.value.quote, now);
		return lookup;
	}

	private fetchFleet(sessionId: string, fleetId: string): Promise<Reply<FleetLookup>> {
		const session = segment(sessionId);
		const fleet = segment(fleetId);
		if (!session || !fleet) return Promise.resolve(ok({ found: false, code: "SESSION_NOT_FOUND" }));
		return andThen<UpstreamReply, FleetLookup>(
			send(this.up, "get", `sessions/${session}/fleets/${fleet}`),
			(reply) => {
				if (reply.status === 200)
					return andThen(parsed(this.up, FleetReplySchema, reply.body), (quote) =>
						ok({ found: true, quote }),
					);
				const code = ProblemSchema.safeParse(reply.body).data?.code;
				if (code === "SESSION_EXPIRED" || reply.status === 410)
					return ok({ found: false, code: "SESSION_EXPIRED" });
				if (code === "FLEET_NOT_FOUND") return ok({ found: false, code: "FLEET_NOT_FOUND" });
				if (code === "SESSION_NOT_FOUND" || reply.status === 404)
					return ok({ found: false, code: "SESSION_NOT_FOUND" });
				return refused(this.up, "a fleet lookup", reply);
			},
		);
	}
}
