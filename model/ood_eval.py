"""Measure the out-of-distribution warning of the served model.

    /usr/bin/python3 -m model.ood_eval --data /path/to/HAM10000

Runs the exported graph (as TensorFlow.js decodes it, op by op in PyTorch)
on held-out HAM10000 test lesions and on photos that are not dermatoscopic
lesions, and writes the share of each group that the manifest's threshold
flags to `model/results/ood.json`. `python3 -m model.report` puts the table
into the model card.

Non-lesion images come from three sources. scikit-image ships sample photos
(people, animals, objects, textures, a document page, a retina scan,
micrographs) and 200 small face and non-face patches (its LFW subset). The
rest are generated here with a fixed seed: text documents, rooms, synthetic
patterns, and plain-skin close-ups of a small mole without a dermatoscope.
"""

from __future__ import annotations

import argparse
import json
import logging
import warnings
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFilter

from .config import MODEL_DIR, REPO_DIR
from .data.ham10000 import load_dataset, load_image
from .data.images import eval_tensor, to_chw
from .data.splits import read_splits
from .graph_runner import GraphRunner, load_graph_model

log = logging.getLogger(__name__)

GENERATED_PER_GROUP = 40
BATCH = 32
SKIMAGE_PHOTOS = (
    "astronaut", "brick", "camera", "chelsea", "clock", "coffee", "coins",
    "colorwheel", "grass", "gravel", "horse", "hubble_deep_field",
    "immunohistochemistry", "logo", "microaneurysms", "moon", "page",
    "retina", "rocket", "shepp_logan_phantom", "text", "cell",
)


def _rgb(array: np.ndarray) -> np.ndarray:
    """Any skimage array (grey, RGB, RGBA, bool) to uint8 RGB."""
    if array.dtype == bool:
        array = array.astype(np.uint8) * 255
    if array.dtype != np.uint8:
        array = (255 * (array - array.min()) /
                 max(1e-9, float(array.max() - array.min()))).astype(np.uint8)
    if array.ndim == 2:
        array = np.stack([array] * 3, axis=-1)
    return array[..., :3]


def skimage_photos() -> list[np.ndarray]:
    """Return each sample photo whole, mirrored, and as two square crops."""
    import skimage.data
    images = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in SKIMAGE_PHOTOS:
            image = _rgb(getattr(skimage.data, name)())
            h, w = image.shape[:2]
            side = min(h, w)
            images += [image, image[:, ::-1],
                       image[:side, :side], image[h - side:, w - side:]]
    return images


def lfw_patches() -> list[np.ndarray]:
    """scikit-image's LFW subset: 100 face and 100 non-face 25 x 25 crops."""
    import skimage.data
    return [_rgb(patch) for patch in skimage.data.lfw_subset()]


def documents(rng: np.random.Generator) -> list[np.ndarray]:
    images = []
    for _ in range(GENERATED_PER_GROUP):
        page = Image.new("RGB", (480, 640), tuple(
            int(v) for v in rng.integers(225, 256, 3)))
        draw = ImageDraw.Draw(page)
        y = int(rng.integers(20, 60))
        while y < 600:
            words = " ".join("".join(chr(int(c)) for c in
                                     rng.integers(97, 123, rng.integers(2, 9)))
                             for _ in range(int(rng.integers(4, 10))))
            draw.text((int(rng.integers(20, 60)), y), words, fill=(20, 20, 20))
            y += int(rng.integers(14, 28))
        images.append(np.asarray(page))
    return images


def rooms(rng: np.random.Generator) -> list[np.ndarray]:
    images = []
    for _ in range(GENERATED_PER_GROUP):
        wall = rng.integers(120, 240, 3)
        floor = rng.integers(40, 160, 3)
        room = Image.new("RGB", (640, 480), tuple(int(v) for v in wall))
        draw = ImageDraw.Draw(room)
        horizon = int(rng.integers(260, 380))
        draw.rectangle([0, horizon, 640, 480],
                       fill=tuple(int(v) for v in floor))
        for _ in range(int(rng.integers(3, 8))):  # furniture, window, door
            x0, y0 = int(rng.integers(0, 560)), int(rng.integers(60, 400))
            x1, y1 = x0 + int(rng.integers(40, 200)), \
                y0 + int(rng.integers(40, 160))
            draw.rectangle([x0, y0, x1, y1], fill=tuple(
                int(v) for v in rng.integers(0, 256, 3)))
        images.append(np.asarray(room.filter(ImageFilter.GaussianBlur(1))))
    return images


