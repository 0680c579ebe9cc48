"""QR codes as pixels, for outputs that need a picture (decks); the PDF draws them as vectors."""

from __future__ import annotations

import io


def qr_png(url: str, module_px: int = 12, border: int = 4) -> bytes:
    """A black-on-white PNG of the QR code for ``url``, with the standard quiet zone."""
    from PIL import Image
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    count = code.getModuleCount()
    side = count + 2 * border
    img = Image.new("1", (side, side), 1)
    pixels = img.load()
    for r, row in enumerate(code.modules):
        for c, dark in enumerate(row):
            if dark:
                pixels[c + border, r + border] = 0
    img = img.resize((side * module_px, side * module_px), Image.NEAREST)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
