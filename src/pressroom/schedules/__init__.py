"""Each brand's daily schedule: when its run starts and when it learns from results, in the
brand's time zone, and whether the schedule is on. The worker and the served studio keep the
workflow engine's schedules equal to these rows (``workflows/schedules.sync_schedules``)."""
