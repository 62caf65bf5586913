"""The scheduled robot runner (APScheduler).

Runs scenarios on a timetable on the office PC. The timetable, the runner loop and
the `robosan schedule` commands arrive with the scheduler issue; until then this
module only marks the place the required layout gives it.
"""
