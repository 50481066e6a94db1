"""OCR and pose engines seen through the evaluator cache: raw outputs served from disk on a hit.

The wrappers know their engine's identity without building it, so a fully cached run never starts
rapidocr or MediaPipe. Engines passed as objects are cached only when they describe themselves
(``cache_identity()``); any other object is run every time, since its parameters are unknown.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import numpy as np
from PIL import Image

from .. import evalcache
from ..recording import note_evaluator
from ..metrics.anatomy import Hand, Person
from .ocr import DEFAULT_OCR, OCR_BACKENDS, REREAD_VARIANTS, OcrBox, OcrEngine, check_reading, read_background_distance
from .pose import DEFAULT_POSE, POSE_BACKENDS, PoseEngine
from .scan import Scan, ScanSettings, scan, settings_key

if TYPE_CHECKING:
    from ..metrics.silhouette import Silhouettes

# In the evaluator cache's key of silhouettes: bump when find_silhouettes changes what it returns.
SILHOUETTE_VERSION = 2  # 2: cells of exactly 1/4 of the image, the last partial
SCAN_VERSION = 2  # 2: a hand found on a tile is offset by the tile's integer origin, where it was cut
# In the key of a reading of an image's background distance: bump when metrics.background changes.
FAINT_VERSION = 1


def _identity(engine: Any, registry: Any) -> dict[str, Any] | None:
    if isinstance(engine, str):
        return registry.identity(engine)
    describe = getattr(engine, "cache_identity", None)
    return describe() if callable(describe) else None


class _Cached:
    """The part both wrappers share: lazy engine, identity, and the cache lookup around a call."""

    kind = ""

    def __init__(self, engine: Any, registry: Any, cache: evalcache.EvalCache | None = None,
                 build: Callable[[], Any] | None = None) -> None:
        self._registry = registry
        self._build = build
        self._engine = None if isinstance(engine, str) else engine
        self._spec = engine
        self._cache = cache
        identity = _identity(engine, registry)
        self.identity = None if identity is None else evalcache.identity_digest(identity)
        self.name = str((identity or {}).get("name") or getattr(engine, "name", None) or type(engine).__name__)

    @property
    def engine(self) -> Any:
        """The real engine, built (once per process, through the registry) on first need."""
        if self._engine is None:
            self._engine = self._build() if self._build is not None else self._registry.get(self._spec)
        return self._engine

    def _note(self) -> None:
        """Pin the engine in the running test's record, whether its reading is cached or computed."""
        if not isinstance(self._spec, str):
            note_evaluator(self.kind, self._engine)
        elif self._registry.identity(self._spec) is not None:  # else building it (on a miss) notes it
            note_evaluator(self.kind, None, self._spec, self._registry.identity(self._spec))

    def _through_cache(self, image: Image.Image, extra: str, compute: Callable[[], Any],
                       dump: Callable[[Any], Any], load: Callable[[Any], Any]) -> Any:
        self._note()
        cache = self._cache if self._cache is not None else evalcache.active()
        if cache is None or self.identity is None:
            return compute()
        identity = self.identity if not extra else evalcache.identity_digest({"engine": self.identity, "extra": extra})
        return through_cache(cache, self.kind, identity, image, compute, dump, load)


def through_cache(cache: evalcache.EvalCache, kind: str, identity: str, image: Image.Image, compute: Callable[[], Any],
                  dump: Callable[[Any], Any], load: Callable[[Any], Any]) -> Any:
    """``load`` of the entry for (``kind``, ``identity``, ``image``'s pixels), or ``compute()``,
    stored as ``dump`` of it unless that is None (nothing worth storing). An entry of the right key
    but the wrong shape is recomputed and overwritten."""
    digest = evalcache.image_digest(image)
    raw = cache.get(kind, identity, digest)
    if raw is not None:
        try:
            return load(raw)
        except (AttributeError, KeyError, TypeError, ValueError):  # AttributeError: a list where a mapping was stored
            pass
    result = compute()
    stored = dump(result)
    if stored is not None:
        cache.put(kind, identity, digest, stored)
    return result


class CachedOcr(_Cached):
    """An :class:`OcrEngine` that answers from the evaluator cache and builds the engine on a miss."""

    kind = "ocr"

    def __init__(self, engine: str | OcrEngine = DEFAULT_OCR, cache: evalcache.EvalCache | None = None,
                 build: Callable[[], OcrEngine] | None = None) -> None:
        super().__init__(engine, OCR_BACKENDS, cache, build)

    def read(self, image: Image.Image) -> list[OcrBox]:
        return self._through_cache(image, "", lambda: check_reading(self.name, self.engine.read(image)), boxes_to_json,
                                   boxes_from_json)

    def read_faint(self, image: Image.Image) -> list[OcrBox]:
        """The engine's reading of ``image``'s background distance (:func:`~pytest_genimg.metrics.background.background_distance`,
        drawn as an RGB image), keyed by ``image`` itself: a cached reading costs no distance map."""
        return self._through_cache(image, f"background-distance:{FAINT_VERSION}",
                                   lambda: check_reading(self.name, read_background_distance(self.engine, image)),
                                   boxes_to_json, boxes_from_json)

    def reread(self, image: Image.Image, boxes: list[OcrBox]) -> dict[str, list[OcrBox]]:
        """The engine's second look at ``boxes`` (its ``read`` of ``image``); ``{}`` when it has none."""
        def compute() -> dict[str, list[OcrBox]]:
            reread = getattr(self.engine, "reread", None)
            found = (reread(image, boxes) if callable(reread) else {}) or {}
            return {str(k): check_reading(self.name, v) for k, v in found.items()}

        return self._through_cache(image, f"reread:{REREAD_VARIANTS!r}:{boxes_digest(boxes)}", compute,
                                   lambda found: {k: boxes_to_json(v) for k, v in found.items()},
                                   lambda raw: {str(k): boxes_from_json(v) for k, v in raw.items()})


