import { z } from "zod";
import { ADVANCES } from "./orders";

const Id = z.string().trim().min(1).max(128);

export const BookOrderBody = z.object({
	bookingId: Id,
	itemId: Id,
	fleetId: Id,
	quantity: z.number().int().min(1).max(100),
	details: z.record(z.string(), z.json()),
	passenger: z
		.object({ name: z.string().trim().min(1).max(200), phone: z.string().trim().min(1).max(32) })
		.optional(),
});
export type BookOrderBody = z.infer<typeof BookOrderBody>;

export const CancelByKeyBody = z.object({ idempotencyKey: z.string().trim().min(1).max(255) });

export const AdvanceBody = z.object({ status: z.enum(ADVANCES) });
