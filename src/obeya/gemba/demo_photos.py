"""Photos for the demo observations, drawn with Pillow (no download, no binary in the repo):
a stack of laser-cut blanks on pallets, a press brake's tools on the floor, a changeover
whiteboard, a bent bracket against a protractor. Simple, but they read as shop-floor photos."""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

W, H = 1200, 900


def _floor(rng: random.Random, top=(186, 188, 184), bottom=(120, 124, 122)) -> Image.Image:
    """A concrete floor under a grey workshop wall, lit from above."""
    img = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(img)
    horizon = int(H * 0.42)
    for y in range(H):
        if y < horizon:
            t = y / horizon
            c = tuple(int(200 - 40 * t + d) for d in (0, 4, 10))
        else:
            t = (y - horizon) / (H - horizon)
            c = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (W, y)], fill=c)
    # The yellow aisle marking, in perspective.
    draw.polygon([(0, H - 120), (W, H - 210), (W, H - 190), (0, H - 95)], fill=(222, 184, 38))
    return img


def _noise(img: Image.Image, rng: random.Random, amount: int = 18) -> Image.Image:
    """Sensor grain and a slight blur, so the drawing does not look like a vector icon."""
    grain = Image.effect_noise((W, H), amount).convert("RGB")
    img = Image.blend(img, grain, 0.07)
    return img.filter(ImageFilter.GaussianBlur(0.8))


