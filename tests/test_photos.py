"""Citizen photos (issue 4): hostile uploads refused with a clear message, accepted ones stored clean."""

import io
import os
import struct
import zlib

import pillow_heif
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageCms, ImageFile

from mapping.reports import photos
from mapping.reports.photos import (
    MAX_SIDE,
    PhotoError,
    PhotoInfo,
    inspect,
    reencode,
    sniff,
    strip_check,
    validate_photos,
)

pillow_heif.register_heif_opener()

SECRET = "Ivanov I.I., Koktem-2 12"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="53,17.0N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def gps_exif(lat=(53, 17, 0), lat_ref="N", lon=(69, 23, 0), lon_ref="E", orientation=None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = SECRET  # Software, standing for any identifying tag
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = lat_ref  # GPSLatitudeRef
    gps[2] = tuple(float(part) for part in lat)  # GPSLatitude, written as rationals
    gps[3] = lon_ref  # GPSLongitudeRef
    gps[4] = tuple(float(part) for part in lon)  # GPSLongitude
    return exif


def two_colour(size=(300, 200), mode="RGB") -> Image.Image:
    """Left half red, right half blue: shows which way an image was turned."""
    img = Image.new(mode, size, "blue")
    img.paste("red", (0, 0, size[0] // 2, size[1]))
    return img


def encode(img: Image.Image, format: str = "JPEG", **params) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=format, **params)
    return buf.getvalue()


def gradient(size) -> Image.Image:
    """A photo-like image (smooth colour changes) that JPEG compresses realistically."""
    width, height = size
    red = Image.linear_gradient("L").resize(size)
    green = Image.linear_gradient("L").rotate(90).resize(size)
    blue = Image.radial_gradient("L").resize(size)
    return Image.merge("RGB", (red, green, blue)).resize((width, height))


def png_claiming(width: int, height: int) -> bytes:
    """A small valid PNG whose header is patched to claim ``width`` x ``height`` (CRC recomputed)."""
    data = bytearray(encode(Image.new("RGB", (16, 16), "green"), "PNG"))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small baseline JPEG whose frame header is patched to claim ``width`` x ``height``."""
    data = bytearray(encode(Image.new("RGB", (16, 16), "green")))
    start = data.index(b"\xff\xc0")  # SOF0: marker, length, precision, height, width
    data[start + 5 : start + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def webp_claiming(width: int, height: int) -> bytes:
    """A small lossy WebP whose VP8 frame header is patched to claim ``width`` x ``height``."""
    data = bytearray(encode(Image.new("RGB", (16, 16), "green"), "WEBP"))
    start = data.index(b"\x9d\x01\x2a")  # the VP8 key frame's start code, then width and height
    data[start + 3 : start + 7] = struct.pack("<HH", width, height)
    return bytes(data)


def refusal(file, check=inspect) -> ValidationError:
    with pytest.raises(PhotoError) as caught:
        check(file)
    return caught.value


def assert_no_metadata(data: bytes) -> None:
    left = strip_check(data)
    assert left["format"] == "JPEG"
    assert left["exif"] == {}
    assert left["gps"] == {}
    assert left["info"] == {}
    assert left["app_markers"] == []
    for trace in (
        b"Exif\x00\x00",
        b"ICC_PROFILE",
        b"http://ns.adobe.com/xap/1.0/",
        b"xmpmeta",
        SECRET.encode(),
    ):
        assert trace not in data


# Accepted uploads


def test_gps_is_read_as_a_suggestion_and_no_tag_survives_in_the_stored_file():
    original = encode(
        two_colour(),
        exif=gps_exif(orientation=6),
        comment=SECRET.encode(),
        xmp=XMP,
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    # The checker sees everything the phone wrote, so its empty answer below means something.
    before = strip_check(original)
    assert before["exif"][0x0112] == 6
    assert before["gps"][1] == "N"
    assert {"comment", "icc_profile", "xmp"} <= set(before["info"])
    assert {"APP1", "APP2"} <= set(before["app_markers"])

    info = inspect(upload(original))
    assert info.format == "JPEG"
    assert (info.width, info.height) == (300, 200)
    assert info.gps == pytest.approx((53.283333, 69.383333), abs=1e-5)

    data, stored_info = reencode(upload(original))
    # The info of the stored photo: its own size, the upload's GPS as the place suggestion.
    assert stored_info == PhotoInfo("JPEG", 200, 300, info.gps)
    assert_no_metadata(data)
    with Image.open(io.BytesIO(data)) as stored:
        # Orientation 6 (turn 90° clockwise to view) is applied: the image stands up, the left half on top.
        assert stored.size == (200, 300)
        top, bottom = stored.convert("RGB").getpixel((100, 20)), stored.convert("RGB").getpixel((100, 280))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


@pytest.mark.parametrize(
    ("lat", "lat_ref", "lon", "lon_ref", "expected"),
    [
        ((53, 17, 0), "N", (69, 23, 0), "E", (53.283333, 69.383333)),
        ((33, 52, 4.8), "S", (151, 12, 36), "E", (-33.868, 151.21)),
        ((40, 42, 46), "N", (74, 0, 21.6), "W", (40.712778, -74.006)),
    ],
)
def test_gps_references_give_the_sign(lat, lat_ref, lon, lon_ref, expected):
    info = inspect(upload(encode(Image.new("RGB", (8, 8)), exif=gps_exif(lat, lat_ref, lon, lon_ref))))
    assert info.gps == pytest.approx(expected, abs=1e-5)


def test_malformed_or_missing_gps_is_ignored_silently():
    no_ref = gps_exif()
    del no_ref.get_ifd(0x8825)[1]
    out_of_range = gps_exif(lat=(95, 0, 0))
    null_island = gps_exif(lat=(0, 0, 0), lon=(0, 0, 0))
    for exif in (no_ref, out_of_range, null_island, Image.Exif()):
        assert inspect(upload(encode(Image.new("RGB", (8, 8)), exif=exif))).gps is None
    assert inspect(upload(encode(Image.new("RGB", (8, 8))))).gps is None


def test_large_png_with_alpha_becomes_a_jpeg_within_the_size_limit_on_white():
    img = Image.new("RGBA", (4000, 3000), (0, 0, 0, 0))  # fully transparent…
    img.paste((0, 128, 0, 255), (0, 0, 2000, 3000))  # …but for an opaque green left half
    assert inspect(upload(encode(img, "PNG"), "scan.png", "image/png")) == PhotoInfo("PNG", 4000, 3000, None)
    data, info = reencode(upload(encode(img, "PNG"), "scan.png", "image/png"))
    assert info == PhotoInfo("JPEG", MAX_SIDE, 1536, None)
    assert_no_metadata(data)
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (MAX_SIDE, 1536)
        stored = stored.convert("RGB")
        assert stored.getpixel((1800, 700)) == pytest.approx((255, 255, 255), abs=3)
        assert stored.getpixel((200, 700)) == pytest.approx((0, 128, 0), abs=6)


def test_large_jpeg_is_scaled_down_to_the_longest_side():
    original = encode(gradient((5000, 3000)), quality=90)
    assert (inspect(upload(original)).width, inspect(upload(original)).height) == (5000, 3000)
    data, info = reencode(upload(original))
    assert (info.width, info.height) == (MAX_SIDE, 1229)
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.size == (MAX_SIDE, 1229)


def test_small_photo_is_not_enlarged():
    data, _info = reencode(upload(encode(Image.new("RGB", (640, 480), "gray"))))
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.size == (640, 480)


def test_webp_is_accepted_and_converted():
    original = encode(two_colour(mode="RGBA"), "WEBP", exif=gps_exif(), xmp=XMP)
    info = inspect(upload(original, "photo.webp", "image/webp"))
    assert info.format == "WEBP"
    assert info.gps == pytest.approx((53.283333, 69.383333), abs=1e-5)
    data, _info = reencode(upload(original, "photo.webp", "image/webp"))
    assert_no_metadata(data)


def test_heic_is_accepted_its_gps_read_and_converted_to_a_clean_jpeg():
    original = encode(two_colour((320, 240)), "HEIF", exif=gps_exif().tobytes(), quality=80)
    info = inspect(upload(original, "IMG_0001.HEIC", "image/heic"))
    assert info.format == "HEIF"
    assert (info.width, info.height) == (320, 240)
    assert info.gps == pytest.approx((53.283333, 69.383333), abs=1e-5)
    data, stored_info = reencode(upload(original, "IMG_0001.HEIC", "image/heic"))
    assert stored_info == PhotoInfo("JPEG", 320, 240, info.gps)
    assert_no_metadata(data)
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.size == (320, 240)


def test_multi_picture_jpeg_from_a_phone_camera_is_a_jpeg():
    original = encode(two_colour(), "MPO", save_all=True, append_images=[Image.new("RGB", (60, 40))])
    assert Image.open(io.BytesIO(original)).format == "MPO"
    assert inspect(upload(original)).format == "JPEG"
    data, _info = reencode(upload(original))
    assert_no_metadata(data)


@pytest.mark.parametrize(
    "img",
    [
        Image.new("I;16", (40, 30), 32768),  # 16-bit greyscale PNG
        Image.new("L", (40, 30), 128),
        Image.new("LA", (40, 30), (128, 255)),
        Image.new("P", (40, 30), 3),
        Image.new("1", (40, 30), 1),
    ],
    ids=lambda img: img.mode,
)
def test_png_modes_all_come_out_as_rgb(img):
    data, _info = reencode(upload(encode(img, "PNG"), "photo.png"))
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.mode == "RGB"
        assert stored.size == (40, 30)


def test_palette_png_transparency_is_flattened_on_white():
    img = Image.new("P", (40, 30), 0)
    img.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    img.paste(1, (20, 0, 40, 30))
    data, _info = reencode(upload(encode(img, "PNG", transparency=0), "photo.png"))
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.getpixel((5, 15)) == pytest.approx((255, 255, 255), abs=3)
        assert stored.getpixel((35, 15)) == pytest.approx((255, 0, 0), abs=6)


def test_cmyk_jpeg_is_converted_to_rgb():
    data, _info = reencode(upload(encode(Image.new("CMYK", (40, 30), (0, 255, 255, 0)))))
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.mode == "RGB"
        assert stored.getpixel((20, 15))[0] > 200


def test_name_and_content_type_are_not_trusted():
    png = encode(Image.new("RGB", (20, 20)), "PNG")
    assert inspect(upload(png, "holiday.gif", "application/pdf")).format == "PNG"


def test_a_plain_file_object_without_size_or_name_is_accepted():
    info = inspect(io.BytesIO(encode(Image.new("RGB", (20, 10)))))
    assert (info.format, info.width, info.height) == ("JPEG", 20, 10)


def test_truncated_images_are_never_loaded_silently():
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


# Refused uploads


def test_non_image_named_jpg_is_refused_with_a_clear_message():
    error = refusal(upload(b"not an image, just some text\n" * 40, "photo.jpg"))
    assert error.code == "not_an_image"
    assert error.messages == ["“photo.jpg” is not a photo we can read. Send a JPEG, PNG, WebP or HEIC image."]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("map.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'),
        ("photo.jpg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("photo.jpg", b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"),
        ("photo.gif", encode(Image.new("RGB", (10, 10)), "GIF")),
        ("photo.bmp", encode(Image.new("RGB", (10, 10)), "BMP")),
        ("photo.tiff", encode(Image.new("RGB", (10, 10)), "TIFF")),
        ("empty.jpg", b""),
        ("photo.jpg", b"\xff\xd8\xff"),  # a JPEG signature and nothing else
    ],
    ids=["svg", "svg-named-jpg", "pdf", "gif", "bmp", "tiff", "empty", "jpeg-signature-only"],
)
def test_other_content_is_not_an_image(name, data):
    assert refusal(upload(data, name)).code == "not_an_image"


def test_truncated_jpeg_is_refused_as_damaged():
    whole = encode(gradient((800, 600)), quality=90)
    error = refusal(upload(whole[: len(whole) // 2], "IMG_1234.jpg"))
    assert error.code == "damaged"
    assert error.messages == [
        "“IMG_1234.jpg” is damaged or incomplete. Send the photo again, or choose another one."
    ]


def test_truncated_png_is_refused_as_damaged():
    whole = encode(gradient((400, 300)), "PNG")
    assert refusal(upload(whole[: len(whole) // 2], "photo.png")).code == "damaged"


@pytest.mark.parametrize(
    ("width", "height", "limit"),
    [(30000, 30000, 40), (10000, 10000, 40), (10000, 6000, 25), (5000, 5001, 25)],
    ids=["bomb-900MP-pillow-error", "bomb-100MP-pillow-warning", "60MP-our-limit", "25MP-png-limit"],
)
@pytest.mark.parametrize("check", [inspect, sniff])
def test_too_many_pixels_refused_before_decoding(width, height, limit, check):
    # The PNG data is 16x16: had the pixels been decoded, the refusal would say "damaged".
    error = refusal(upload(png_claiming(width, height), "huge.png"), check)
    assert error.code == "too_many_pixels"
    assert error.messages == [
        f"“huge.png” has more than {limit} megapixels. Send a smaller photo, or a screenshot of it."
    ]


def test_forty_megapixels_is_the_limit_of_a_jpeg_which_is_decoded_at_reduced_size():
    assert refusal(upload(jpeg_claiming(8000, 5001)), sniff).code == "too_many_pixels"
    assert refusal(upload(jpeg_claiming(8000, 5001))).code == "too_many_pixels"
    assert sniff(upload(jpeg_claiming(8000, 5000))) == PhotoInfo("JPEG", 8000, 5000, None)


def test_formats_decoded_in_full_have_lower_limits():
    assert photos.PIXEL_LIMITS == {
        "JPEG": 40_000_000,
        "PNG": 25_000_000,
        "HEIF": 25_000_000,
        "WEBP": 16_000_000,
    }
    # Exactly 25 MP passes the pixel check, and only then fails on the missing pixel data.
    assert refusal(upload(png_claiming(5000, 5000))).code == "damaged"
    assert sniff(upload(png_claiming(5000, 5000))).width == 5000
    error = refusal(upload(webp_claiming(4000, 4001), "huge.webp"), sniff)
    assert error.code == "too_many_pixels"
    assert error.messages == [
        "“huge.webp” has more than 16 megapixels. Send a smaller photo, or a screenshot of it."
    ]
    assert sniff(upload(webp_claiming(4000, 4000), "big.webp")).format == "WEBP"


def test_eleven_megabyte_file_is_refused_by_its_size():
    error = refusal(upload(os.urandom(11 * 1024 * 1024), "big.jpg"))
    assert error.code == "too_large"
    assert error.messages == ["“big.jpg” is larger than 10 MB. Send a smaller photo."]


def test_size_is_checked_without_reading_the_file():
    class Huge:
        name = "big.jpg"
        size = 11 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("read")

        seek = tell = read

    assert refusal(Huge()).code == "too_large"


def test_ten_megabytes_exactly_is_allowed_in_size():
    padded = encode(Image.new("RGB", (20, 20)))
    padded += b"\0" * (photos.MAX_BYTES - len(padded))  # bytes after the end-of-image marker are ignored
    assert inspect(upload(padded)).format == "JPEG"


def test_six_photos_are_refused_five_are_fine():
    files = [upload(encode(Image.new("RGB", (8, 8))), f"p{number}.jpg") for number in range(6)]
    validate_photos(files[:5])
    validate_photos(files[:5] + [None])  # an empty file input does not count
    with pytest.raises(PhotoError) as caught:
        validate_photos(files)
    assert caught.value.code == "too_many_photos"
    assert caught.value.messages == ["Attach at most 5 photos."]


def test_photo_error_is_a_validation_error_forms_can_add():
    error = refusal(upload(b"nope", "<img src=x onerror=alert(1)>.jpg"))
    assert isinstance(error, ValidationError)
    # The name is kept as given: escaping is the template's job.
    assert error.messages[0].startswith("“<img src=x onerror=alert(1)>.jpg”")


# What a request does: `sniff` reads headers, never pixels (issue 12)


@pytest.mark.parametrize(
    ("name", "data", "info"),
    [
        ("IMG_0001.jpg", encode(two_colour(), exif=gps_exif()), ("JPEG", 300, 200, True)),
        ("scan.png", encode(two_colour(mode="RGBA"), "PNG"), ("PNG", 300, 200, False)),
        ("photo.webp", encode(two_colour(), "WEBP", exif=gps_exif()), ("WEBP", 300, 200, True)),
        ("IMG_0002.HEIC", encode(two_colour(), "HEIF", exif=gps_exif().tobytes()), ("HEIF", 300, 200, True)),
    ],
    ids=["jpeg", "png", "webp", "heic"],
)
def test_sniff_reads_format_size_and_gps_without_decoding_and_leaves_the_upload_whole(
    no_decoding, name, data, info
):
    file = upload(data, name)
    found = sniff(file)
    assert (found.format, found.width, found.height, found.gps is not None) == info
    # The upload stays open, to be stored as it came.
    file.seek(0)
    assert file.read() == data


def png_chunks(data: bytes) -> list[bytes]:
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunks.append(data[position : position + 12 + length])
        position += 12 + length
    return chunks


def test_sniff_reads_a_png_s_exif_only_when_it_comes_before_the_pixels(no_decoding):
    data = encode(Image.new("RGB", (20, 20)), "PNG", exif=gps_exif())
    assert sniff(upload(data, "photo.png")).gps is not None
    # eXIf after IDAT: Pillow's getexif() would decode the whole image to reach it; sniff does without.
    chunks = png_chunks(data)
    exif = next(chunk for chunk in chunks if chunk[4:8] == b"eXIf")
    chunks.remove(exif)
    late = data[:8] + b"".join(chunks[:-1]) + exif + chunks[-1]
    assert sniff(upload(late, "photo.png")).gps is None


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("IMG_1234.jpg", encode(gradient((800, 600)), quality=90)),
        ("photo.png", encode(gradient((400, 300)), "PNG")),
        ("photo.webp", encode(gradient((400, 300)), "WEBP")),
    ],
    ids=["jpeg", "png", "webp"],
)
def test_sniff_refuses_a_file_cut_short_as_damaged(no_decoding, name, data):
    error = refusal(upload(data[: len(data) * 3 // 4], name), sniff)
    assert error.code == "damaged"
    assert error.messages == [
        f"“{name}” is damaged or incomplete. Send the photo again, or choose another one."
    ]


def test_sniff_accepts_a_jpeg_with_an_exif_thumbnail_and_data_after_its_end(no_decoding):
    exif = gps_exif()
    exif[0x0201] = 0  # a thumbnail's own end-of-image marker inside the EXIF block must not count
    data = encode(gradient((400, 300)), exif=exif.tobytes() + encode(Image.new("RGB", (8, 8))))
    assert sniff(upload(data + b"SEFH trailer a phone appends")).format == "JPEG"
    cut = data[: len(data) * 3 // 4]
    assert refusal(upload(cut), sniff).code == "damaged"


def test_sniff_refuses_what_inspect_refuses_by_its_header(no_decoding):
    assert refusal(upload(b"not an image" * 40, "photo.jpg"), sniff).code == "not_an_image"
    assert (
        refusal(upload(encode(Image.new("RGB", (10, 10)), "GIF"), "photo.gif"), sniff).code == "not_an_image"
    )
    assert refusal(upload(os.urandom(11 * 1024 * 1024), "big.jpg"), sniff).code == "too_large"
