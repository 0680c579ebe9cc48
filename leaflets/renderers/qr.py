"""QR codes: the module matrix from reportlab's encoder, drawn as a picture for decks and as
vector squares in the PDF (a reportlab Drawing would set an unembedded Helvetica font)."""

from __future__ import annotations

import io
from functools import lru_cache

#: Modules of white border the QR standard asks for around the code.
QUIET_ZONE = 4


@lru_cache(maxsize=64)
def qr_modules(url: str) -> tuple[tuple[bool, ...], ...]:
    """Rows of dark (True) and light modules, error correction level M; cached, as a page
    budget or an even page count can lay a leaflet out twice and the encoder is slow."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    return tuple(tuple(bool(dark) for dark in row) for row in code.modules)


def qr_png(url: str, module_px: int = 12) -> bytes:
    """A black-on-white PNG of the QR code for ``url``, with the quiet zone."""
    from PIL import Image

    modules = qr_modules(url)
    side = len(modules) + 2 * QUIET_ZONE
    img = Image.new("1", (side, side), 1)
    pixels = img.load()
    assert pixels is not None  # a new image is always loaded
    for r, row in enumerate(modules):
        for c, dark in enumerate(row):
            if dark:
                pixels[c + QUIET_ZONE, r + QUIET_ZONE] = 0
    img = img.resize((side * module_px, side * module_px), Image.Resampling.NEAREST)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
