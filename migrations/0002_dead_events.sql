CREATE TABLE `dead_events` (
	`id` text PRIMARY KEY NOT NULL,
	`queue` text NOT NULL,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`first_failed_at` text,
	`last_error` text,
	`dead_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dead_events_dead_at_idx` ON `dead_events` (`dead_at`);--> statement-breakpoint
CREATE TABLE `event_failures` (
	`id` text PRIMARY KEY NOT NULL,
	`attempts` integer NOT NULL,
	`first_failed_at` text NOT NULL,
	`last_error` text NOT NULL
);
