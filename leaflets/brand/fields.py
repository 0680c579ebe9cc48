"""What ``leaflets.yml`` may set, as a table of field specs: each key's kind, what it does and
how it is read. The same table checks brand files, lists the keys a derived brand's CSV may
fill, and writes the README's table of brand keys, so code and documentation cannot drift."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field
from msgspec.structs import replace

from leaflets.brand.color import RGB, parse_color
from leaflets.content.blocks import BlockContext
from leaflets.content.blocks.contacts import parse_contacts
from leaflets.content.schema import Reader
from leaflets.files.confined import UnsafeFile, inside

if TYPE_CHECKING:
    from leaflets.brand.brand import Brand

CALLOUT_COLORS = {"urgent": "#B00020", "info": "#1F5FA8", "tip": "#2E6B30"}
#: What a brand may say again in another language (``languages: {ar: {...}}``).
LANGUAGE_KEYS = ("footer", "disclaimer", "helpline", "helpline_number", "urgent_advice", "contacts")
#: Kinds a derived brand's CSV cell can hold (one line of text).
ONE_LINE = ("text", "web address", "file")


class Overlay(Struct):
    """A brand being overlaid with its ``leaflets.yml``: what changed so far, and its placeholders."""

    brand: Brand
    reader: Reader
    changes: dict[str, Any] = field(default_factory=dict)
    placeholders: dict[str, str] = field(default_factory=dict)

    def current(self, name: str) -> Any:
        return self.changes.get(name, getattr(self.brand, name))


class Field(Struct, frozen=True):
    """One key a brand file may set: what it takes and means (for the documentation), and how it changes the brand."""

    key: str
    kind: str  # for the documentation: text, web address, file, mapping, list
    doc: str
    apply: Callable[[Overlay, Any], None] | None  # None: read before the others (``extends``)


def _text(key: str, attribute: str = "") -> Callable[[Overlay, Any], None]:
    def apply(o: Overlay, value: Any) -> None:
        if text := o.reader.text((key,), value, required=True):
            o.changes[attribute or key] = text

    return apply


def _country(o: Overlay, value: Any) -> None:
    if code := o.reader.country(("country",), value):
        o.changes["country"] = code


def _url(key: str) -> Callable[[Overlay, Any], None]:
    def apply(o: Overlay, value: Any) -> None:
        o.changes[key] = o.reader.url((key,), value)

    return apply


def _placeholder(key: str) -> Callable[[Overlay, Any], None]:
    def apply(o: Overlay, value: Any) -> None:
        if text := o.reader.text((key,), value, required=True):
            o.placeholders[key] = text

    return apply


def _web(o: Overlay, value: Any) -> None:
    web = o.reader.mapping(("web",), value, ("base_url",)) or {}
    if "base_url" in web and (url := o.reader.url(("web", "base_url"), web["base_url"])):
        if not url.startswith(("https://", "http://")):
            o.reader.error(("web", "base_url"), f"{url!r} must be a web address (https://...)")
        o.changes["web_base_url"] = url if url.endswith("/") else url + "/"


def _placeholders(o: Overlay, value: Any) -> None:
    names = list(value) if isinstance(value, dict) else []
    for key, text in (o.reader.mapping(("placeholders",), value, names) or {}).items():
        o.placeholders[key] = o.reader.text(("placeholders", key), text, required=True) or ""


def _contacts(o: Overlay, value: Any) -> None:
    o.changes["contacts"] = parse_contacts(BlockContext(o.reader, o.brand.folder), ("contacts",), value) or ()


def _logo(o: Overlay, value: Any) -> None:
    from leaflets.brand.brand_yml import logo_file

    problems: list[str] = []
    o.changes["logo"] = logo_file(o.brand.folder, str(value), problems.append)
    o.changes["logos"] = ()  # leaflets.yml names one logo: no variants
    for message in problems:
        o.reader.error(("logo",), message.removeprefix("logo: ").replace("; the brand is used without a logo", ""))


def _callout_colors(o: Overlay, value: Any) -> None:
    colors = dict(o.brand.callout_colors)
    for key, given in (o.reader.mapping(("callout_colors",), value, tuple(CALLOUT_COLORS)) or {}).items():
        rgb = parse_color(str(given))
        if rgb is None:
            o.reader.error(("callout_colors", key), f"{given!r} is not a colour")
        else:
            colors[key] = rgb
    o.changes["callout_colors"] = colors


def _cmyk(o: Overlay, value: Any) -> None:
    roles = ("primary", "secondary", "foreground", "background", *CALLOUT_COLORS)
    cmyk = dict(o.brand.cmyk)
    for role, given in (o.reader.mapping(("cmyk",), value, roles) or {}).items():
        if not (
            isinstance(given, list)
            and len(given) == 4
            and all(isinstance(v, (int, float)) and 0 <= v <= 100 for v in given)
        ):
            o.reader.error(("cmyk", role), f"expected four numbers from 0 to 100 (C, M, Y, K), got {given!r}")
            continue
        rgb: RGB = getattr(o.brand, role, None) or o.current("callout_colors")[role]
        cyan, magenta, yellow, black = (float(v) for v in given)
        cmyk[rgb] = (cyan, magenta, yellow, black)
    o.changes["cmyk"] = cmyk


def _languages(o: Overlay, value: Any) -> None:
    languages = dict(o.brand.languages)
    tags = list(value) if isinstance(value, dict) else []
    for tag, texts in (o.reader.mapping(("languages",), value, tags) or {}).items():
        entry: dict[str, Any] = {}
        for key, given in (o.reader.mapping(("languages", tag), texts, LANGUAGE_KEYS) or {}).items():
            path = ("languages", tag, key)
            if key == "contacts":
                entry[key] = parse_contacts(BlockContext(o.reader, o.brand.folder), path, given) or ()
            else:
                entry[key] = o.reader.text(path, given, required=True) or ""
        languages[str(tag)] = entry
    o.changes["languages"] = languages


def _deck(o: Overlay, value: Any) -> None:
    deck = o.reader.mapping(("deck",), value, ("template",)) or {}
    if not deck.get("template"):
        return
    try:
        template = inside(o.brand.folder, str(deck["template"]))
    except UnsafeFile as exc:
        o.reader.error(("deck", "template"), str(exc))
        return
    if template.suffix.lower() not in (".pptx", ".potx") or not template.is_file():
        o.reader.error(("deck", "template"), f"{deck['template']!r} is not a .pptx or .potx file in {o.brand.folder}")
    o.changes["deck_template"] = template


FIELDS: tuple[Field, ...] = (
    Field(
        "extends",
        "text",
        "the brand to inherit from (a sibling folder or a shipped brand, by name); default: `default`",
        None,
    ),
    Field(
        "organisation",
        "text",
        "the organisation's name, printed and filled in for `{organisation}`",
        _text("organisation", "name"),
    ),
    Field("footer", "text", "the line at the foot of every page", _text("footer")),
    Field(
        "website",
        "web address",
        'printed after "Published by" on the back page; a talk\'s closing slide has its QR code',
        _url("website"),
    ),
    Field(
        "country",
        "text",
        "two-letter country code: blocks with another `region:` are left out; US and CA handouts print on Letter",
        _country,
    ),
    Field(
        "helpline", "text", "fills `{helpline}`: how a reader reaches the helpline, in words", _placeholder("helpline")
    ),
    Field("helpline_number", "text", "fills `{helpline_number}`", _placeholder("helpline_number")),
    Field("emergency", "text", "fills `{emergency}`: the emergency number (999, 911, 112)", _placeholder("emergency")),
    Field(
        "urgent_advice",
        "text",
        "fills `{urgent_advice}`: where to get urgent advice (NHS 111...)",
        _placeholder("urgent_advice"),
    ),
    Field("placeholders", "mapping", "more `{name}` values a topic may use", _placeholders),
    Field("contacts", "list", "contacts (label, phone, hours) printed on every leaflet", _contacts),
    Field("disclaimer", "text", "the back page's disclaimer (a plain default is given)", _text("disclaimer")),
    Field("logo", "file", "one logo file in the brand folder (variants go in `_brand.yml`)", _logo),
    Field("logo_alt", "text", "the logo's alt text (default: ORGANISATION logo)", _text("logo_alt")),
    Field("deck", "mapping", "`template: FILE.pptx`: the organisation's PowerPoint template for decks", _deck),
    Field(
        "feedback_url",
        "web address",
        "where readers can say what they think: a QR code to it, naming the leaflet's code and version",
        _url("feedback_url"),
    ),
    Field(
        "web",
        "mapping",
        "`base_url: https://...`: where the web pages live; leaflets then carry a QR code to theirs",
        _web,
    ),
    Field(
        "callout_colors", "mapping", "`urgent`, `info`, `tip` box colours (each checked for contrast)", _callout_colors
    ),
    Field("cmyk", "mapping", "print values (C, M, Y, K, 0-100) for brand and box colours, for print-ready PDFs", _cmyk),
    Field(
        "languages",
        "mapping",
        f"per language tag, the brand's text in that language: {', '.join(LANGUAGE_KEYS)}",
        _languages,
    ),
)
KEYS = tuple(f.key for f in FIELDS)


def apply_fields(brand: Brand, given: dict[str, Any], reader: Reader) -> Brand:
    """Overlay what ``leaflets.yml`` sets, in the table's order; problems go to ``reader``."""
    overlay = Overlay(brand, reader, placeholders=dict(brand.placeholders))
    for spec in FIELDS:
        if spec.key in given and spec.apply is not None:
            spec.apply(overlay, given[spec.key])
        if spec.key == "organisation":  # {organisation} is the name, unless ``placeholders`` says otherwise
            overlay.placeholders["organisation"] = overlay.current("name")
    return replace(brand, **overlay.changes, placeholders=overlay.placeholders)


def keys_table() -> str:
    """The README's table of ``leaflets.yml`` keys."""
    rows = [f"| `{f.key}` | {f.kind} | {f.doc} |" for f in FIELDS]
    return "\n".join(["| key | kind | what it does |", "|---|---|---|", *rows])