class CachedPose(_Cached):
    """Tiled pose/hand scans (:func:`backends.scan.scan`) answered from the evaluator cache."""

    kind = "pose"

    def __init__(self, engine: str | PoseEngine = DEFAULT_POSE, cache: evalcache.EvalCache | None = None,
                 build: Callable[[], PoseEngine] | None = None) -> None:
        super().__init__(engine, POSE_BACKENDS, cache, build)

    def scan(self, image: Image.Image, settings: ScanSettings | None = None) -> Scan:
        settings = settings or ScanSettings()
        extra = f"scan|{SCAN_VERSION}|{settings_key(settings)!r}"  # the tiling changes what is found
        return self._through_cache(image, extra, lambda: scan(self.engine, image, settings), scan_to_json, scan_from_json)

    def reread(self, image: Image.Image, hand: Hand) -> tuple[int, int]:
        """The second look at ``hand`` (:func:`backends.hand_verify.reread_hand`): (views in which it
        was found again, views tried); keyed by the hand's landmarks as well as the image."""
        from .hand_verify import IDENTITY, reread_hand

        def look() -> tuple[int, int]:
            found = reread_hand(self.engine, image, hand)
            return sum(r.points is not None for r in found), len(found)

        extra = f"reread|{IDENTITY}|{np.round(hand.points, 1).tolist()}"
        return self._through_cache(image, extra, look, list, lambda raw: (int(raw[0]), int(raw[1])))

    def silhouettes(self, image: Image.Image, people: list[Person], settings: ScanSettings | None = None) -> Silhouettes | None:
        """Each of ``people`` with its silhouette (:func:`backends.scan.find_silhouettes`); None
        when the engine gives no masks. Keyed by the people's landmarks and the tiling as well."""
        from ..metrics.silhouette import grid_shape, silhouettes_from_json, silhouettes_to_json
        from .scan import find_silhouettes

        settings = settings or ScanSettings()
        extra = (f"silhouettes|{SILHOUETTE_VERSION}|{settings_key(settings)!r}|"
                 f"{[np.round(p.points, 1).tolist() for p in people]}")

        def load(raw: Any) -> Silhouettes | None:
            if raw.get("none"):
                return None
            found = silhouettes_from_json(raw)
            if found.masks.shape != (len(people), *grid_shape((image.height, image.width), found.down)):
                raise ValueError(f"silhouettes of shape {found.masks.shape} for {len(people)} people on a {image.size} image")
            return found

        return self._through_cache(
            image, extra, lambda: find_silhouettes(self.engine, image, people, settings),
            lambda found: {"none": True} if found is None else silhouettes_to_json(found), load)


def boxes_to_json(boxes: list[OcrBox]) -> list[dict[str, Any]]:
    return [{"text": b.text, "score": b.score, "box": [list(p) for p in b.box],
             "char_scores": None if b.char_scores is None else list(b.char_scores),
             "alternatives": None if b.alternatives is None else [[list(a) for a in alts] for alts in b.alternatives]}
            for b in boxes]


def boxes_digest(boxes: list[OcrBox]) -> str:
    """What a second look depends on besides the image: the polygons looked at again, as floats (as
    a cached reading gives them back, so a fresh reading and its cached copy key the same look)."""
    import hashlib

    return hashlib.sha1(repr([tuple((float(x), float(y)) for x, y in b.box) for b in boxes]).encode()).hexdigest()[:16]


def boxes_from_json(raw: list[dict[str, Any]]) -> list[OcrBox]:
    return [OcrBox(text=str(b["text"]), score=float(b["score"]), box=tuple((float(x), float(y)) for x, y in b["box"]),
                   char_scores=None if b["char_scores"] is None else tuple(float(c) for c in b["char_scores"]),
                   alternatives=None if b["alternatives"] is None else tuple(
                       tuple((str(ch), float(p)) for ch, p in alts) for alts in b["alternatives"]))
            for b in raw]


def scan_to_json(found: Scan) -> dict[str, Any]:
    return {"passes": found.passes,
            "people": [{"points": p.points.tolist(), "visibility": p.visibility.tolist()} for p in found.people],
            "hands": [{"points": h.points.tolist(), "score": h.score, "handedness": h.handedness, "votes": h.votes}
                      for h in found.hands]}


def scan_from_json(raw: dict[str, Any]) -> Scan:
    people = [Person(np.asarray(p["points"], dtype=np.float64), np.asarray(p["visibility"], dtype=np.float64))
              for p in raw["people"]]
    hands = [Hand(np.asarray(h["points"], dtype=np.float64), float(h["score"]), str(h["handedness"]), int(h["votes"]))
             for h in raw["hands"]]
    return Scan(people=people, hands=hands, passes=int(raw["passes"]))
