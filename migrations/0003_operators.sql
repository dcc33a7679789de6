ALTER TABLE `bookings` ADD `saga_status` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `attention` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `bookings` ADD `saga_finished_at` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `saga_ms` integer;--> statement-breakpoint
CREATE INDEX `bookings_created_idx` ON `bookings` ("created_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX `bookings_saga_finished_idx` ON `bookings` (`saga_finished_at`) WHERE "saga_finished_at" is not null;--> statement-breakpoint
CREATE INDEX `bookings_attention_created_idx` ON `bookings` (`created_at`,`id`) WHERE "attention" = 1;--> statement-breakpoint
ALTER TABLE `dead_events` ADD `booking_id` text;--> statement-breakpoint
ALTER TABLE `dead_events` ADD `replayed_at` text;--> statement-breakpoint
ALTER TABLE `dead_events` ADD `replayed_by` text;--> statement-breakpoint
ALTER TABLE `dead_events` ADD `replay_reason` text;--> statement-breakpoint
CREATE INDEX `dead_events_booking_idx` ON `dead_events` (`booking_id`);--> statement-breakpoint
CREATE INDEX `order_items_partner_ref_idx` ON `order_items` (`partner_ref`) WHERE "partner_ref" is not null;--> statement-breakpoint
CREATE INDEX `order_items_business_type_idx` ON `order_items` (`business_type`,`booking_id`);--> statement-breakpoint
CREATE INDEX `payments_method_idx` ON `payments` (`method`,`booking_id`);--> statement-breakpoint
UPDATE `dead_events` SET `booking_id` = json_extract(`body`, '$.bookingId') WHERE json_valid(`body`);
