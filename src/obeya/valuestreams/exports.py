"""A map's files: its text (YAML) and its drawing as SVG, PNG and PDF.

The SVG comes from `obeya.core.vsm_draw.draw_svg`; PNG and PDF are rendered from it by
vl-convert (resvg inside, no browser and no system library), in the request: a map renders in
well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import vl_convert as vlc
from django.utils.text import slugify

from obeya.core import vsm as core
from obeya.valuestreams.drawing import draw

PNG_SCALE = 2.0  # twice the drawing's size: sharp on a slide or a printed A3


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    extension: str


FORMATS = {
    "yaml": ("application/yaml; charset=utf-8", "yaml"),
    "svg": ("image/svg+xml", "svg"),
    "png": ("image/png", "png"),
    "pdf": ("application/pdf", "pdf"),
}


def svg_to_png(svg: str, *, scale: float = PNG_SCALE) -> bytes:
    return vlc.svg_to_png(svg, scale=scale)


def svg_to_pdf(svg: str) -> bytes:
    return vlc.svg_to_pdf(svg)


def export_filename(name: str, extension: str) -> str:
    """ "Ligne L2 — état actuel" -> "ligne-l2-etat-actuel.yaml"."""
    return f"{slugify(name)[:80] or 'value-stream'}.{extension}"


def export_value_stream(source: str, fmt: str) -> Export:
    """The map in `fmt` ("yaml", "svg", "png" or "pdf"). The text is exported as stored, with
    its comments; the drawing is made from it."""
    content_type, extension = FORMATS[fmt]
    if fmt == "yaml":
        return Export(source.encode("utf-8"), content_type, extension)
    vs = core.load_value_stream(source)
    svg = draw(vs, core.compute_metrics(vs))
    if fmt == "svg":
        content = svg.encode("utf-8")
    elif fmt == "png":
        content = svg_to_png(svg)
    else:
        content = svg_to_pdf(svg)
    return Export(content, content_type, extension)
