"""robosan's scenario language and runtime."""
