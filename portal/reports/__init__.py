"""Partner reporting: the schedule of each grant, narrative, financial and indicator reports,
their review by the mission, and the reminders that keep them on time."""
