"""``assert_detailed`` on the fresh photos (``fresh_photos.py``: FRESH to FRESH13), which no
detail setting was ever chosen on: a held-out figure for the detail check, measured once per set
(session 8: FRESH and FRESH2 first; FRESH3's natives were judged after that run, before their own).

Which photos are native detail was judged by eye, from each photo whole and a 1:1 crop of its
centre, and written down here before the check ran on any of them. Photos left out, and why:
too small for the check to say much (under 300 px a side: hanks-face, mask-green, beach, wolf), a
second crop of a photo already in (obama-crop, obama-crop2), or not clearly native at 1:1 (friends,
mask-blue and mask-white look soft or blocky, sideways looks like a video still, teacup soft, and
Real-ESRGAN's inputs couple, children, branches, tower and tree, which that package ships as
low-quality inputs to restore). FRESH3, judged the same way: left out are soldier, lectern and
tongue (scans of old prints, grainy), car-duo (a film still, soft at 1:1), fist (a cut-out on a flat
blue), and small-portrait, sea, horses and dog-and-cat (under 300 px a side); rocks is in, a
10-megapixel camera original that is soft at 1:1. FRESH4 (session 9), judged the same way before any
run on it: left out are squatting-men (a grainy film scan) and sofa-friends (dark, noisy and soft),
pikemen and sushi (under 300 px a side), red-eye (soft at 1:1, a retouching fixture), bridge (toned
and hazed by editing) and tote (a soft camera frame with JPEG blocks); in, though doubted: cafeteria
(a 500 px web photo with JPEG blocks), curly-hair and matterhorn (22- and 16-megapixel camera
originals, skin and a cloudy night sky soft at 1:1) and tiger (a wallpaper, maybe processed). FRESH5
(session 10), judged the same way before any run on it: left out are mountain-lake (a grainy scan of
a print), running-cheetah (its ground blurred by the camera's panning, on purpose), stair-climbers and
aerial-fields (PyWavelets' greyscale arrays, of unknown processing; the aerial photo an old scan), and
lion and bearded-face (under 300 px a side); in, though doubted: suited-man (a small retouched studio
portrait, a smooth backdrop), red-hat, caps, sailboat, timbered-houses and lighthouse (Kodak's test
photos, film scans), sunset-walker and fountain-garden (pyiqa's "frame" files, maybe video frames;
sky, sea and sand soft), throne-hall (a 500 px web photo), and ginger-kitten and leaf-drop (fur and
a leaf, soft at 1:1). FRESH6 to FRESH9 (session 17; their photos were read for the people counts
only, and no detail setting has changed since session 2), judged the same way before any detail run
on them, with one more rule written first: a stock or web photo downscaled from a camera original
counts as native even where it is soft at 1:1, while scans of old prints, video frames and textures
of unknown making are left out. Left out: turtleneck (a scan of an old retouched print), fringe-youth
(a web copy with a watermark, soft at 1:1, maybe enlarged), blue-backdrop and blue-backdrop-laugh
(720x576 frames of a talking-face video), aerial-marina (1920x1080: likely a drone video frame),
wood-floor (a tiled web background texture), hand-at-temple, glowing-bulb and coil-sparks (scans of
old prints), and stubble-grin, grey-temples, pearl-earrings, the four fish-tank views, book-cover,
gala-couple, hand-at-chin, lab-sparks, tower-hall, go-kart and admin-lte's five small portraits (under
300 px a side); in, though doubted: bow-tie and open-collar (small retouched web portraits),
controller-hand (a product shot, mostly flat white), sofa-trio, terrace-trio and stair-five (stock
photos with skin and walls soft at 1:1), waterfall-portrait (retouched, skin smoothed), the three
astronauts (downscaled film scans, one very dark), beach-horse, river-chair and net-boy (film scans,
dust; sand and sky soft), reader (dark, a smooth wall and silk, soft at 1:1) and dining-chairs (white
walls and plastic chairs, soft at 1:1). FRESH10 (session 17, after FRESH6 to FRESH9's run; the held-out
test of docs/notes/detail-blur-gate-s17.md), judged the same way before any detail run on it: left out
are hat-shadow (a heavy vintage filter and glow), album-cover (album art, a print reproduction with
grain and lettering) and desk-headphones, whiteboard-meeting and open-office (200 px); in, though
doubted: green-shoe (a product shot on a smooth backdrop), typing-hands (a white wall, soft at 1:1),
for-sale (a film scan), chair-laptop (very dark, soft at 1:1), venice-jetty, gondolas and fjord (toned
or HDR-processed; water and sky soft), glass-office (dark and noisy, soft at 1:1) and pine-forest
(soft at 1:1, toned). FRESH11, FRESH12 and FRESH13 (after FRESH10's run; their photos were read
only for the people and face counts, FRESH11's and FRESH12's also by one held-out people run each,
and no detail setting has changed since session 17), judged the same way, by the same rules, before
any detail run on them. FRESH11: left out is canyon-rim (smeared at 1:1, with sharpening halos and JPEG blocks: likely an
enlarged web copy); in, though doubted: smoke-flare (smoke and snow smooth), striped-blinds and
pinstripe (400 px greyscale web portraits, pinstripe on a black backdrop), red-mountains (dark,
toned), rooftop-stand (toned, hazed by flare), chevron-sweater and cap-from-above (550 and 510 px web
copies, soft at 1:1), laptop-table and barista (faded toning, shallow focus, soft at 1:1),
empty-office (a smooth floor and walls, soft at 1:1), stage-guitarist (a dark, hazy stage) and
snow-ridge (snow and sky smooth). FRESH12: left out are white-suit (under 300 px a side),
round-glasses (a 333 px web thumbnail, soft and blocky at 1:1, maybe enlarged) and light-trails
(soft and blocky at 1:1, its still buildings and lettering smeared: maybe enlarged); in, though
doubted: rainy-street (toned, JPEG blocks), neon-back and upward-profile (dark and noisy, soft at
1:1), bridge-walk (HDR-toned, light leaks added, soft at 1:1), city-tower (haze, grain added),
suit-bookcase (a small retouched studio portrait before a painted backdrop), desk-laptop (a white
desk, shallow focus, soft at 1:1) and curls (a 14-megapixel camera original, hair soft at 1:1).
FRESH13: left out are blonde-avatar, lake-balance and trial-bike (under 300 px a side) and
crossed-arms-glasses (a cut-out on a transparent background, laid on white, as fist was); in, though
doubted: backpack-dusk, railing-walk and sunset-head (silhouettes before smooth or blurred skies,
railing-walk toned), summit-back and cliff-coast (haze, grain added, soft at 1:1), valley-pair and
laptop-typist (shallow focus, the crop's centre mostly blurred), bmx-crowd (toned; a smooth sky and
a blurred crowd), dining-table (dim, grainy), ring-light and wavy-hair (retouched portraits, skin
smoothed; wavy-hair a 400 px web copy) and purple-facade (flat smooth panels, toned).

Cases per native photo, as ``accuracy_detail.py`` makes them: the photo as shipped and at JPEG
quality 50 must pass; its centre crop of at most 640 x 640 px (so a 4x upscale stays at most
2560 px) must pass too, and that crop's 4x bicubic and Lanczos upscales, 2x nearest-neighbour
upscale and sigma-3 blur must fail.

    python benchmarks/detail_fresh.py [fresh|fresh2|...|fresh10|fresh11|fresh12|fresh13 ...]   # those sets' natives (default: all)
    python benchmarks/detail_fresh.py --max-blur none fresh6 fresh7   # the check with another max_blur (none: off)
"""
from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
warnings.filterwarnings("ignore")

