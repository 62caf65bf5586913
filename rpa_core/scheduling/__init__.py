"""The robot PC's schedule: ``robot_file`` (which scenarios, when), ``calendar_jp`` (business days, holidays,
年末年始), ``runner`` (APScheduler, missed runs caught up once, one job per child process), ``mail``
(failure notices). The click commands are in the top-level ``scheduler`` module.
"""
