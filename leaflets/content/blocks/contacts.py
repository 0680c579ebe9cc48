"""Who to call: label, phone number and opening hours."""

from __future__ import annotations

from typing import Any

from leaflets.content.blocks import BlockContext, block
from leaflets.content.source import Path_
from leaflets.document.nodes import Contact, ContactList, Node


def parse_contacts(ctx: BlockContext, path: Path_, value: Any) -> tuple[Contact, ...] | None:
    """Contacts in a topic block or a brand file."""
    if not isinstance(value, list) or not value:
        ctx.reader.error(path, "expected a non-empty list of contacts (label, phone, hours)")
        return None
    out = []
    for i, item in enumerate(value):
        fields = ctx.reader.mapping(path + (i,), item, ("label", "phone", "hours"), required=("label",))
        if fields is None:
            continue
        label = ctx.inline(path + (i, "label"), fields.get("label"))
        phone = ctx.inline(path + (i, "phone"), fields.get("phone"), required=False)
        hours = ctx.inline(path + (i, "hours"), fields.get("hours"), required=False)
        if label:
            out.append(Contact(label=label, phone=phone, hours=hours))
    return tuple(out) if len(out) == len(value) else None


@block(
    "contacts",
    "Phone numbers to call, with opening hours.",
    "- contacts:\n    - label: Macmillan Support Line\n      phone: 0808 808 00 00\n      hours: 8am to 8pm, 7 days",
)
def contacts(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    entries = parse_contacts(ctx, path, value)
    return (ContactList(entries=entries, origin=ctx.origin(path)),) if entries else None
