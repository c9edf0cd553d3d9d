"""The final report on the test split, computed once after training.

Every figure in the model card comes from the dictionary built here.
"""

from __future__ import annotations

import numpy as np

from .data.metadata import LABELS
from .metrics import (binary_report, expected_calibration_error,
                      multiclass_ece, multiclass_report, roc_points, sigmoid,
                      softmax)


def _calibrated(raw: dict, result: dict, image_only: bool = False
                ) -> tuple[np.ndarray, np.ndarray]:
    suffix = "_image_only" if image_only else ""
    c = result["calibration"]
    p = sigmoid(c.malignant_scale * raw[f"malignant_logit{suffix}"]
                + c.malignant_bias)
    probs = softmax(raw[f"logits{suffix}"] / c.diagnosis_temperature)
    return p, probs


def _summary(split, raw: dict, result: dict) -> dict:
    """AUC, sensitivity, specificity and balanced accuracy of one model."""
    p, probs = _calibrated(raw, result)
    report = binary_report(split.malignant, p, result["threshold"])
    report["balanced_accuracy"] = multiclass_report(
        split.labels, probs, len(LABELS))["balanced_accuracy"]
    return report


def evaluate_run(splits: dict, results: dict, chosen_name: str, ood,
                 cfg) -> dict:
    test, val = splits["test"], splits["val"]
    chosen = results[chosen_name]
    raw = chosen["raw"]["test"]
    threshold = chosen["threshold"]

    p, probs = _calibrated(raw, chosen)
    p_image, probs_image = _calibrated(raw, chosen, image_only=True)
    uncalibrated_p = sigmoid(raw["malignant_logit"])
    uncalibrated_probs = softmax(raw["logits"])

    malignant = binary_report(test.malignant, p, threshold)
    malignant["ece_uncalibrated"] = expected_calibration_error(
        test.malignant, uncalibrated_p)
    diagnosis = multiclass_report(test.labels, probs, len(LABELS))
    diagnosis["ece_uncalibrated"] = multiclass_ece(test.labels,
                                                   uncalibrated_probs)
    image_only = binary_report(test.malignant, p_image, threshold)
    image_only["balanced_accuracy"] = multiclass_report(
        test.labels, probs_image, len(LABELS))["balanced_accuracy"]

    val_p, _ = _calibrated(chosen["raw"]["val"], chosen)
    ood_scores = ood.score(raw["pooled"])
    c = chosen["calibration"]
    return {
        "chosen": chosen_name,
        "input_size": cfg.input_size,
        "threshold": threshold,
        "target_sensitivity": cfg.target_sensitivity,
        "calibration": {"malignant_scale": c.malignant_scale,
                        "malignant_bias": c.malignant_bias,
                        "diagnosis_temperature": c.diagnosis_temperature},
        "splits": {name: {"images": len(s),
                          "lesions": len({r.lesion_id for r in s.records}),
                          "malignant": int(s.malignant.sum())}
                   for name, s in splits.items()},
        "validation": binary_report(val.malignant, val_p, threshold),
        "test": {
            "malignant": malignant,
            "diagnosis": diagnosis,
            "image_only": image_only,
            "roc": roc_points(test.malignant, p),
            "roc_image_only": roc_points(test.malignant, p_image),
        },
        "comparison": {name: _summary(test, result["raw"]["test"], result)
                       for name, result in results.items()},
        "ood": {
            "method": "ppca-mahalanobis",
            "components": int(ood.components.shape[1]),
            "threshold": ood.threshold,
            "test_lesion_false_alarm_rate": float(
                (ood_scores > ood.threshold).mean()),
        },
        "labels": list(LABELS),
    }