from accuracy_detail import MUST_FAIL  # noqa: E402
from fresh_photos import (FRESH2, FRESH3, FRESH4, FRESH5, FRESH6, FRESH7, FRESH8, FRESH9, FRESH10, FRESH11, FRESH12,  # noqa: E402
                         FRESH13, PHOTOS, load_fresh)
from image_cases import jpeg  # noqa: E402

# name -> what it shows (the kind of detail), judged by eye before any run
NATIVE: dict[str, str] = {
    "five-men": "five people, striped and knitted shirts", "two-people": "two people, a blurred background",
    "field": "dry grass field, a person, a dog, a horse", "biden": "suit and wristwatch on black",
    "obama": "suit, patterned tie, flags", "obama2": "speaker at a lectern, close", "obama3": "a dim room, dark suit",
    "mask-black": "a black fabric mask (woven texture)", "china": "a pagoda, trees and a lake",
    "flower": "a dahlia against a blurred background", "family": "four people at a laptop, a sofa",
    "hands-on-face": "a woman, curly hair, hands on her cheeks", "contact-sheet": "25 small portraits in a grid",
    "elder": "a head-and-shoulders portrait, skin", "mountains": "mountains at dusk, flowers in front",
    # FRESH3
    "beach-friends": "five friends by the sea", "hand-on-head": "a laughing man, beard", "smiling-man": "head and shoulders",
    "surprise": "face close-up, skin", "happy": "face close-up, skin", "pout": "face close-up, skin",
    "turned-man": "face close-up, hair", "pendants": "coins on a stone surface", "cabin": "a cabin in snow, trees",
    "frozen-pond": "snow and bare branches", "rocks": "a rock face (camera original, soft at 1:1)",
    "alps": "a snowy peak and clouds",
    # FRESH4
    "cafeteria": "diners at tables (a 500 px web photo)", "pike-release": "water, a pike's scales, hands",
    "farmer": "a rice field, palms", "traveller": "gravel from above", "bearded-man": "head and shoulders, foliage",
    "grey-haired-man": "a face, stubble, wood", "curly-hair": "skin, hair (camera original, soft at 1:1)",
    "smiling-woman": "head and shoulders, curls", "speaker": "a knitted hoodie, a face", "quokka": "fur, shallow focus",
    "kitten": "fur, whiskers", "black-dog": "black fur", "matterhorn": "a peak, clouds at night (soft at 1:1)",
    "night-city": "lit towers", "abbey": "stonework, sky", "tiger": "fur, whiskers, leaves",
    # FRESH5
    "stubbled-man": "skin, stubble, hair (camera original)", "suited-man": "a studio portrait, a smooth backdrop",
    "aside-man": "a face, hair, glass behind", "red-hat": "skin, a knitted hat (a film scan)",
    "snowy-highway": "falling snow, cars", "sunset-walker": "sky, sea, sand (soft)", "fountain-garden": "hedges, paving, water",
    "throne-hall": "carving, gilding (a 500 px web photo)", "palace-garden": "a white wall, palms, flowers",
    "dahlia": "petals, stamens, shallow focus", "caps": "caps, a smooth wall (a film scan)", "sailboat": "water, rigging",
    "timbered-houses": "timber, tiles, windows", "lighthouse": "a fence, sky, grass", "ginger-kitten": "fur, whiskers (soft)",
    "leaf-drop": "a leaf's veins, a water drop",
    # FRESH6 to FRESH9 (session 17)
    "three-men": "three men, a bookcase (a web still)", "bow-tie": "a dinner jacket, a beard (small, retouched)",
    "open-collar": "a studio portrait, smooth skin", "controller-hand": "four controllers and a hand on white",
    "costume-trio": "three women in costume, shallow focus", "sofa-trio": "three women on a sofa (skin soft at 1:1)",
    "terrace-trio": "three women on a leather sofa, hair", "four-posing": "four women, a patterned dress",
    "stair-five": "five women on stairs (skin soft at 1:1)", "blinds-four": "four women, stripes, blinds",
    "four-suits": "four men in suits, tweed", "desert-convoy": "cars among desert scrub, clouds",
    "motorway": "a motorway, cars, trees", "waterfall-portrait": "a suit, a waterfall behind (retouched)",
    "astronaut-panel": "a capsule's panel (a film scan)", "astronaut-upward": "a face, a dark cabin (a film scan)",
    "astronaut-shades": "a face in shades, very dark (a film scan)", "snowy-peak": "snow, rock, clouds",
    "beach-horse": "sand, surf, a horse (a greyscale film scan)", "river-chair": "water, roots, a man and a child (a film scan)",
    "net-boy": "a creek bank, leaves (a greyscale film scan)", "net-man": "a river at dusk, grass, woods",
    "crowd-and-dog": "uniforms, a black dog (a 400 px web copy)", "reader": "a dark room, silk, skin (soft at 1:1)",
    "office-smile": "a face, stubble, denim", "dachshund": "short fur, dry grass",
    "dining-chairs": "white chairs, a wooden floor (soft at 1:1)", "cloud-peak": "clouds, a snowy peak, trees",
    # FRESH10 (session 17)
    "laptop-glasses": "a face, stubble, linen", "green-shoe": "a shoe on a smooth backdrop (a product shot)",
    "red-lips-laugh": "a face, hair, shallow focus", "typing-hands": "hands, a laptop, a white wall (soft at 1:1)",
    "spacewalk": "a spacesuit, a solar array", "for-sale": "a spacesuit, clouds (a film scan)",
    "chair-laptop": "a dark desk, a chair (soft at 1:1)", "striped-tee": "a face, graffiti", "scarf-crowd": "knitwear, a blurred crowd",
    "venice-jetty": "water, boats, a skyline (toned)", "gondolas": "stonework, a canal (HDR)", "fjord": "mountains, water, clouds (toned)",
    "beanie-profile": "a concrete wall, a beanie", "white-sweater": "a face, hair, shallow focus",
    "desk-meeting": "an office, people, desks", "glass-office": "a dark meeting room behind glass (noisy)",
    "pine-forest": "trunks against the light (soft at 1:1)",
    # FRESH11
    "smoke-flare": "a padded jacket, smoke and snow (smooth)", "striped-blinds": "hair, a knit, blinds (400 px greyscale)",
    "red-mountains": "ridges at dusk (dark, toned)", "plaid-shirt": "a plaid shirt, a blurred crowd",
    "walking-pair": "patterned dresses, brick paving", "street-style": "jackets, a hat, a crowd behind",
    "cap-from-above": "a cap, a jacket, concrete (a 510 px web copy)", "rooftop-stand": "jeans, office blocks (toned, flare)",
    "railing-pose": "lace, a railing (greyscale)", "chevron-sweater": "a knit, a lake behind (soft at 1:1)",
    "windblown": "hair, a face, shallow focus", "peaks-in-cloud": "rock, snow, cloud",
    "laptop-table": "people at laptops (faded, soft at 1:1)", "freckles": "freckles, curls, a knit",
    "desk-from-above": "a knit, wood grain, a striped rug", "lounge-pair": "an office lounge, brick, a rug",
    "empty-office": "an office, a smooth floor (soft at 1:1)", "cafe-crowd": "a cafe crowd, tiles, leather",
    "barista": "a face, a beanie, shallow focus (faded)", "coffee-cups": "cups, worn wood",
    "record-shop-guitar": "a guitar, a hat, a shop behind", "stage-guitarist": "a guitarist on a dark, hazy stage",
    "snow-ridge": "snow, peaks, pines (smooth snow and sky)", "pinstripe": "a face, stubble, pinstripes on black (400 px greyscale)",
    # FRESH12
    "rainy-street": "neon signs, umbrellas, rain (toned)", "leather-jacket": "leather, brick, hair",
    "neon-back": "a T-shirt before neon (dark, noisy)", "bridge-walk": "a boardwalk, a skyline (HDR, light leaks)",
    "shibuya-taxi": "a taxi, signs, light trails", "upward-profile": "a face in sunglasses, a wall (dark, soft at 1:1)",
    "city-tower": "towers in haze (grain added)", "suitcase-floor": "leather, a book, floorboards",
    "suit-bookcase": "a suit, a tie, a painted backdrop (small, retouched)", "surfer": "a wave, spray, a surfer",
    "desk-laptop": "a laptop on a white desk (soft at 1:1)", "curls": "curly hair, a knit (camera original, soft at 1:1)",
    # FRESH13
    "backpack-dusk": "a silhouette, a dusk sky, mist", "railing-walk": "a silhouette, a harbour city (toned)",
    "torch-stars": "stars, the Milky Way, a torch beam", "rock-lookout": "forested hills, rock, haze",
    "lava-walkers": "coloured hills, gravel, moss", "ice-walker": "ice blocks, clouds",
    "plane-wreck": "black sand, a wreck, mountains", "valley-pair": "hair before a blurred valley",
    "bmx-crowd": "a bike, a smooth sky, a blurred crowd (toned)", "seated-hiker": "rock, grass, hills",
    "summit-back": "a sweater, hazy hills (grain, soft at 1:1)", "sunset-head": "a silhouette before a blurred sunset",
    "dining-table": "a model ship, a table, shutters (dim)", "laptop-typist": "hands, a laptop, wood (shallow focus)",
    "ring-light": "a wig, a face (retouched, dark)", "palm-lounger": "palm fronds, water huts, sky (toned)",
    "purple-facade": "facade panels, window grilles (flat)", "wavy-hair": "hair, a face (a 400 px retouched web copy)",
    "cliff-coast": "cliffs, sea, a hazy sky (grain)", "marble-hall": "stone, a coffered ceiling, chandeliers",
    "elk-meadow": "grass, pines, a granite cliff, deer",
}
SETS = {"fresh": PHOTOS, "fresh2": FRESH2, "fresh3": FRESH3, "fresh4": FRESH4, "fresh5": FRESH5,
        "fresh6": FRESH6, "fresh7": FRESH7, "fresh8": FRESH8, "fresh9": FRESH9, "fresh10": FRESH10,
        "fresh11": FRESH11, "fresh12": FRESH12, "fresh13": FRESH13}


