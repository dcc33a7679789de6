import { z } from "zod";

export const CHANNELS = ["EMAIL", "SMS", "PUSH"] as const;

export const SendMessageBody = z.object({
	bookingId: z.string().trim().min(1).max(128),
	channel: z.enum(CHANNELS),
	template: z.string().trim().min(1).max(128),
	to: z.string().trim().min(1).max(320),
	subject: z.string().max(500).optional(),
	body: z.string().min(1).max(20_000),
});
export type SendMessageBody = z.infer<typeof SendMessageBody>;

/** A message as the service "sent" it: it goes nowhere, it is only kept to be read back. */
export type Notification = SendMessageBody & { messageId: string; status: "SENT"; sentAt: string };
