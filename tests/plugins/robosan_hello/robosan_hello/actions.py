"""The ``hello.*`` actions and their ``settings: {hello: {...}}`` model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from rpa_core.api import ActionContext, ActionError, action


class HelloSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    greeting: str = "こんにちは"


SETTINGS = HelloSettings


@action("hello.greet", summary="あいさつの文を作る", summary_en="Make a greeting")
def greet(ctx: ActionContext, *, name: str, times: int = 1) -> str:
    if not name.strip():
        raise ActionError("hello.no_name")  # text and hint from the plug-in's own catalogue, ja and en
    settings = ctx.settings.get("hello") or HelloSettings()
    words = " ".join([f"{settings.greeting}、{name}さん"] * times)
    ctx.log(words)
    return words
