"""Content checks that ``leaflets check`` runs after validation: readability, plain language,
medical terms, governance and alt text. Each module registers its checks with ``@check``;
a check reads the composed leaflet document and returns findings, it never changes anything.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import pkgutil
from collections.abc import Callable
from functools import cache
from typing import Any

from msgspec import Struct, field

from leaflets.content.glossary import Glossary
from leaflets.content.topic import Topic
from leaflets.document.nodes import Document, Node, Origin
from leaflets.errors import Diagnostic


class CheckContext(Struct):
    """What every check reads about one topic, and how a finding becomes a diagnostic."""

    topic: Topic
    doc: Document  # the leaflet version: every block but deck-only ones
    glossary: Glossary | None
    today: _dt.date
    metrics: dict[str, Any] = field(default_factory=dict)  # scores worth reporting, e.g. reading ease

    def warn(self, origin: Origin | None, message: str, level: str = "warning") -> Diagnostic:
        where = origin or Origin(self.topic.file)
        return Diagnostic(where.file or self.topic.file, where.line, "", message, level)

    def nodes(self) -> list[Node]:
        return [n for s in self.doc.sections for n in ([s.heading] if s.heading else []) + list(s.nodes)]


Check = Callable[[CheckContext], list[Diagnostic]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[name] = fn
        return fn

    return register


def run_checks(ctx: CheckContext) -> list[Diagnostic]:
    _register_all()
    found: list[Diagnostic] = []
    for fn in sorted(CHECKS.values(), key=lambda fn: fn.__module__):  # by module, whatever came in first
        found += fn(ctx)
    return found


@cache
def _register_all() -> None:
    """Import every check module (each registers its checks) when checks first run, not with this
    package: a build, which needs only the governance rules, imports only them."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
