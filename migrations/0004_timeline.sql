CREATE TABLE `timeline_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`booking_id` text NOT NULL,
	`at` text NOT NULL,
	`kind` text NOT NULL,
	`summary` text NOT NULL,
	`actor` text NOT NULL,
	`data` text
);
--> statement-breakpoint
CREATE INDEX `timeline_entries_booking_at_idx` ON `timeline_entries` (`booking_id`,`at`);