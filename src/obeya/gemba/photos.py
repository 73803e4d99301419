"""Turn an uploaded photo into the JPEG Obeya keeps: checked, upright, at most 1600 px, no
metadata (no GPS position, no camera serial number leaves the phone with it)."""

from __future__ import annotations

import io
import warnings
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_SIDE_PX = 1600
JPEG_QUALITY = 85
MAX_PIXELS = 80_000_000  # a 80 MP photo is already beyond any phone's camera

_NOT_AN_IMAGE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


def _name(upload: Any) -> str:
    return PurePath(getattr(upload, "name", "") or "photo").name


def photo_prepare(upload: IO[bytes]) -> ContentFile:
    """Validate an uploaded file as an image and re-encode it; raise a ValidationError naming
    the file when it is too large or not an image Pillow can read."""
    name = _name(upload)
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(max)s MB: take a smaller photo or reduce it first.")
            % {"name": name, "max": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError(name)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("“%(name)s” has too many pixels to be a photo.") % {"name": name}, code="too_large"
        ) from exc
    except _NOT_AN_IMAGE as exc:
        raise ValidationError(
            _("“%(name)s” is not an image we can read (JPEG, PNG, WebP, GIF...).") % {"name": name},
            code="not_an_image",
        ) from exc
    data = reencode(image)
    stem = slugify(PurePath(name).stem)[:60] or "photo"
    return ContentFile(data, name=f"{stem}.jpg")


def reencode(image: Image.Image) -> bytes:
    """Upright (EXIF orientation applied), at most MAX_SIDE_PX on the long side, flattened on
    white, JPEG quality 85, with no EXIF, ICC or comment left."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    else:
        image = image.convert("RGB")
    image.thumbnail((MAX_SIDE_PX, MAX_SIDE_PX), Image.Resampling.LANCZOS)
    clean = Image.new("RGB", image.size)
    clean.paste(image)  # a fresh image carries none of the original's metadata
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()
