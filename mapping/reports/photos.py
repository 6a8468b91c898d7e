"""Citizen photos: judge an upload by its content, read its GPS, re-encode it without any metadata.

The rules (issues 4 and 12): at most ``MAX_PHOTOS`` photos, each at most ``MAX_BYTES``; JPEG, PNG, WebP
or HEIC as the decoder recognises them (the file name and the browser's content type are never trusted);
at most ``PIXEL_LIMITS[format]`` pixels: ``MAX_PIXELS`` for a JPEG, which is decoded straight at 1/2, 1/4
or 1/8 of its size, and less for the formats that must be decoded in full; stored as a JPEG whose longest
side is at most ``MAX_SIDE`` and that carries no metadata at all (no EXIF, GPS, XMP, ICC profile or
comment). GPS coordinates found in an upload are only returned, in ``PhotoInfo.gps``, so the form can offer
them as a suggestion the citizen confirms.

Two steps, so that no upload holds a web worker for long (issue 12): ``sniff`` is all a request does (it
reads the headers, never a pixel); ``reencode`` is the task worker's (``mapping.reports.pending``), and
``inspect`` is ``sniff`` plus a full decode, for checking a file outright.

Every refusal is a ``PhotoError`` (a ``ValidationError``) with one of these codes:

- ``too_many_photos``: more than ``MAX_PHOTOS`` files;
- ``too_large``: more than ``MAX_BYTES`` bytes;
- ``not_an_image``: not a JPEG, PNG, WebP or HEIC image (text, SVG, PDF, GIF, garbage named .jpg, …);
- ``too_many_pixels``: more pixels than its format's limit, decompression bombs included;
- ``damaged``: the header reads but the pixel data does not (a truncated or corrupt file). ``sniff``
  catches a JPEG, PNG or WebP cut short (its end is missing); the rest shows only when decoding;
- ``over_budget``: the photos of one submission together cost more than ``SUBMISSION_PIXEL_BUDGET``
  pixels to decode (issue 16), each counted as ``decoded_pixels`` says.

Pillow's ``ImageFile.LOAD_TRUNCATED_IMAGES`` must stay False, or truncated files would be accepted as
half-grey photos; ``inspect`` refuses to run otherwise.
"""

from __future__ import annotations

import io
import math
import os
import warnings
from dataclasses import dataclass

import pillow_heif
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from PIL import Image, ImageCms, ImageFile, ImageOps

pillow_heif.register_heif_opener()

MAX_PHOTOS = 5
MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 2048
# A JPEG of 40 MP is decoded at half its size (10 MP) at most: ~0.4 s and ~70 MB in the worker.
MAX_PIXELS = 40_000_000
# PNG and HEIC are decoded in full: 25 MP (a 24 MP phone photo) stays within ~1.7 s and ~250 MB, RGBA
# PNG included. Pillow's WebP decoder needs about 15 bytes a pixel: 16 MP is ~250 MB.
MAX_FULL_DECODE_PIXELS = 25_000_000
MAX_WEBP_PIXELS = 16_000_000
# Formats as Pillow names them; pillow-heif reports "HEIF" for .heic files.
PIXEL_LIMITS = {
    "JPEG": MAX_PIXELS,
    "PNG": MAX_FULL_DECODE_PIXELS,
    "HEIF": MAX_FULL_DECODE_PIXELS,
    "WEBP": MAX_WEBP_PIXELS,
}
ALLOWED_FORMATS = set(PIXEL_LIMITS)
# What one submission's photos may cost the task worker to decode, in pixels: a JPEG counts at the reduced
# size it is decoded at (`decoded_pixels`), the other formats in full. Five 12-megapixel phone photos (in
# full) cost 60 million, five of 48 megapixels (at 1/2) as much; five PNGs at their 25-million limit would
# cost 125 million, seconds of CPU, and are refused.
SUBMISSION_PIXEL_BUDGET = 64_000_000
# Pillow opens a JPEG that carries a Multi-Picture index (many phone cameras write one) as "MPO".
FORMAT_ALIASES = {"MPO": "JPEG"}
JPEG_QUALITY = 85

GPS_IFD = 0x8825
ORIENTATION_TAG = 0x0112
# What Pillow's JPEG reader reports for a plain JFIF file: no personal data in these.
HARMLESS_INFO_KEYS = {
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "dpi",
    "progressive",
    "progression",
}

