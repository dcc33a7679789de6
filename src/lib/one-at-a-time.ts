/**
 * Runs one task at a time in this instance, queueing the rest: a Durable Object's alarm handler
 * may be called while a run it started itself (to work without waiting for the alarm) still
 * awaits outside I/O, and two runs side by side would each act on what the other is doing.
 */
export class OneAtATime {
	private running?: Promise<void>;

	async run(task: () => Promise<void>): Promise<void> {
		while (this.running) await this.running;
		this.running = task().finally(() => {
			this.running = undefined;
		});
		return this.running;
	}

	/** True while a task runs: a caller can hand work to it instead of queueing another run. */
	get busy(): boolean {
		return this.running !== undefined;
	}
}