def patterns(rng: np.random.Generator) -> list[np.ndarray]:
    images = []
    yy, xx = np.mgrid[0:256, 0:256]
    for i in range(GENERATED_PER_GROUP):
        kind = i % 4
        if kind == 0:  # uniform noise
            image = rng.integers(0, 256, (256, 256, 3))
        elif kind == 1:  # flat colour
            image = np.broadcast_to(rng.integers(0, 256, 3), (256, 256, 3))
        elif kind == 2:  # checkerboard
            cell = int(rng.integers(8, 64))
            mask = ((yy // cell + xx // cell) % 2)[..., None]
            image = np.where(mask, rng.integers(0, 256, 3),
                             rng.integers(0, 256, 3))
        else:  # linear gradient
            a, b = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
            t = (xx / 255.0)[..., None]
            image = a * (1 - t) + b * t
        images.append(np.asarray(image, np.uint8))
    return images


def skin_close_ups(rng: np.random.Generator) -> list[np.ndarray]:
    """Phone-style close-ups of plain skin with a small mole: even light,
    no dermatoscope vignette, lesion a few per cent of the frame."""
    images = []
    yy, xx = np.mgrid[0:480, 0:640]
    for _ in range(GENERATED_PER_GROUP):
        tone = np.array([rng.uniform(170, 240), rng.uniform(120, 190),
                         rng.uniform(95, 160)])
        shade = 1.0 - 0.25 * (yy / 480.0)[..., None] * rng.uniform(0, 1)
        skin = tone * shade + rng.normal(0, 6, (480, 640, 3))
        cy, cx = rng.uniform(180, 300), rng.uniform(250, 390)
        radius = rng.uniform(12, 35)
        distance = np.hypot(yy - cy, xx - cx) / radius
        mole = np.clip(1.2 - distance, 0, 1)[..., None]
        colour = np.array([rng.uniform(60, 120), rng.uniform(35, 70),
                           rng.uniform(25, 50)])
        image = skin * (1 - mole) + colour * mole
        images.append(np.clip(image, 0, 255).astype(np.uint8))
    return images


def score_images(runner: GraphRunner, images: list[torch.Tensor],
                 size: int, metadata: np.ndarray) -> np.ndarray:
    scores = []
    for start in range(0, len(images), BATCH):
        batch = torch.stack([eval_tensor(img, size)
                             for img in images[start:start + BATCH]])
        nhwc = batch.permute(0, 2, 3, 1).numpy()
        meta = np.repeat(metadata[None], len(nhwc), axis=0)
        out = runner.run({"image": nhwc, "metadata": meta}, ["ood"])
        scores.append(out["ood"])
    return np.concatenate(scores)


def unknown_metadata(manifest: dict) -> np.ndarray:
    layout = manifest["metadata"]
    vector = np.zeros(layout["length"], np.float32)
    vector[layout["age"]["missingIndex"]] = 1.0
    for field in ("sex", "site"):
        values = layout[field]["values"]
        vector[layout[field]["offset"] + values.index("unknown")] = 1.0
    return vector


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True,
                        help="HAM10000 folder, for the held-out lesions")
    parser.add_argument("--model", type=Path, default=REPO_DIR / "public/model",
                        help="exported model folder (default: public/model)")
    parser.add_argument("--out", type=Path,
                        default=MODEL_DIR / "results/ood.json",
                        help="where to write the figures")
    parser.add_argument("--seed", type=int, default=7,
                        help="seed of the generated images (default: 7)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    manifest = json.loads((args.model / "manifest.json").read_text())
    size = manifest["input"]["size"]
    threshold = manifest["ood"]["threshold"]
    runner = GraphRunner(load_graph_model(args.model), None)
    metadata = unknown_metadata(manifest)

    records, paths = load_dataset(args.data)
    split_of = read_splits()
    test = [r for r in records if split_of.get(r.image_id) == "test"]
    rng = np.random.default_rng(args.seed)
    groups = {
        "HAM10000 test lesions": [to_chw(load_image(paths[r.image_id], size))
                                  for r in test],
        "scikit-image photos": [to_chw(i) for i in skimage_photos()],
        "faces and non-faces (LFW subset)": [to_chw(i) for i in lfw_patches()],
        "text documents (generated)": [to_chw(i) for i in documents(rng)],
        "rooms (generated)": [to_chw(i) for i in rooms(rng)],
        "patterns and noise (generated)": [to_chw(i) for i in patterns(rng)],
        "skin close-ups without dermatoscope (generated)":
            [to_chw(i) for i in skin_close_ups(rng)],
    }
    results = {}
    for name, images in groups.items():
        scores = score_images(runner, images, size, metadata)
        flagged = float((scores > threshold).mean())
        results[name] = {"images": len(images), "flagged_rate": flagged,
                         "median_score": float(np.median(scores))}
        log.info("%s: %d images, %.1f %% flagged", name, len(images),
                 100 * flagged)
    non_lesion = [g for n, g in results.items() if "HAM10000" not in n]
    total = sum(g["images"] for g in non_lesion)
    detected = sum(g["images"] * g["flagged_rate"] for g in non_lesion)
    summary = {
        "threshold": threshold,
        "model_version": manifest["version"],
        "lesion_false_alarm_rate":
            results["HAM10000 test lesions"]["flagged_rate"],
        "non_lesion_detection_rate": detected / total,
        "groups": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n")
    log.info("false alarms on lesions %.1f %%, non-lesions flagged %.1f %%",
             100 * summary["lesion_false_alarm_rate"],
             100 * summary["non_lesion_detection_rate"])


if __name__ == "__main__":
    main()