def centre_crop(image: Image.Image, side: int = 640) -> Image.Image:
    w, h = image.size
    cw, ch = min(w, side), min(h, side)
    left, top = (w - cw) // 2, (h - ch) // 2
    return image.crop((left, top, left + cw, top + ch))


def main(chosen: list[str]) -> int:
    from pytest_genimg.checks.detail import DEFAULT_MAX_BLUR, measure_detail

    max_blur: float | None = DEFAULT_MAX_BLUR
    if chosen[:1] == ["--max-blur"]:
        if len(chosen) < 2:
            print("detail_fresh.py: --max-blur needs a value (a number, or none)")
            return 2
        try:
            max_blur = None if chosen[1].lower() == "none" else float(chosen[1])
        except ValueError:
            print(f"detail_fresh.py: --max-blur: expected a number or none, got {chosen[1]!r}")
            return 2
        chosen = chosen[2:]
    notes: list[str] = []
    unknown = [name for name in chosen if name not in SETS]
    if unknown:
        print(f"detail_fresh.py: unknown set(s) {', '.join(unknown)}; expected some of {', '.join(SETS)}")
        return 2
    lists = [SETS[name] for name in chosen or SETS]
    photos = {k: v for photo_list in lists for k, v in load_fresh(notes, photos=photo_list).items()}
    natives = {name: kind for name, kind in NATIVE.items() if any(p.name == name for photo_list in lists for p in photo_list)}
    missing = sorted(set(natives) - set(photos))
    wrong: list[str] = []
    passed = [0, 0]  # right, total (must pass)
    failed = [0, 0]  # right, total (must fail)
    start = time.perf_counter()
    for name, kind in natives.items():
        if name not in photos:
            continue
        image = photos[name][1].convert("RGB")
        crop = centre_crop(image)
        rows = [(f"{name} as shipped {image.size[0]}x{image.size[1]}", image, False),
                (f"{name} jpeg50", jpeg(image, 50), False), (f"{name} crop {crop.size[0]}x{crop.size[1]}", crop, False)]
        rows += [(f"{name} crop {how}", make(crop), True) for how, make in MUST_FAIL.items()]
        scales = []
        for label, case, should_fail in rows:
            result = measure_detail(case, max_blur=max_blur)
            scales.append(f"{label.split(' ', 1)[1]} {result.items[0].values['scale']:g}")
            tally = failed if should_fail else passed
            tally[1] += 1
            if (not result.passed) == should_fail:
                tally[0] += 1
            else:
                wrong.append(f"{label}: {'passed' if result.passed else 'failed'} (scale {result.items[0].values['scale']:g})")
        print(f"  {name:14s} ({kind}): " + "; ".join(scales), flush=True)
    print(f"detail on fresh photos ({', '.join(chosen or SETS)}: {len(natives) - len(missing)} native photos, judged by eye before the run; "
          f"max_blur={max_blur}): "
          f"natives passed {passed[0]}/{passed[1]}, upscales and blurs failed {failed[0]}/{failed[1]} "
          f"({time.perf_counter() - start:.0f} s)")
    for line in wrong:
        print(f"  WRONG {line}")
    for note in notes + [f"not fetched: {n}" for n in missing]:
        print(f"  note: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
