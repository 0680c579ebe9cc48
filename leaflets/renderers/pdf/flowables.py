"""reportlab flowables for the leaflet's own shapes: the title band and the urgent icon."""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Image

from leaflets.brand.logo import LogoChoice


class TitleBand(Flowable):
    """The brand band across the top of page one: title, subtitle and logo on the brand colour.

    It is a flowable, not page decoration, so a long title makes the band taller instead of
    being cut; the colour runs out to the page edges beyond the frame.
    """

    def __init__(
        self,
        title: Flowable,
        subtitle: Flowable | None,
        logo: LogoChoice | None,
        fill: Color,
        bleed: tuple[float, float, float],
        logo_box: tuple[float, float],
        rtl: bool = False,
    ) -> None:
        super().__init__()
        self.rtl = rtl  # right to left: the logo at the left, the title from the right
        self.title, self.subtitle, self.logo, self.fill = title, subtitle, logo, fill
        self.left_bleed, self.right_bleed, self.top_bleed = bleed
        self.logo_w, self.logo_h = logo_box
        self.pad = 14.0
        self.plate = 0.0  # room around the logo for its white plate, when it needs one
        self.image: Image | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        text_width = avail_width
        if self.logo:
            self.plate = self.logo_h * 0.18 if self.logo.plate else 0.0
            w, h = self.logo_w - 2 * self.plate, self.logo_h - 2 * self.plate
            self.image = Image(str(self.logo.path), width=w, height=h, kind="proportional")
            self.image.wrap(w, h)
            text_width -= self.image.drawWidth + 2 * self.plate + self.pad
        self._th = self.title.wrap(text_width, avail_height)[1]
        self._sh = self.subtitle.wrap(text_width, avail_height)[1] + 6 if self.subtitle else 0
        logo_h = self.image.drawHeight + 2 * self.plate if self.image else 0
        self.width = avail_width
        self.height = max(self._th + self._sh, logo_h) + 2 * self.pad
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(self.fill)
        c.rect(
            -self.left_bleed,
            0,
            self.width + self.left_bleed + self.right_bleed,
            self.height + self.top_bleed,
            stroke=0,
            fill=1,
        )
        c.restoreState()
        y = self.height - self.pad - self._th
        text_x = self.image.drawWidth + 2 * self.plate + self.pad if self.image and self.rtl else 0
        self.title.drawOn(c, text_x, y)
        if self.subtitle:
            self.subtitle.drawOn(c, text_x, y - self._sh)
        if self.image:
            w, h = self.image.drawWidth + 2 * self.plate, self.image.drawHeight + 2 * self.plate
            x, top = (0 if self.rtl else self.width - w), self.height - self.pad
            if self.plate:  # a white plate, so a logo with too little contrast on the band still shows
                c.saveState()
                c.setFillColorRGB(1, 1, 1)
                c.roundRect(x, top - h, w, h, self.plate, stroke=0, fill=1)
                c.restoreState()
            self.image.drawOn(c, x + self.plate, top - h + self.plate)


class WarningIcon(Flowable):
    """A warning triangle with an exclamation mark, so urgency never rests on colour alone."""

    def __init__(self, size: float, color: Color, mark: Color | None = None) -> None:
        super().__init__()
        self.size, self.color, self.mark = size, color, mark
        self.width = self.height = size

    def draw(self) -> None:
        c, s = self.canv, self.size
        c.saveState()
        c.setFillColor(self.color)
        path = c.beginPath()
        path.moveTo(s / 2, s)
        path.lineTo(s, s * 0.08)
        path.lineTo(0, s * 0.08)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
        if self.mark is None:
            c.setFillColorRGB(1, 1, 1)
        else:
            c.setFillColor(self.mark)
        c.rect(s * 0.45, s * 0.38, s * 0.1, s * 0.38, stroke=0, fill=1)
        c.rect(s * 0.45, s * 0.18, s * 0.1, s * 0.1, stroke=0, fill=1)
        c.restoreState()


class QRFlowable(Flowable):
    """A QR code drawn as black squares, quiet zone included, ``size`` points square."""

    def __init__(self, url: str, size: float) -> None:
        super().__init__()
        from leaflets.renderers.qr import QUIET_ZONE, qr_modules

        self.modules, self.quiet = qr_modules(url), QUIET_ZONE
        self.width = self.height = size

    def draw(self) -> None:
        c = self.canv
        count = len(self.modules) + 2 * self.quiet
        unit = self.width / count
        c.saveState()
        c.setFillColorRGB(1, 1, 1)
        c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        for r, row in enumerate(self.modules):
            y = self.height - (r + self.quiet + 1) * unit
            for col, dark in enumerate(row):
                if dark:
                    c.rect((col + self.quiet) * unit, y, unit, unit, stroke=0, fill=1)
        c.restoreState()


class ListItem(Flowable):
    """One list item: its bullet or number beside its text, which may run onto the next page.

    reportlab's ListFlowable draws the bullet itself, out of reach of tagging; here the label
    and the body are separate flowables, so each can be marked (``Lbl`` and ``LBody``).
    """

    def __init__(self, label: Flowable | None, body: Flowable, indent: float, rtl: bool = False) -> None:
        super().__init__()
        self.label, self.body, self.indent, self.rtl = label, body, indent, rtl

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.body.wrap(avail_width - self.indent, avail_height)[1]
        if self.label is not None:
            self._lh = self.label.wrap(self.indent, avail_height)[1]
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = self.body.split(avail_width - self.indent, avail_height)
        return [ListItem(self.label if i == 0 else None, p, self.indent, self.rtl) for i, p in enumerate(parts)]

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        return float(self.body.getSpaceAfter())

    def draw(self) -> None:
        # right to left, the bullet or number stands at the right edge and the text to its left
        if self.label is not None:
            self.label.drawOn(self.canv, self.width - self.indent if self.rtl else 0, self.height - self._lh)
        self.body.drawOn(self.canv, 0 if self.rtl else self.indent, 0)
