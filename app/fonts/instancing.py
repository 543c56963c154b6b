"""Static instances of variable fonts, made with fontTools' instancer.

reportlab embeds only static TrueType fonts, and a fixed Regular and Bold is
all the app draws with.
"""

from __future__ import annotations

import io
from pathlib import Path

# style -> weight axis value; width stays normal (100).
STYLES: dict[str, int] = {"Regular": 400, "Bold": 700}


def instantiate(variable_font: Path, style: str) -> bytes:
    """A static instance of `variable_font` at the weight of `style`, as TrueType bytes."""
    # Imported here: fontTools' instancer takes a quarter of a second to import, and
    # the app only needs it when the generated fonts are missing.
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    weight = STYLES[style]
    font = TTFont(variable_font)
    axes = {axis.axisTag: axis for axis in font["fvar"].axes}
    location: dict[str, float] = {}
    if "wght" in axes:
        location["wght"] = min(max(weight, axes["wght"].minValue), axes["wght"].maxValue)
    if "wdth" in axes:
        location["wdth"] = min(max(100, axes["wdth"].minValue), axes["wdth"].maxValue)
    static = instancer.instantiateVariableFont(font, location, updateFontNames=True)
    buffer = io.BytesIO()
    static.save(buffer)
    return buffer.getvalue()
