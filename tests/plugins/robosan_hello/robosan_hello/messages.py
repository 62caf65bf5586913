"""The catalogue of robosan-hello, named by its ``robosan.messages`` entry point."""

MESSAGES: dict[str, tuple[str, str]] = {
    "hello.said": ("こんにちは、{name}さん(robosan-hello)", "Hello, {name} (robosan-hello)"),
}
