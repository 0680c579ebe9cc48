"""PDF outputs drawn with reportlab: leaflets in every print layout, slides, handouts, review packs."""

import sys


def _without_reportlab_shaping() -> None:
    """Import reportlab's TrueType module without HarfBuzz (about 13 ms of processor time).

    reportlab imports uharfbuzz for its own shaping, which is off unless a style asks for it
    and which no style here does: complex scripts are shaped by ``shaping.py``, which imports
    uharfbuzz itself, only when a text needs it, and then hands it to reportlab, which draws
    shaped glyphs at their positions only when it has it (``rl_private.draw_glyph_positions``)."""
    if "reportlab.pdfbase.ttfonts" in sys.modules or "uharfbuzz" in sys.modules:
        return
    sys.modules["uharfbuzz"] = None  # type: ignore[assignment]  # makes ``import uharfbuzz`` fail
    try:
        import reportlab.pdfbase.ttfonts  # noqa: F401
    finally:
        del sys.modules["uharfbuzz"]


_without_reportlab_shaping()
