"""Pictures for the demo content, drawn with Pillow so that the demo needs no download and no licence.

Each picture is stored as a Wagtail image in the demo collection and found again by its title,
so running the demo loader twice never duplicates an image. The collection's name, the titles and the
footer of a cover are in `data/images.yaml`.
"""

import io
import random
from pathlib import Path

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection

from portal.demo.datafiles import load_yaml

DATA = Path(__file__).parent
SIZE = (1600, 900)
DARK = (0, 62, 76)
TEAL = (0, 88, 107)
YELLOW = (242, 183, 5)
WHITE = (255, 255, 255)

# DejaVu and Liberation cover Cyrillic including the Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і);
# Pillow's built-in font does not, so it is only the last resort.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
)


def load_font(size):
    """A bold TrueType font of the given size that can write Russian and Kazakh."""
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def wrap_text(draw, text, font, max_width):
    """Split text into lines no wider than max_width pixels."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=font) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def fit_text(draw, text, max_width, max_height, sizes=(84, 76, 68, 60, 54, 48, 42)):
    """The largest font size at which the wrapped text fits the box, with its lines."""
    for size in sizes:
        font = load_font(size)
        lines = wrap_text(draw, text, font, max_width)
        if len(lines) * size * 1.25 <= max_height:
            return font, lines
    font = load_font(sizes[-1])
    return font, wrap_text(draw, text, font, max_width)


def gradient(size, start, end):
    """A diagonal gradient from start to end colour."""
    width, height = size
    small = Image.new("RGB", (64, 36))
    pixels = small.load()
    for x in range(64):
        for y in range(36):
            t = (x / 63 + y / 35) / 2
            pixels[x, y] = tuple(round(a + (b - a) * t) for a, b in zip(start, end, strict=True))
    return small.resize((width, height), Image.Resampling.BICUBIC)


def draw_cover(title, kicker, seed, footer):
    """A briefing cover: gradient, yellow circles and a bar, the kicker and the title in white."""
    rng = random.Random(seed)
    image = gradient(SIZE, DARK, TEAL)
    overlay = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    shapes = ImageDraw.Draw(overlay)
    for _ in range(3):
        radius = rng.randint(160, 320)
        cx, cy = rng.randint(1250, 1700), rng.randint(-100, 1000)
        shapes.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius), outline=YELLOW + (150,), width=14
        )
    for _ in range(5):
        r = rng.randint(14, 34)
        cx, cy = rng.randint(1000, 1550), rng.randint(80, 820)
        shapes.ellipse((cx - r, cy - r, cx + r, cy + r), fill=WHITE + (60,))
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 120, 260, 136), fill=YELLOW)
    draw.text((100, 160), kicker.upper(), font=load_font(40), fill=YELLOW)
    font, lines = fit_text(draw, title, max_width=1100, max_height=520)
    y = 250
    for line in lines:
        draw.text((100, y), line, font=font, fill=WHITE)
        y += round(font.size * 1.25)
    draw.text((100, 800), footer, font=load_font(34), fill=WHITE)
    return image


def draw_map(caption, seed, pins=7):
    """A stylised map: a street grid, a river, yellow pins over the objects visited, and a caption."""
    rng = random.Random(seed)
    image = Image.new("RGB", SIZE, (232, 240, 241))
    draw = ImageDraw.Draw(image)
    for x in range(0, SIZE[0], 120):
        draw.line(
            (x + rng.randint(-20, 20), 0, x + rng.randint(-20, 20), SIZE[1]), fill=(200, 214, 217), width=6
        )
    for y in range(0, SIZE[1], 110):
        draw.line(
            (0, y + rng.randint(-20, 20), SIZE[0], y + rng.randint(-20, 20)), fill=(200, 214, 217), width=6
        )
    river = [(x, 450 + round(120 * ((x / 400) % 2 - 1) ** 2)) for x in range(0, SIZE[0] + 80, 80)]
    draw.line(river, fill=(150, 196, 214), width=40, joint="curve")
    for _ in range(pins):
        x, y = rng.randint(140, 1460), rng.randint(120, 620)
        draw.ellipse((x - 34, y - 34, x + 34, y + 34), fill=YELLOW, outline=DARK, width=6)
        draw.polygon([(x - 22, y + 22), (x + 22, y + 22), (x, y + 80)], fill=YELLOW)
        draw.ellipse((x - 12, y - 12, x + 12, y + 12), fill=DARK)
    draw.rectangle((0, 700, SIZE[0], SIZE[1]), fill=DARK)
    font, lines = fit_text(draw, caption, max_width=1400, max_height=150, sizes=(56, 50, 44, 38))
    y = 730
    for line in lines:
        draw.text((100, y), line, font=font, fill=WHITE)
        y += round(font.size * 1.25)
    return image


def draw_slide(heading, points, seed):
    """A presentation slide: a heading bar and the points of the talk, each with a yellow marker."""
    rng = random.Random(seed)
    image = gradient(SIZE, (240, 246, 247), (214, 230, 233))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE[0], 220), fill=DARK)
    draw.rectangle((0, 220, SIZE[0], 236), fill=YELLOW)
    font, lines = fit_text(draw, heading, max_width=1400, max_height=170, sizes=(64, 56, 50, 44))
    y = 110 - round(len(lines) * font.size * 1.25 / 2)
    for line in lines:
        draw.text((100, y), line, font=font, fill=WHITE)
        y += round(font.size * 1.25)
    point_font = load_font(48 if len(points) <= 4 else 40)
    step = min(140, 560 // max(len(points), 1))
    for number, point in enumerate(points):
        y = 300 + number * step
        draw.rounded_rectangle((100, y + 8, 140, y + 48), radius=8, fill=YELLOW)
        draw.text((180, y), point, font=point_font, fill=DARK)
    corner = rng.randint(120, 200)
    draw.ellipse((SIZE[0] - corner, SIZE[1] - corner, SIZE[0] + corner, SIZE[1] + corner), fill=TEAL)
    return image


def demo_collection(name):
    """The collection that holds the demo pictures, created under the root collection once."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


