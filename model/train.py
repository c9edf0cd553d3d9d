"""Train, calibrate, evaluate and export the OncoScan lesion model.

    /usr/bin/python3 -m model.train --data /path/to/HAM10000

It reads the committed lesion-disjoint split and loads the ImageNet
MobileNetV2 weights from TFLite. It fits the heads on frozen features (the
baseline), then fine-tunes the network after its first blocks. Calibration
and the operating threshold come from validation, and the test split is
evaluated once. Last, it fits the out-of-distribution reference and exports
the TensorFlow.js graph (float16 when that costs no AUC) with its manifest,
the parity fixture and the figures for the model card.
"""

from __future__ import annotations

import copy
import csv
import json
import logging
import math
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics import balanced_accuracy_score, roc_auc_score
from tqdm import tqdm

from .config import MODEL_DIR, REPO_DIR, TrainConfig, parse_config
from .data.ham10000 import Record, load_dataset, load_image
from .data.images import TrainAugment, eval_tensor, to_chw
from .data.metadata import LABELS, MetadataEncoding, drop_fields
from .data.splits import SPLITS, read_splits, split_lesions
from .evaluate import evaluate_run
from .export import (Calibration, OodReference, emit_lesion_net,
                     export_model, reference_outputs)
from .graph_runner import GraphRunner
from .metrics import (fit_platt, fit_temperature, sigmoid, softmax,
                      threshold_for_sensitivity)
from .model import LesionNet, load_imagenet_weights, \
    reset_batch_norm_statistics
from .parity import write_parity_fixture

log = logging.getLogger("train")

EVAL_BATCH = 64
BN_RESET_BATCHES = 8
OOD_REFERENCE_IMAGES = 3000  # training images whose features fit the OOD model
OOD_FALSE_ALARM_RATE = 0.025  # share of validation lesions flagged as OOD


class Split:
    """One split's records, images (uint8 CHW) and encoded metadata."""

    def __init__(self, name: str, records: list[Record],
                 images: dict[str, torch.Tensor], encoding: MetadataEncoding):
        self.name = name
        self.records = records
        self.images = [images[r.image_id] for r in records]
        self.labels = np.array([r.label for r in records])
        self.malignant = np.array([r.malignant for r in records], np.float32)
        self.metadata = np.stack([encoding.encode(r.age, r.sex, r.site)
                                  for r in records])

    def __len__(self) -> int:
        return len(self.records)