MESSAGES = {
    "too_many_photos": ngettext_lazy(
        "Attach at most %(max)d photo.",
        "Attach at most %(max)d photos.",
        "max",
    ),
    "too_large": _("“%(name)s” is larger than %(max_mb)d MB. Send a smaller photo."),
    "not_an_image": _("“%(name)s” is not a photo we can read. Send a JPEG, PNG, WebP or HEIC image."),
    "too_many_pixels": _(
        "“%(name)s” has more than %(max_mp)d megapixels. Send a smaller photo, or a screenshot of it."
    ),
    "damaged": _("“%(name)s” is damaged or incomplete. Send the photo again, or choose another one."),
    "over_budget": _(
        "Together, these photos are too large for us to process: %(total_mp)d megapixels, and at most "
        "%(budget_mp)d are allowed in one report. Send fewer photos, or smaller ones."
    ),
}

_LIMITS = {
    "max": MAX_PHOTOS,
    "max_mb": MAX_BYTES // (1024 * 1024),
    "max_mp": MAX_PIXELS // 1_000_000,
    "budget_mp": SUBMISSION_PIXEL_BUDGET // 1_000_000,
}


class PhotoError(ValidationError):
    """A photo the portal refuses; ``code`` is one of ``MESSAGES``' keys, the message names the file."""

    def __init__(self, code: str, name: str = "", max_pixels: int = MAX_PIXELS, total_pixels: int = 0):
        params = {
            "name": name,
            **_LIMITS,
            "max_mp": max_pixels // 1_000_000,
            "total_mp": math.ceil(total_pixels / 1_000_000),
        }
        super().__init__(MESSAGES[code], code=code, params=params)


@dataclass(frozen=True)
class PhotoInfo:
    """A photo's format and size, and the GPS position (latitude, longitude) its upload carried.

    From ``inspect``: the upload as sent (size as stored in the file, before any EXIF rotation).
    From ``reencode``: the JPEG to store (upright, scaled down), with the upload's GPS.
    """

    format: str
    width: int
    height: int
    gps: tuple[float, float] | None = None


def validate_photos(files) -> None:
    """Refuse more than ``MAX_PHOTOS`` files (empty file inputs do not count)."""
    if len([file for file in files if file]) > MAX_PHOTOS:
        raise PhotoError("too_many_photos")