def _pallet(draw: ImageDraw.ImageDraw, x: int, y: int, w: int, depth: int = 40) -> None:
    wood, dark = (170, 128, 78), (112, 80, 45)
    draw.rectangle([x, y, x + w, y + 22], fill=wood, outline=dark, width=2)
    for i in range(3):
        bx = x + 6 + i * (w - 60) // 2
        draw.rectangle([bx, y + 22, bx + 48, y + 46], fill=dark)
    draw.polygon(
        [(x, y), (x + depth, y - depth // 2), (x + w + depth, y - depth // 2), (x + w, y)],
        fill=(190, 148, 96),
        outline=dark,
    )


def _sheet_stack(
    draw: ImageDraw.ImageDraw, rng: random.Random, x: int, y: int, w: int, layers: int
) -> int:
    """Stacked steel blanks seen from the front and a little above; returns the top y."""
    for i in range(layers):
        shade = 150 + rng.randint(-18, 18)
        y0 = y - i * 9
        off = rng.randint(-6, 6)
        draw.polygon(
            [
                (x + off, y0),
                (x + 34 + off, y0 - 17),
                (x + w + 34 + off, y0 - 17),
                (x + w + off, y0),
            ],
            fill=(shade + 25, shade + 30, shade + 35),
        )
        draw.rectangle(
            [x + off, y0, x + w + off, y0 + 8],
            fill=(shade - 30, shade - 26, shade - 20),
            outline=(70, 74, 80),
        )
        # A few cut-outs at the front edge, as laser-cut parts have.
        if i % 3 == 0:
            for k in range(3):
                hx = x + off + 30 + k * (w // 3)
                draw.ellipse([hx, y0 + 2, hx + 10, y0 + 7], fill=(60, 62, 66))
    return y - layers * 9


def blanks_between_cutting_and_bending(seed: int = 1) -> bytes:
    rng = random.Random(seed)
    img = _floor(rng)
    draw = ImageDraw.Draw(img)
    # The press brake far away on the right, the laser's grey enclosure on the left.
    draw.rectangle([40, 200, 360, 430], fill=(96, 110, 124), outline=(50, 60, 70), width=3)
    draw.rectangle([70, 230, 330, 330], fill=(40, 48, 56))
    draw.rectangle([880, 170, 1150, 420], fill=(30, 88, 160), outline=(20, 40, 70), width=3)
    draw.rectangle([900, 330, 1130, 350], fill=(200, 200, 200))
    for row, (px, py) in enumerate([(180, 700), (500, 720), (820, 690), (330, 560), (650, 570)]):
        _pallet(draw, px, py, 260)
        top = _sheet_stack(draw, rng, px + 8, py - 2, 240, rng.randint(9, 17) + row)
        # A paper traveller taped on top of each stack.
        draw.rectangle(
            [px + 90, top - 12, px + 150, top + 4], fill=(245, 245, 240), outline=(120, 120, 120)
        )
    return _jpeg(_noise(img, rng))


def tools_on_the_floor(seed: int = 2) -> bytes:
    rng = random.Random(seed)
    img = _floor(rng, top=(170, 172, 170), bottom=(110, 112, 112))
    draw = ImageDraw.Draw(img)
    # The press brake's lower beam across the top of the picture.
    draw.rectangle([0, 120, W, 300], fill=(32, 86, 150))
    draw.rectangle([0, 300, W, 340], fill=(60, 64, 70))
    for _ in range(9):  # punches and dies lying about
        x, y = rng.randint(60, W - 360), rng.randint(450, H - 180)
        length, height = rng.randint(180, 320), rng.randint(28, 46)
        steel = rng.randint(120, 170)
        draw.rectangle(
            [x, y, x + length, y + height],
            fill=(steel, steel + 4, steel + 10),
            outline=(50, 52, 58),
            width=2,
        )
        if rng.random() < 0.5:  # a V-die groove
            mid = x + length // 2
            draw.polygon([(mid - 16, y), (mid + 16, y), (mid, y + height // 2)], fill=(40, 42, 46))
        else:  # a punch tip
            draw.polygon(
                [(x, y + height), (x + length, y + height), (x + length // 2, y + height + 18)],
                fill=(steel - 20,) * 3,
            )
    draw.rectangle(
        [W - 260, 420, W - 60, 860], fill=(150, 40, 36), outline=(80, 20, 18), width=3
    )  # an empty red tool cabinet
    for k in range(5):
        draw.line([(W - 250, 470 + k * 80), (W - 70, 470 + k * 80)], fill=(90, 24, 20), width=3)
    return _jpeg(_noise(img, rng))


def changeover_whiteboard(seed: int = 3) -> bytes:
    rng = random.Random(seed)
    img = Image.new("RGB", (W, H), (120, 128, 134))
    draw = ImageDraw.Draw(img)
    draw.rectangle(
        [60, 60, W - 60, H - 110], fill=(246, 247, 244), outline=(170, 172, 176), width=14
    )
    draw.rectangle([60, H - 110, W - 60, H - 86], fill=(160, 162, 166))  # marker tray
    for i, colour in enumerate([(20, 60, 170), (190, 30, 30), (20, 120, 60)]):
        draw.rounded_rectangle([200 + i * 90, H - 108, 270 + i * 90, H - 92], 6, fill=colour)
    blue, red = (30, 60, 160), (200, 40, 40)

    def scribble(x0: int, y0: int, length: int, colour, width: int = 4) -> None:
        """A handwritten word: a wavy stroke."""
        points, x = [], x0
        while x < x0 + length:
            points.append((x, y0 + rng.randint(-7, 7)))
            x += rng.randint(8, 14)
        draw.line(points, fill=colour, width=width, joint="curve")

    scribble(120, 130, 420, blue, 6)  # the title
    for r in range(7):  # a table: changeover, minutes
        y = 230 + r * 70
        draw.line([(110, y - 30), (W - 120, y - 30)], fill=(150, 160, 180), width=2)
        scribble(130, y, rng.randint(160, 260), blue)
        scribble(520, y, 60, red if r in (1, 4) else blue)
        scribble(720, y, rng.randint(120, 260), blue)
    draw.line([(480, 200), (480, 700)], fill=(150, 160, 180), width=2)
    draw.line([(680, 200), (680, 700)], fill=(150, 160, 180), width=2)
    draw.ellipse([490, 280, 620, 330], outline=red, width=4)  # a circled 45 min
    return _jpeg(_noise(img, rng, 10))


def bracket_bending_angle(seed: int = 4) -> bytes:
    rng = random.Random(seed)
    img = Image.new("RGB", (W, H), (92, 98, 104))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, W, H], fill=(86, 92, 98))
    draw.rectangle([80, 80, W - 80, H - 80], fill=(62, 96, 70))  # green inspection mat
    for k in range(0, W, 60):
        draw.line([(k, 80), (k, H - 80)], fill=(70, 106, 78), width=1)
    # The protractor under the bend, its arc and graduations.
    cx, cy = 520, 650
    draw.pieslice(
        [cx - 230, cy - 230, cx + 230, cy + 230],
        180,
        360,
        fill=(232, 234, 228),
        outline=(40, 40, 40),
        width=2,
    )
    for deg in range(180, 361, 5):
        a = math.radians(deg)
        r1, r2 = 225, (200 if deg % 30 else 180) if deg % 10 == 0 else 212
        draw.line(
            [
                (cx + r1 * math.cos(a), cy + r1 * math.sin(a)),
                (cx + r2 * math.cos(a), cy + r2 * math.sin(a)),
            ],
            fill=(40, 40, 40),
            width=2,
        )
    # The bent bracket: two thick flanges meeting at a little more than a right angle.
    draw.polygon(
        [(cx, cy), (cx + 440, cy), (cx + 440, cy + 46), (cx - 8, cy + 46)],
        fill=(170, 174, 180),
        outline=(60, 62, 68),
    )
    draw.polygon(
        [(cx, cy), (cx - 40, cy - 400), (cx - 86, cy - 396), (cx - 46, cy + 4)],
        fill=(198, 202, 208),
        outline=(60, 62, 68),
    )
    for hx in (cx + 140, cx + 320):  # holes in the flange
        draw.ellipse([hx, cy + 12, hx + 22, cy + 34], fill=(62, 96, 70))
    # The red reference line at 90 degrees and the inspector's tag.
    draw.line([(cx - 23, cy), (cx - 23, cy - 420)], fill=(200, 30, 30), width=3)
    draw.rectangle([700, 420, 900, 490], fill=(250, 250, 246), outline=(200, 30, 30), width=3)
    draw.line([(720, 445), (880, 445)], fill=(200, 30, 30), width=5)
    draw.line([(720, 468), (830, 468)], fill=(40, 40, 40), width=3)
    return _jpeg(_noise(img, rng))


def forklift_pallet(seed: int = 5) -> bytes:
    rng = random.Random(seed)
    img = _floor(rng)
    draw = ImageDraw.Draw(img)
    # The forklift: yellow body, mast, forks carrying a pallet of blanks.
    draw.rectangle([640, 420, 980, 700], fill=(232, 178, 20), outline=(90, 70, 10), width=3)
    draw.rectangle([700, 300, 930, 430], outline=(40, 40, 40), width=10)  # cab frame
    draw.rectangle([600, 260, 630, 740], fill=(50, 52, 56))  # mast
    draw.ellipse([670, 660, 780, 770], fill=(30, 30, 30))
    draw.ellipse([860, 660, 970, 770], fill=(30, 30, 30))
    draw.rectangle([320, 690, 620, 705], fill=(60, 60, 64))  # forks
    _pallet(draw, 330, 640, 270)
    _sheet_stack(draw, rng, 338, 638, 250, 14)
    # The long aisle behind, with racks.
    for k in range(6):
        x = 40 + k * 70
        draw.rectangle(
            [x, 180 - k * 6, x + 40, 470 - k * 10], fill=(200, 90, 40), outline=(120, 50, 20)
        )
    return _jpeg(_noise(img, rng))


def _jpeg(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=88)
    return out.getvalue()


PHOTOS = {
    "blanks": blanks_between_cutting_and_bending,
    "tools": tools_on_the_floor,
    "whiteboard": changeover_whiteboard,
    "angle": bracket_bending_angle,
    "forklift": forklift_pallet,
}
