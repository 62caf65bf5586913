"""robosan-hello: a plug-in made only of what ``rpa_core.api`` offers."""
