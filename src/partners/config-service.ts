import { z } from "zod";
import { PAYMENT_METHODS } from "../domain/payment-methods";
import { andThen, parsed, type Reply, refused, send, type Upstream } from "./upstream";

const MethodSettings = z.object({
	enabled: z.boolean(),
	disabledMessage: z.string().max(300).optional(),
	maxConcurrentBookings: z.number().int().min(0).nullable().optional(),
});

/** The Config Service's document for this service; what it leaves out comes from the environment. */
export const ConfigDocumentSchema = z.object({
	version: z.number().int().nonnegative(),
	updatedAt: z.string(),
	paymentMethods: z.partialRecord(z.enum(PAYMENT_METHODS), MethodSettings),
	cardDailyBudget: z.number().int().nonnegative().optional(),
	minimumRemainingBudget: z.number().int().nonnegative().optional(),
	cartTtl: z.union([z.string(), z.number().positive()]).optional(),
	paymentWaitDuration: z.union([z.string(), z.number().positive()]).optional(),
});
export type ConfigDocument = z.infer<typeof ConfigDocumentSchema>;

/** The seed's Config Service: dynamic configuration, read (never written) by the orchestrator. */
export class ConfigServiceClient {
	constructor(private readonly up: Upstream) {}

	document(): Promise<Reply<ConfigDocument>> {
		return andThen(send(this.up, "get", "v1/configs/order-orchestrator"), (reply) =>
			reply.status === 200
				? parsed(this.up, ConfigDocumentSchema, reply.body)
				: refused(this.up, "the configuration", reply),
		);
	}
}
