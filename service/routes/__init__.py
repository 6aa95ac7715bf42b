"""Routes: one thin controller per resource. A handler fetches, then hands over to `represent`."""

from typing import TypeAlias

from litestar.di import NamedDependency
from litestar.params import SkipValidation

from service.settings import Settings
from service.store import ArticleStore

StoreDependency: TypeAlias = NamedDependency[SkipValidation[ArticleStore]]
"""The store, injected by name. Not validated: the app provides it, and checking it against a runtime
Protocol on every request cost a tenth of a millisecond."""
SettingsDependency: TypeAlias = NamedDependency[SkipValidation[Settings]]
