"""The catalogue of robosan-hello, named by its ``robosan.messages`` entry point."""

MESSAGES: dict[str, tuple[str, str]] = {
    "hello.no_name": ("あいさつする相手の名前が空です。", "The name to greet is empty."),
    "hello.no_name.hint": ("name: に名前を書いてください。", "Write a name in name:."),
    "hello.said": ("こんにちは、{name}さん(robosan-hello)", "Hello, {name} (robosan-hello)"),
}
