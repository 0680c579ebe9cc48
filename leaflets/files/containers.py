"""Read Office containers (.pptx, .potx, later .docx) that a partner organisation supplies.

Such a file is hostile until shown otherwise: a zip can declare a small member that inflates
to gigabytes, hold thousands of members, or carry XML that expands entities or fetches a URL.
Everything is checked against fixed limits before and while it is read, through a bounded
reader, so nothing ever inflates past them in memory.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree
from msgspec import Struct

MiB = 1024 * 1024


class Limits(Struct, frozen=True):
    """What one container may hold. The defaults fit the largest real templates we know of."""

    archive_bytes: int = 64 * MiB  # the file itself
    members: int = 2000
    member_bytes: int = 32 * MiB  # one member, uncompressed
    total_bytes: int = 128 * MiB  # all members, uncompressed
    ratio: int = 100  # uncompressed / compressed, for members over ratio_floor
    ratio_floor: int = 1 * MiB


LIMITS = Limits()
_CHUNK = 1 * MiB


class UnsafeContainer(ValueError):
    """The file is not a readable, reasonable zip container; the message says why in plain words."""


def read_members(path: Path, limits: Limits = LIMITS) -> dict[str, bytes]:
    """Every member of the zip at ``path`` by name, or UnsafeContainer naming the first problem."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnsafeContainer(f"cannot be read ({exc.strerror})") from None
    if size > limits.archive_bytes:
        raise UnsafeContainer(f"is {size / MiB:.0f} MiB; the limit is {limits.archive_bytes // MiB} MiB")
    try:
        with zipfile.ZipFile(path) as archive:
            return _read_all(archive, limits)
    except zipfile.BadZipFile as exc:
        if "not a zip file" in str(exc):
            raise UnsafeContainer("is damaged or not an Office file: it cannot be read as a zip archive") from None
        raise UnsafeContainer(f"is damaged ({exc})") from None
    except (OSError, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        if isinstance(exc, UnsafeContainer):
            raise
        raise UnsafeContainer(f"is damaged and cannot be read ({exc})") from None


def _read_all(archive: zipfile.ZipFile, limits: Limits) -> dict[str, bytes]:
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise UnsafeContainer(f"holds {len(infos)} files; the limit is {limits.members}")
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise UnsafeContainer("holds two files of the same name")
    declared = sum(info.file_size for info in infos)
    if declared > limits.total_bytes:
        raise UnsafeContainer(f"unpacks to {declared // MiB} MiB; the limit is {limits.total_bytes // MiB} MiB")
    members: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeContainer(f"{info.filename} is encrypted")
        _check_declared(info, limits)
        data = _read_bounded(archive, info, min(limits.member_bytes, limits.total_bytes - total))
        total += len(data)
        members[info.filename] = data
    return members


def _check_declared(info: zipfile.ZipInfo, limits: Limits) -> None:
    if info.file_size > limits.member_bytes:
        raise UnsafeContainer(
            f"{info.filename} unpacks to {info.file_size // MiB} MiB; the limit is {limits.member_bytes // MiB} MiB"
        )
    if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(info.compress_size, 1):
        raise UnsafeContainer(
            f"{info.filename} is compressed {info.file_size // max(info.compress_size, 1)} times "
            f"(a zip bomb?); the limit is {limits.ratio}"
        )


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Read one member in chunks, never holding more than ``budget`` bytes of it, whatever its
    header claims."""
    parts, got = [], 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            got += len(chunk)
            if got > budget or got > info.file_size:
                raise UnsafeContainer(f"{info.filename} unpacks to more than it declares or than the limits allow")
            parts.append(chunk)
    return b"".join(parts)


_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)")
_PROLOG = 64 * 1024  # a DTD comes before the root element; the parser below catches any other
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def check_xml(name: str, data: bytes) -> None:
    """Refuse XML that is malformed or declares a DTD: Office files never do, and a DTD is how
    entity bombs and external entities (local files, URLs) get in. Parsed with entities and
    network off, within libxml2's default size limits."""
    if _DECLARATIONS.search(data[:_PROLOG]):
        raise UnsafeContainer(f"{name} declares a DTD or entities, which Office files never do")
    try:
        tree = etree.fromstring(data, XML_PARSER).getroottree()
    except etree.XMLSyntaxError as exc:
        raise UnsafeContainer(f"{name} is not well-formed XML ({exc.msg})") from None
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise UnsafeContainer(f"{name} declares a DTD or entities, which Office files never do")