def decoded_pixels(info: PhotoInfo) -> int:
    """How many pixels the task worker decodes for a photo: a JPEG at the smallest of 1/8, 1/4, 1/2 of its
    size that still covers the stored photo (what ``img.draft`` picks), any other format in full."""
    width, height = info.width, info.height
    if info.format == "JPEG":
        target_width, target_height = _fitted((width, height))
        ratio = min(width // target_width, height // target_height)
        scale = next((scale for scale in (8, 4, 2) if scale <= ratio), 1)
        return math.ceil(width / scale) * math.ceil(height / scale)
    return width * height


def validate_budget(infos) -> None:
    """Refuse a submission whose photos together cost more than ``SUBMISSION_PIXEL_BUDGET`` to decode."""
    total = sum(decoded_pixels(info) for info in infos)
    if total > SUBMISSION_PIXEL_BUDGET:
        raise PhotoError("over_budget", total_pixels=total)


def sniff(uploaded_file) -> PhotoInfo:
    """What a request may do with an upload: its size, format, pixel count, GPS and whether its end is
    there, from its headers alone; raise ``PhotoError`` if it fails a rule. No pixel is decoded."""
    img, info = _open_header(uploaded_file)
    try:
        if not _looks_complete(img, info.format, uploaded_file):
            raise PhotoError("damaged", _display_name(uploaded_file))
    finally:
        img.close()
    return info


def inspect(uploaded_file) -> PhotoInfo:
    """Check one upload against every rule, decoding it; return what it is or raise ``PhotoError``."""
    img, info = _open_checked(uploaded_file)
    img.close()
    return info


def reencode(uploaded_file) -> tuple[bytes, PhotoInfo]:
    """The upload as JPEG bytes without metadata, upright, longest side at most ``MAX_SIDE``; and its info.

    The ``PhotoInfo`` describes the stored JPEG (format "JPEG", its width and height) and carries the
    upload's GPS coordinates as the place suggestion; the JPEG itself has none.
    """
    img, info = _open_checked(uploaded_file)
    try:
        icc_profile = img.info.get("icc_profile")
        work = _working_mode(img)
        work.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        ImageOps.exif_transpose(work, in_place=True)
        work = _to_srgb(work, icc_profile)
        clean = _flatten(work)
    finally:
        img.close()
    out = io.BytesIO()
    # `clean` is a new image: its `info` is empty, so no EXIF, ICC, XMP or comment can be written.
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue(), PhotoInfo(format="JPEG", width=clean.width, height=clean.height, gps=info.gps)


def strip_check(data: bytes) -> dict:
    """What metadata is left in encoded image bytes: empty collections everywhere when clean."""
    with Image.open(io.BytesIO(data)) as img:
        exif = img.getexif()
        return {
            "format": img.format,
            "size": img.size,
            "exif": dict(exif),
            "gps": dict(exif.get_ifd(GPS_IFD)),
            "info": {key: img.info[key] for key in img.info if key not in HARMLESS_INFO_KEYS},
            # JPEG application segments other than the JFIF header (APP1 EXIF/XMP, APP2 ICC, APP13 IPTC …).
            "app_markers": [marker for marker, _content in getattr(img, "applist", []) if marker != "APP0"],
        }


def _open_header(uploaded_file) -> tuple[Image.Image, PhotoInfo]:
    """The upload opened (its header read, no pixel decoded) and checked against every rule but decoding."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise ImproperlyConfigured(
            "PIL.ImageFile.LOAD_TRUNCATED_IMAGES must be False to refuse damaged photos."
        )
    name = _display_name(uploaded_file)
    size = _byte_size(uploaded_file)
    if size > MAX_BYTES:
        raise PhotoError("too_large", name)
    if size == 0:
        raise PhotoError("not_an_image", name)
    uploaded_file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only these decoders may look at the bytes: nothing else parses hostile input.
            img = Image.open(_KeepOpen(uploaded_file), formats=sorted(ALLOWED_FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError("too_many_pixels", name) from None
    except Exception:  # Pillow's parsers raise many kinds of errors on hostile input; all mean "unreadable".
        # libwebp refuses a WebP cut short when opening it: say what it is.
        raise PhotoError("damaged" if _webp_cut_short(uploaded_file) else "not_an_image", name) from None
    try:
        image_format = FORMAT_ALIASES.get(img.format, img.format)
        if image_format not in ALLOWED_FORMATS:
            raise PhotoError("not_an_image", name)
        width, height = img.size
        # Image.open has read the header only: refuse before decoding a single pixel.
        if width * height > PIXEL_LIMITS[image_format]:
            raise PhotoError("too_many_pixels", name, PIXEL_LIMITS[image_format])
        gps = _gps(img)
    except BaseException:
        img.close()
        raise
    return img, PhotoInfo(format=image_format, width=width, height=height, gps=gps)


def _open_checked(uploaded_file) -> tuple[Image.Image, PhotoInfo]:
    """The upload opened, checked and decoded (a JPEG at the smallest scale that still covers the output)."""
    img, info = _open_header(uploaded_file)
    try:
        name = _display_name(uploaded_file)
        # A JPEG is decoded straight at the smallest scale (1/2, 1/4, 1/8) that still covers the output.
        img.draft("RGB", _fitted((info.width, info.height)))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                img.load()
        except Exception:  # "image file is truncated", "broken data stream", decoder errors …
            raise PhotoError("damaged", name) from None
    except BaseException:
        img.close()
        raise
    return img, info


def _looks_complete(img: Image.Image, image_format: str, uploaded_file) -> bool:
    """Whether the file's end is there, from its bytes: a JPEG's end-of-image marker after its scan data,
    a PNG's IEND chunk after its image data, a WebP as long as its RIFF header says. HEIC: not checked."""
    if image_format == "HEIF":
        return True
    uploaded_file.seek(0)
    data = uploaded_file.read()
    if image_format == "WEBP":
        return not _webp_cut_short(io.BytesIO(data))
    if image_format == "PNG":
        return data.rfind(b"IEND", img.tile[0][2] if img.tile else 0) != -1
    # The scan data never holds FF D9 (an FF there is always followed by 00); an EXIF thumbnail's
    # end-of-image marker comes before the scan, and a phone may append data after the real one.
    return data.rfind(b"\xff\xd9", _jpeg_scan_start(data)) != -1


def _jpeg_scan_start(data: bytes) -> int:
    """Where a JPEG's first scan (SOS) starts: the segments before it are skipped by their lengths."""
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:
            return position
        if marker == 0xFF:  # fill byte
            position += 1
        elif marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            position += 2
        else:
            position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return position


def _webp_cut_short(uploaded_file) -> bool:
    uploaded_file.seek(0)
    header = uploaded_file.read(12)
    if header[:4] != b"RIFF" or header[8:12] != b"WEBP":
        return False
    return _byte_size(uploaded_file) < 8 + int.from_bytes(header[4:8], "little")


class _KeepOpen:
    """The upload as Pillow reads it: closing the image (which closes its file) leaves the upload open, to
    be stored as it came."""

    def __init__(self, file):
        self._file = file

    def read(self, *args):
        return self._file.read(*args)

    def seek(self, *args):
        return self._file.seek(*args)

    def tell(self):
        return self._file.tell()

    def close(self):
        pass


def _display_name(uploaded_file) -> str:
    return os.path.basename(str(getattr(uploaded_file, "name", None) or "")) or str(_("photo"))


def _byte_size(uploaded_file) -> int:
    size = getattr(uploaded_file, "size", None)
    if size is not None:
        return size
    position = uploaded_file.tell()
    size = uploaded_file.seek(0, os.SEEK_END)
    uploaded_file.seek(position)
    return size


def _fitted(size: tuple[int, int]) -> tuple[int, int]:
    """``size`` shrunk (never enlarged) to fit a ``MAX_SIDE`` square, keeping its proportions."""
    width, height = size
    scale = min(1.0, MAX_SIDE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _gps(img: Image.Image) -> tuple[float, float] | None:
    """(latitude, longitude) in decimal degrees from the EXIF GPS IFD; None when absent or malformed."""
    if not img.info.get("exif"):
        # Only EXIF read with the header: a PNG's getexif() would decode the whole image to look further.
        return None
    try:
        gps = img.getexif().get_ifd(GPS_IFD)
        latitude = _degrees(gps.get(2), gps.get(1), "N", "S", 90)
        longitude = _degrees(gps.get(4), gps.get(3), "E", "W", 180)
    except Exception:  # Malformed EXIF is common and harmless here: the photo just has no suggestion.
        return None
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        return None
    return latitude, longitude


def _degrees(value, ref, positive: str, negative: str, limit: float) -> float | None:
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "ignore")
    ref = (ref or "").strip("\x00 ").upper()
    if ref not in (positive, negative) or value is None:
        return None
    parts = list(value) if isinstance(value, (tuple, list)) else [value]
    if not 1 <= len(parts) <= 3:
        return None
    degrees = sum(float(part) / 60**index for index, part in enumerate(parts))
    if not math.isfinite(degrees) or not 0 <= degrees <= limit or any(float(part) < 0 for part in parts):
        return None
    return round(-degrees if ref == negative else degrees, 6)


def _working_mode(img: Image.Image) -> Image.Image:
    """An image in RGB, RGBA, L or CMYK (what resizing, colour management and flattening handle)."""
    if img.mode in ("RGB", "RGBA", "L", "CMYK"):
        return img
    if img.mode.startswith("I") or img.mode == "F":
        # 16-bit greyscale PNG: scale to 8 bits rather than clip everything above 255 to white.
        return img.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if img.mode in ("LA", "La", "PA", "RGBa") or "transparency" in img.info:
        return img.convert("RGBA")
    return img.convert("RGB")


def _to_srgb(img: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Apply the upload's colour profile, so colours survive dropping it; unchanged if it cannot be used."""
    if not icc_profile:
        return img
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        output_mode = "RGBA" if img.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(img, source, ImageCms.createProfile("sRGB"), outputMode=output_mode)
    except Exception:  # A broken or mismatched profile (e.g. RGB profile on greyscale): keep raw values.
        return img


def _flatten(img: Image.Image) -> Image.Image:
    """A brand-new RGB image with ``img``'s pixels (transparency over white) and no metadata."""
    clean = Image.new("RGB", img.size, (255, 255, 255))
    if img.mode == "RGBA":
        clean.paste(img, mask=img.getchannel("A"))
    else:
        clean.paste(img if img.mode == "RGB" else img.convert("RGB"))
    return clean
