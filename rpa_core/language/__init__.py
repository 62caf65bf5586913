"""The scenario language: what a clerk writes, and every check made before anything runs.

``loader`` reads YAML and stamps each mapping with file:line:col; ``parser`` turns it into the frozen
``model`` (a :class:`~rpa_core.language.model.Scenario`), one ``constructs`` unit per step kind;
``expressions`` is the sandboxed Jinja2 environment and ``filters`` its Japanese data filters;
``explain`` and ``json_schema`` describe a scenario to people and editors. This layer imports neither the
runtime (``rpa_core.running``) nor the run log (``rpa_core.store``). Entry points for callers:
``rpa_core.load_scenario`` and ``rpa_core.validate_scenario``.
"""
