"""Render `waystation.svg` into the PNG sizes, the Windows .ico and the macOS .icns.

Run after changing the SVG: `python packaging/icons/render_icons.py`. The PNGs
are laid out as a freedesktop `hicolor` theme named by the app id, ready to copy
into `share/icons/`. Qt's SVG renderer draws each size; Pillow (installed with
reportlab) packs the multi-size .ico and .icns.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6 import QtCore, QtGui, QtSvg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from project_meta import app_id  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
SOURCE = HERE / "waystation.svg"


def png_path(size: int) -> Path:
    """Where the PNG of one size is kept."""
    return HERE / "hicolor" / f"{size}x{size}" / "apps" / f"{app_id()}.png"


def render(renderer: QtSvg.QSvgRenderer, size: int) -> bytes:
    """The SVG drawn at `size` x `size` pixels, as PNG bytes."""
    image = QtGui.QImage(size, size, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QtCore.QRectF(0, 0, size, size))
    painter.end()
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def main() -> int:
    """Write every icon file; returns the exit code."""
    app = QtGui.QGuiApplication.instance() or QtGui.QGuiApplication(sys.argv[:1])
    renderer = QtSvg.QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"cannot read {SOURCE}", file=sys.stderr)
        return 1
    images: dict[int, Image.Image] = {}
    for size in SIZES:
        data = render(renderer, size)
        target = png_path(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        images[size] = Image.open(io.BytesIO(data)).convert("RGBA")
    # Each size drawn by Qt rather than downscaled by Pillow: small sizes stay crisp.
    largest = images[256]
    largest.save(
        HERE / "waystation.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != 256],
    )
    images[512].save(HERE / "waystation.icns", format="ICNS")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
