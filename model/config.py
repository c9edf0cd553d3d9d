"""Training defaults, in one place, with units.

`python3 -m model.train --help` lists every field as a flag. The resolved
configuration is saved as `config.json` in each run folder and inside every
checkpoint.
"""

from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent
REPO_DIR = MODEL_DIR.parent


def option(default, help_text: str):
    return field(default=default, metadata={"help": help_text})


@dataclass
class TrainConfig:
    # Data and weights
    data: Path = option(
        Path("data/ham10000"),
        "HAM10000 folder: HAM10000_metadata.csv plus images anywhere below")
    pretrained: Path = option(
        MODEL_DIR / "pretrained/mobilenet_v2_1.0_224_quant.tflite",
        "ImageNet MobileNetV2 TFLite file")
    splits: Path = option(MODEL_DIR / "data/splits.csv",
                          "CSV assigning each image_id to train, val or test")
    runs: Path = option(MODEL_DIR / "runs",
                        "folder for run sub-folders (checkpoints, logs)")
    export_dir: Path = option(REPO_DIR / "public/model",
                              "where the TensorFlow.js model is written")
    # Images
    input_size: int = option(192, "model input side in pixels")
    # Training
    epochs: int = option(14, "fine-tuning epochs")
    frozen_blocks: int = option(
        4, "leading backbone blocks kept at their ImageNet weights while "
        "fine-tuning (4 = every layer before stride 8); halves step time")
    batch_size: int = option(32, "images per training step")
    lr_backbone: float = option(3e-4, "AdamW peak learning rate, backbone")
    lr_head: float = option(3e-3, "AdamW peak learning rate, heads")
    weight_decay: float = option(1e-2, "AdamW weight decay")
    warmup_epochs: float = option(
        1.0, "epochs of linear warm-up before the cosine decay to zero")
    dropout: float = option(0.2, "dropout on the pooled image features")
    label_smoothing: float = option(0.05,
                                    "label smoothing of the 7-class loss")
    malignant_loss_weight: float = option(
        1.0, "weight of the malignant loss relative to the 7-class loss")
    metadata_drop_all: float = option(
        0.25, "probability of setting all metadata of a sample to unknown")
    metadata_drop_field: float = option(
        0.2, "probability of setting each remaining field to unknown")
    # Augmentation
    crop_scale_min: float = option(
        0.65, "smallest random crop side, as a fraction of the short side")
    colour_jitter: float = option(
        0.15, "maximum relative change of brightness, contrast, saturation")
    hue_jitter: float = option(
        0.02, "maximum hue shift, as a fraction of the colour circle")
    # Comparison and operating point
    frozen_epochs: int = option(
        60, "epochs of the frozen-backbone baseline (on cached features)")
    target_sensitivity: float = option(
        0.90, "sensitivity the threshold must reach on validation")
    max_quantisation_auc_drop: float = option(
        0.005, "largest test AUC loss accepted for quantised weights")
    # Runtime
    threads: int = option(0, "torch CPU threads; 0 means one per core")
    seed: int = option(20181, "random seed for weights, order, augmentation")
    smoke: bool = option(
        False, "run the whole pipeline on a few images to check it works")
    smoke_images: int = option(48, "images per split in a smoke run")
    skip_frozen: bool = option(False,
                               "skip the frozen-backbone comparison")
    model_version: str = option("1.0.0",
                                "version written into the model manifest")

    def to_json(self) -> dict:
        return {k: portable_path(v) if isinstance(v, Path) else v
                for k, v in dataclasses.asdict(self).items()}


def portable_path(path: Path) -> str:
    """Return `path` relative to the repository, or only its name when it
    lies outside, so that committed logs name no folder of one machine."""
    resolved = path.resolve()
    if resolved.is_relative_to(REPO_DIR):
        return str(resolved.relative_to(REPO_DIR))
    return resolved.name


def parse_config(argv: list[str] | None = None) -> TrainConfig:
    """Build a TrainConfig from command-line flags named after its fields."""
    parser = argparse.ArgumentParser(
        prog="python3 -m model.train",
        description="Train the OncoScan lesion model on HAM10000, evaluate "
        "it on the test split and export it for TensorFlow.js.",
    )
    defaults = TrainConfig()
    for f in dataclasses.fields(TrainConfig):
        default = getattr(defaults, f.name)
        flag = "--" + f.name.replace("_", "-")
        help_text = f"{f.metadata['help']} (default: {default})"
        if isinstance(default, bool):
            parser.add_argument(flag, action="store_true", help=help_text)
        else:
            parser.add_argument(flag, type=type(default), default=default,
                                help=help_text)
    return TrainConfig(**vars(parser.parse_args(argv)))