def setup_run(cfg: TrainConfig) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = "-smoke" if cfg.smoke else ""
    run_dir = cfg.runs / f"{stamp}-mobilenetv2-{cfg.input_size}{suffix}"
    run_dir.mkdir(parents=True, exist_ok=True)
    handlers = [logging.StreamHandler(sys.stdout),
                logging.FileHandler(run_dir / "train.log")]
    logging.basicConfig(level=logging.INFO, handlers=handlers, force=True,
                        format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    (run_dir / "config.json").write_text(json.dumps(cfg.to_json(), indent=2))
    return run_dir


def assign_splits(cfg: TrainConfig, records: list[Record]
                  ) -> dict[str, list[Record]]:
    """Use the committed split; images it does not list get a fresh
    lesion-disjoint split (for other copies of the data, and tests)."""
    committed = read_splits(cfg.splits) if cfg.splits.is_file() else {}
    if all(r.image_id in committed for r in records):
        split_of = committed
    else:
        log.warning("%s does not list every image; splitting by lesion "
                    "with seed %d instead", cfg.splits, cfg.seed)
        by_lesion = split_lesions(records, seed=cfg.seed)
        split_of = {r.image_id: by_lesion[r.lesion_id] for r in records}
    result = {name: [r for r in records if split_of[r.image_id] == name]
              for name in SPLITS}
    if cfg.smoke:
        rng = np.random.default_rng(cfg.seed)
        for name, rows in result.items():
            # Half malignant, so every metric is defined on a tiny sample.
            positives = [r for r in rows if r.malignant]
            negatives = [r for r in rows if not r.malignant]
            half = cfg.smoke_images // 2
            pick = [positives[i] for i in rng.permutation(len(positives))[:half]]
            pick += [negatives[i] for i in
                     rng.permutation(len(negatives))[:cfg.smoke_images - len(pick)]]
            result[name] = pick
    for name, rows in result.items():
        if not rows:
            raise ValueError(f"the {name} split is empty")
    return result


def preload(records: list[Record], paths: dict[str, Path],
            short_side: int) -> dict[str, torch.Tensor]:
    images = {}
    for record in tqdm(records, desc="load images", unit="img",
                       file=sys.stderr, mininterval=2.0):
        images[record.image_id] = to_chw(
            load_image(paths[record.image_id], short_side))
    return images


def eval_batches(split: Split, size: int):
    for start in range(0, len(split), EVAL_BATCH):
        batch = [eval_tensor(img, size)
                 for img in split.images[start:start + EVAL_BATCH]]
        yield start, torch.stack(batch).contiguous(
            memory_format=torch.channels_last)


@torch.no_grad()
def pooled_features(model: LesionNet, split: Split, size: int,
                    desc: str) -> torch.Tensor:
    model.eval()
    out = []
    batches = eval_batches(split, size)
    for _, images in tqdm(batches, total=math.ceil(len(split) / EVAL_BATCH),
                          desc=desc, unit="batch", file=sys.stderr,
                          leave=False):
        out.append(model.features(images).mean(dim=(2, 3)))
    return torch.cat(out)


@torch.no_grad()
def head_logits(model: LesionNet, pooled: torch.Tensor,
                metadata: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    model.eval()
    logits, malignant = model.head(pooled, torch.from_numpy(metadata))
    return logits.numpy(), malignant.numpy()


def class_weights(labels: np.ndarray) -> torch.Tensor:
    """Inverse square-root class frequency, normalised to mean 1: softer
    than full inverse weighting, which over-predicts the rarest classes."""
    counts = np.bincount(labels, minlength=len(LABELS)).astype(np.float64)
    weights = 1.0 / np.sqrt(np.maximum(counts, 1))
    return torch.tensor(weights / weights.mean(), dtype=torch.float32)


def loss_weights(train: Split) -> tuple[torch.Tensor, torch.Tensor]:
    """Class weights of the 7-class loss, and the positive-class weight of
    the malignant loss (square root of the benign-to-malignant ratio)."""
    rate = float(train.malignant.mean())
    return class_weights(train.labels), torch.tensor(
        math.sqrt((1 - rate) / rate))


def lesion_loss(logits, malignant_logit, labels, malignant, weights,
                pos_weight, cfg: TrainConfig) -> torch.Tensor:
    ce = F.cross_entropy(logits, labels, weight=weights,
                         label_smoothing=cfg.label_smoothing)
    bce = F.binary_cross_entropy_with_logits(malignant_logit, malignant,
                                             pos_weight=pos_weight)
    return ce + cfg.malignant_loss_weight * bce


def batch_loss(logits, malignant_logit, split: Split, idx: np.ndarray,
               weights, pos_weight, cfg: TrainConfig) -> torch.Tensor:
    """The loss of the rows `idx` of `split`."""
    return lesion_loss(logits, malignant_logit,
                       torch.from_numpy(split.labels[idx]),
                       torch.from_numpy(split.malignant[idx]),
                       weights, pos_weight, cfg)


def train_frozen_heads(model: LesionNet, features: dict[str, torch.Tensor],
                       splits: dict[str, Split], encoding: MetadataEncoding,
                       cfg: TrainConfig) -> LesionNet:
    """Fit the heads on fixed ImageNet features: the frozen baseline.

    Returns a copy of `model` with the best heads by validation AUC.
    """
    baseline = copy.deepcopy(model)
    head_params = [p for n, p in baseline.named_parameters()
                   if not n.startswith("backbone.")]
    optimiser = torch.optim.AdamW(head_params, lr=cfg.lr_head,
                                  weight_decay=cfg.weight_decay)
    train, val = splits["train"], splits["val"]
    weights, pos_weight = loss_weights(train)
    rng = np.random.default_rng(cfg.seed)
    best_auc, best_state = -1.0, None
    for epoch in range(cfg.frozen_epochs):
        baseline.train()
        order = rng.permutation(len(train))
        for start in range(0, len(order), cfg.batch_size):
            idx = order[start:start + cfg.batch_size]
            meta = drop_fields(train.metadata[idx], encoding, rng,
                               cfg.metadata_drop_all, cfg.metadata_drop_field)
            logits, mal = baseline.head(features["train"][idx],
                                        torch.from_numpy(meta))
            loss = batch_loss(logits, mal, train, idx, weights, pos_weight,
                              cfg)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        _, val_mal = head_logits(baseline, features["val"], val.metadata)
        auc = roc_auc_score(val.malignant, val_mal)
        if auc > best_auc:
            best_auc = auc
            best_state = copy.deepcopy(baseline.state_dict())
    baseline.load_state_dict(best_state)
    log.info("frozen baseline: best validation AUC %.4f", best_auc)
    return baseline.eval()


def fine_tune(model: LesionNet, splits: dict[str, Split],
              encoding: MetadataEncoding, cfg: TrainConfig,
              run_dir: Path) -> LesionNet:
    """Fine-tune every layer; returns the best epoch by validation AUC."""
    train, val = splits["train"], splits["val"]
    # Early layers detect edges and colours, which transfer from ImageNet
    # as they are; keeping them fixed skips their backward pass.
    frozen = model.backbone.blocks[:cfg.frozen_blocks]
    frozen.requires_grad_(False)
    backbone = [p for n, p in model.named_parameters()
                if n.startswith("backbone.") and p.requires_grad]
    heads = [p for n, p in model.named_parameters()
             if not n.startswith("backbone.")]
    optimiser = torch.optim.AdamW(
        [{"params": backbone, "lr": cfg.lr_backbone},
         {"params": heads, "lr": cfg.lr_head}],
        weight_decay=cfg.weight_decay)
    steps_per_epoch = math.ceil(len(train) / cfg.batch_size)
    total_steps = cfg.epochs * steps_per_epoch
    warmup_steps = max(1, round(cfg.warmup_epochs * steps_per_epoch))

    def lr_factor(step: int) -> float:
        if step < warmup_steps:
            return (step + 1) / warmup_steps
        progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
        return 0.5 * (1.0 + math.cos(math.pi * progress))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, lr_factor)
    weights, pos_weight = loss_weights(train)
    generator = torch.Generator().manual_seed(cfg.seed)
    augment = TrainAugment(cfg.input_size, cfg.crop_scale_min,
                           cfg.colour_jitter, cfg.hue_jitter, generator)
    rng = np.random.default_rng(cfg.seed)

    history_path = run_dir / "epochs.csv"
    with history_path.open("w", newline="") as f:
        csv.writer(f).writerow(["epoch", "seconds", "train_loss", "val_loss",
                                "val_auc", "val_balanced_accuracy"])
    best_auc, best_state = -1.0, None
    for epoch in range(1, cfg.epochs + 1):
        started = time.monotonic()
        model.train()
        frozen.eval()  # keep their batch-norm statistics fixed too
        order = torch.randperm(len(train), generator=generator).numpy()
        total_loss, seen = 0.0, 0
        bar = tqdm(range(0, len(order), cfg.batch_size), unit="batch",
                   desc=f"epoch {epoch}/{cfg.epochs}", file=sys.stderr,
                   mininterval=2.0, leave=False)
        for start in bar:
            idx = order[start:start + cfg.batch_size]
            images = torch.stack([augment(train.images[i]) for i in idx])
            images = images.contiguous(memory_format=torch.channels_last)
            meta = drop_fields(train.metadata[idx], encoding, rng,
                               cfg.metadata_drop_all, cfg.metadata_drop_field)
            logits, mal = model(images, torch.from_numpy(meta))
            loss = batch_loss(logits, mal, train, idx, weights, pos_weight,
                              cfg)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            scheduler.step()
            total_loss += loss.item() * len(idx)
            seen += len(idx)
            bar.set_postfix(loss=f"{total_loss / seen:.3f}")
        bar.close()

        pooled = pooled_features(model, val, cfg.input_size, "validate")
        logits, mal = head_logits(model, pooled, val.metadata)
        val_loss = float(lesion_loss(
            torch.from_numpy(logits), torch.from_numpy(mal),
            torch.from_numpy(val.labels), torch.from_numpy(val.malignant),
            weights, pos_weight, cfg))
        auc = roc_auc_score(val.malignant, mal)
        balanced = balanced_accuracy_score(val.labels, logits.argmax(1))
        seconds = time.monotonic() - started
        log.info("epoch %d/%d  %.0f s  train loss %.4f  val loss %.4f  "
                 "val AUC %.4f  val balanced accuracy %.4f", epoch,
                 cfg.epochs, seconds, total_loss / seen, val_loss, auc,
                 balanced)
        with history_path.open("a", newline="") as f:
            csv.writer(f).writerow([epoch, round(seconds, 1),
                                    round(total_loss / seen, 5),
                                    round(val_loss, 5), round(auc, 5),
                                    round(balanced, 5)])
        if auc > best_auc:
            best_auc = auc
            best_state = copy.deepcopy(model.state_dict())
            torch.save({"model": best_state, "config": cfg.to_json(),
                        "epoch": epoch, "val_auc": auc,
                        "age_mean": encoding.age_mean,
                        "age_std": encoding.age_std}, run_dir / "best.pt")
    model.load_state_dict(best_state)
    log.info("fine-tuned: best validation AUC %.4f", best_auc)
    return model.eval()


def predictions(model: LesionNet, splits: dict[str, Split],
                encoding: MetadataEncoding, cfg: TrainConfig,
                names=("val", "test")) -> dict:
    """Raw logits per split, with the real metadata and with none."""
    out = {}
    for name in names:
        split = splits[name]
        pooled = pooled_features(model, split, cfg.input_size, name)
        unknown = np.repeat(encoding.unknown()[None], len(split), axis=0)
        logits, mal = head_logits(model, pooled, split.metadata)
        logits_img, mal_img = head_logits(model, pooled, unknown)
        out[name] = {"logits": logits, "malignant_logit": mal,
                     "logits_image_only": logits_img,
                     "malignant_logit_image_only": mal_img,
                     "pooled": pooled.numpy()}
    return out


def calibrate(val: Split, raw: dict, cfg: TrainConfig
              ) -> tuple[Calibration, float]:
    """Fit calibration on validation and pick the operating threshold."""
    a, b = fit_platt(raw["malignant_logit"], val.malignant)
    temperature = fit_temperature(raw["logits"], val.labels)
    calibration = Calibration(malignant_scale=a, malignant_bias=b,
                              diagnosis_temperature=temperature)
    p_val = sigmoid(a * raw["malignant_logit"] + b)
    threshold = threshold_for_sensitivity(val.malignant, p_val,
                                          cfg.target_sensitivity)
    return calibration, threshold


def choose_quantisation(model: LesionNet, calibration: Calibration,
                        ood: OodReference, test: Split, test_auc: float,
                        encoding: MetadataEncoding, cfg: TrainConfig
                        ) -> tuple[str | None, dict]:
    """Measure test AUC of each weight encoding as TensorFlow.js decodes
    it; pick the smallest whose AUC stays within the allowed drop."""
    builder = emit_lesion_net(model, calibration, ood, cfg.input_size,
                              encoding.length)
    measured = {"float32": {"auc": test_auc}}
    chosen = None
    for method in ("uint8", "float16"):
        runner = GraphRunner(builder, method)
        probabilities = []
        for start, images in eval_batches(test, cfg.input_size):
            nhwc = images.permute(0, 2, 3, 1).contiguous().numpy()
            meta = test.metadata[start:start + len(nhwc)]
            out = runner.run({"image": nhwc, "metadata": meta},
                             ["malignant"])
            probabilities.append(out["malignant"][:, 0])
        auc = float(roc_auc_score(test.malignant,
                                  np.concatenate(probabilities)))
        drop = test_auc - auc
        measured[method] = {"auc": auc, "auc_drop": drop}
        log.info("quantisation %s: test AUC %.4f (drop %.4f)", method, auc,
                 drop)
        if chosen is None and drop <= cfg.max_quantisation_auc_drop:
            chosen = method
    return chosen, measured


def main(argv: list[str] | None = None) -> None:
    cfg = parse_config(argv)
    if cfg.smoke:
        cfg.model_version += "-smoke"
        cfg.epochs = min(cfg.epochs, 1)
        cfg.frozen_epochs = min(cfg.frozen_epochs, 3)
    run_dir = setup_run(cfg)
    started = time.monotonic()
    torch.set_num_threads(cfg.threads or os.cpu_count() or 1)
    torch.manual_seed(cfg.seed)
    log.info("run %s: %s", run_dir.name,
             " ".join(f"{k}={v}" for k, v in cfg.to_json().items()))

    records, paths = load_dataset(cfg.data)
    by_split = assign_splits(cfg, records)
    encoding = MetadataEncoding.from_ages(
        np.array([r.age for r in by_split["train"]]))
    selected = [r for rows in by_split.values() for r in rows]
    images = preload(selected, paths, cfg.input_size)
    splits = {name: Split(name, rows, images, encoding)
              for name, rows in by_split.items()}
    log.info("images: %s", ", ".join(
        f"{n} {len(s)} ({int(s.malignant.sum())} malignant)"
        for n, s in splits.items()))

    model = LesionNet(encoding.length, cfg.dropout)
    load_imagenet_weights(model.backbone, cfg.pretrained)
    calibration_batches = [batch for _, (_, batch) in zip(
        range(BN_RESET_BATCHES), eval_batches(splits["train"],
                                              cfg.input_size))]
    reset_batch_norm_statistics(model, calibration_batches)
    model = model.to(memory_format=torch.channels_last)

    candidates = {}
    if not cfg.skip_frozen:
        features = {name: pooled_features(model, splits[name],
                                          cfg.input_size, f"features {name}")
                    for name in SPLITS}
        candidates["frozen"] = train_frozen_heads(model, features, splits,
                                                  encoding, cfg)
    candidates["fine-tuned"] = fine_tune(model, splits, encoding, cfg,
                                         run_dir)

    results = {}
    for name, candidate in candidates.items():
        raw = predictions(candidate, splits, encoding, cfg)
        calibration, threshold = calibrate(splits["val"], raw["val"], cfg)
        results[name] = {"model": candidate, "raw": raw,
                         "calibration": calibration, "threshold": threshold}
    chosen_name = max(results, key=lambda n: roc_auc_score(
        splits["val"].malignant, results[n]["raw"]["val"]["malignant_logit"]))
    chosen = results[chosen_name]
    log.info("kept the %s model (higher validation AUC)", chosen_name)

    # Out-of-distribution reference from training features of the kept model.
    train_subset = copy.copy(splits["train"])
    keep = np.random.default_rng(cfg.seed).permutation(
        len(train_subset))[:OOD_REFERENCE_IMAGES]
    train_subset.images = [train_subset.images[i] for i in keep]
    train_subset.records = [train_subset.records[i] for i in keep]
    train_pooled = pooled_features(chosen["model"], train_subset,
                                   cfg.input_size, "OOD reference").numpy()
    ood = OodReference.fit(train_pooled, k=min(64, len(train_pooled) - 1))
    val_scores = ood.score(chosen["raw"]["val"]["pooled"])
    ood.threshold = float(np.quantile(val_scores, 1 - OOD_FALSE_ALARM_RATE))

    report = evaluate_run(splits, results, chosen_name, ood, cfg)
    report["ood"]["false_alarm_target"] = OOD_FALSE_ALARM_RATE
    test_auc = report["test"]["malignant"]["auc"]
    quantisation, quantisation_report = choose_quantisation(
        chosen["model"], chosen["calibration"], ood, splits["test"],
        test_auc, encoding, cfg)
    report["quantisation"] = {"chosen": quantisation,
                              **quantisation_report}

    export_dir = run_dir / "export" if cfg.smoke else cfg.export_dir
    results_dir = run_dir / "results" if cfg.smoke else MODEL_DIR / "results"
    fixture_dir = run_dir / "parity" if cfg.smoke \
        else REPO_DIR / "test/fixtures/parity"
    test_point = report["test"]["malignant"]
    manifest = export_model(
        chosen["model"], encoding, chosen["calibration"], ood,
        cfg.input_size, export_dir, quantisation, chosen["threshold"],
        operating_point={
            "split": "test",
            "sensitivity": round(test_point["sensitivity"], 4),
            "specificity": round(test_point["specificity"], 4),
            "auc": round(test_point["auc"], 4),
            "images": test_point["n"],
        },
        version=cfg.model_version,
        extra={"trainedOn": "HAM10000 (CC BY-NC-SA 4.0)",
               "created": datetime.now(timezone.utc).isoformat(
                   timespec="seconds")},
    )
    write_parity_fixture(chosen["model"], chosen["calibration"], ood,
                         splits["test"], encoding, cfg, quantisation,
                         fixture_dir)
    report["download_bytes"] = manifest["downloadBytes"]
    report["train_minutes"] = round((time.monotonic() - started) / 60, 1)
    report["machine"] = {"threads": torch.get_num_threads(),
                         "cpus": os.cpu_count(),
                         "torch": torch.__version__}
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "metrics.json").write_text(json.dumps(report, indent=2)
                                              + "\n")
    from .report import plot_roc, write_model_card
    plot_roc(report, results_dir / "roc.png")
    if not cfg.smoke:
        for name in ("epochs.csv", "train.log", "config.json"):
            (results_dir / name).write_bytes((run_dir / name).read_bytes())
        write_model_card(report, MODEL_DIR / "MODEL_CARD.md")
    log.info("done in %.1f min: test AUC %.4f, sensitivity %.3f, "
             "specificity %.3f at threshold %.4f; model %s (%d bytes)",
             report["train_minutes"], test_auc, test_point["sensitivity"],
             test_point["specificity"], chosen["threshold"], export_dir,
             manifest["downloadBytes"])


if __name__ == "__main__":
    main()
