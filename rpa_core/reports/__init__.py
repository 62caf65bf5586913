"""Time-saved reports in the Hanamaki format: ``savings`` (the model and arithmetic), ``table`` (the terminal
table), ``export`` (.xlsx with a chart, HTML), ``rows`` (one row of the report). The queries are in
``rpa_core.store.report_queries``.
"""
