"""Routes: one thin controller per resource. A handler fetches, then hands over to `represent`."""

from typing import TypeAlias, cast

from litestar import Request
from litestar.di import NamedDependency
from litestar.params import SkipValidation

from service.http.writes import GroupCommit
from service.settings import Settings
from service.store import ArticleStore

StoreDependency: TypeAlias = NamedDependency[SkipValidation[ArticleStore]]
"""The store, injected by name. Not validated: the app provides it, and checking it against a runtime
Protocol on every request cost more than the rest of a hot read."""


def settings_of(request: Request) -> Settings:  # type: ignore[type-arg]
    """The app's settings, kept in its state rather than injected beside the store: Litestar resolves two
    injected values in a task group of their own, on every request."""
    return cast(Settings, request.app.state.settings)


def writes_of(request: Request) -> GroupCommit:  # type: ignore[type-arg]
    """The app's one queue of writes (service/writes.py): every request's write goes through it."""
    return cast(GroupCommit, request.app.state.writes)
