"""Running a scenario: inputs, the interpreter and one runner per construct, item loops and the ledger's use.

``scenario_run.run_scenario`` types the inputs (``inputs``), takes the scenario's run lock in the run log
(``locks``: name and batch, so copies and PCs sharing a log never run one batch at once), opens the run and builds the :class:`~rpa_core.running.context.RunContext` the actions receive; ``interpreter`` walks the
steps and applies the shared modifiers, ``runners`` runs each construct, ``loops`` runs ``for_each`` (with the
ledger for item loops), ``outcomes`` maps what a step raised to a status and holds the one retry loop, and
``recorder`` is the only place a step or item gets a status. ``secrets`` masks what must never be written.
"""