class ImageLibrary:
    """Finds or draws the demo pictures and remembers how many it created.

    `texts` is `data/images.yaml`: the loader also takes the words of a briefing's cover from it.
    """

    def __init__(self):
        self.texts = load_yaml(DATA, "images")
        self.collection = demo_collection(self.texts["collection"])
        self.created = 0
        self.reused = 0

    def get(self, title, description, filename, draw):
        """The image titled `title`; when missing, `draw()` paints it and it is saved as `filename`.

        An existing image keeps its file, so an editor's replacement survives a new run; only its
        description (the alternative text) is brought up to date.
        """
        model = get_image_model()
        image = model.objects.filter(title=title).order_by("pk").first()
        if image is not None:
            self.reused += 1
            if image.description != description:
                image.description = description
                image.save(update_fields=["description"])
            return image
        buffer = io.BytesIO()
        draw().save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
        image = model(
            title=title,
            description=description,
            collection=self.collection,
            file=ImageFile(buffer, name=filename),
        )
        image._set_image_file_metadata()
        image.save()
        self.created += 1
        return image

    def cover(self, key, title, kicker, description, footer):
        """The main image of a page: its title on the portal's colours, the footer at the bottom."""
        return self.get(
            title=self.texts["titles"]["cover"].format(title=title),
            description=description,
            filename=f"demo-cover-{key}.jpg",
            draw=lambda: draw_cover(title, kicker, seed=key, footer=footer),
        )

    def map(self, key, caption, description, pins=7):
        """An illustration for a page's body: a stylised map with the places concerned."""
        return self.get(
            title=self.texts["titles"]["map"].format(title=caption),
            description=description,
            filename=f"demo-map-{key}.jpg",
            draw=lambda: draw_map(caption, seed=key, pins=pins),
        )

    def slide(self, key, heading, points, description):
        """An illustration for a page's body: a slide with a heading and the points of a talk."""
        return self.get(
            title=self.texts["titles"]["slide"].format(title=heading),
            description=description,
            filename=f"demo-slide-{key}.jpg",
            draw=lambda: draw_slide(heading, points, seed=key),
        )
