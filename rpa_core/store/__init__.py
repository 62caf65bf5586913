"""The run log database: every table on one ``MetaData`` (``tables``), statuses (``status``), the queries.

``database`` turns a ``--db`` value into a URL and makes engines (SQLite file by default, any SQLAlchemy URL);
``versions`` brings any database to the current Alembic revision (``migrations/``) when it is opened;
``runlog.RunLog`` writes runs, steps and the ledger; ``history``, ``ledger``, ``report_queries``,
``review_queue`` and ``schedule_log`` hold the reads and writes of the commands that show or settle them.
No SQL lives outside this package.
"""
