"""``leaflets approve``: a clinician's sign-off of exactly the text they reviewed.

The sign-off goes into the register (who, role, when, the hash of the text), and the topic file
gets ``status: approved`` and the version that was approved, so the change is one small diff a
team can review in git. Only a topic that could be printed may be signed off: it needs a code,
sources and a next review date within three years of the sign-off.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

from leaflets.editorial.register import SignOff, find_register, open_register
from leaflets.errors import Diagnostic, LeafletsError


def approve(path: Path, name: str, by: str, role: str, on: _dt.date) -> tuple[str, str, Path]:
    """Record the sign-off of the topic at ``path``; return its code, version and the register's path."""
    from leaflets.checks.governance import MAX_REVIEW_YEARS, years_after
    from leaflets.content.source import set_top_level
    from leaflets.content.topic import load_topic
    from leaflets.editorial.register import approved_elsewhere
    from leaflets.errors import display

    topic = load_topic(path, name)
    problems = []
    for label, value in (("--by", by), ("--role", role)):
        if not value.strip() or any(ord(ch) < 32 for ch in value):
            problems.append(f"{label} must be a name on one line")
    if topic.translation:
        problems.append(
            "a translation stands where its source stands: approve the source; a qualified translator"
            " sets translation_status: reviewed"
        )
    if not topic.code or not topic.version:
        problems.append("needs a code and a version before it can be signed off")
    if not topic.sources:
        problems.append("needs its sources before it can be signed off")
    if topic.next_review is None or not on < topic.next_review <= years_after(on, MAX_REVIEW_YEARS):
        problems.append(f"needs a next_review after {on} and at most {MAX_REVIEW_YEARS} years later")
    if topic.code and (other := approved_elsewhere(topic.code, path)):
        problems.append(f"{topic.code!r} is also the code of {other}: give this topic its own code")
    if problems:
        raise LeafletsError([Diagnostic(name, None, "", p) for p in problems])
    assert topic.code and topic.version
    register = open_register(find_register(path))
    relative = Path(path).resolve().relative_to(register.folder.resolve()).as_posix()
    register.approve(topic.code, topic.version, SignOff(topic.content_hash, by.strip(), role.strip(), on, relative))
    register.save()
    set_top_level(path, "version", json.dumps(topic.version), before=("owner", "next_review", "sources", "blocks"))
    set_top_level(path, "status", "approved", before=("code", "version"))
    return topic.code, topic.version, Path(display(register.path))
