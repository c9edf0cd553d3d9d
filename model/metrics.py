"""Metrics, calibration and operating-point selection.

Malignancy is a rare-ish class (about 20 % of HAM10000), so everything here
reports ROC AUC, sensitivity and specificity rather than accuracy.
"""

from __future__ import annotations

import numpy as np
import torch
from sklearn.metrics import (balanced_accuracy_score, confusion_matrix,
                             roc_auc_score, roc_curve)

ECE_BINS = 15  # equal-width bins, as in Guo et al., ICML 2017


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def sensitivity_specificity(y_true: np.ndarray, p: np.ndarray,
                            threshold: float) -> tuple[float, float]:
    """Sensitivity and specificity when `p >= threshold` means malignant."""
    y_true = y_true.astype(bool)
    predicted = p >= threshold
    sensitivity = float((predicted & y_true).sum() / max(y_true.sum(), 1))
    specificity = float((~predicted & ~y_true).sum() / max((~y_true).sum(), 1))
    return sensitivity, specificity


def threshold_for_sensitivity(y_true: np.ndarray, p: np.ndarray,
                              target: float) -> float:
    """Return the highest threshold whose sensitivity is at least `target`.

    The highest such threshold gives the best specificity that still meets
    the sensitivity target on this data.
    """
    positives = np.sort(p[y_true.astype(bool)])[::-1]
    if positives.size == 0:
        raise ValueError("no positive samples to set a threshold on")
    needed = int(np.ceil(target * positives.size))
    return float(positives[needed - 1])


def expected_calibration_error(y_true: np.ndarray, p: np.ndarray,
                               bins: int = ECE_BINS) -> float:
    """Binary ECE: bin-size-weighted mean |observed rate - mean p|."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            error += mask.mean() * abs(y_true[mask].mean() - p[mask].mean())
    return float(error)


def multiclass_ece(labels: np.ndarray, probs: np.ndarray,
                   bins: int = ECE_BINS) -> float:
    """Top-label ECE of a softmax output."""
    confidence = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == labels).astype(np.float64)
    return expected_calibration_error(correct, confidence, bins)


def fit_platt(logits: np.ndarray, y_true: np.ndarray) -> tuple[float, float]:
    """Fit p = sigmoid(a * logit + b) by maximum likelihood (Platt, 1999).

    Class-weighted training shifts the malignant logit, so a bias term is
    fitted along with the scale (a temperature alone is a = 1 / T, b = 0).
    """
    x = torch.tensor(logits, dtype=torch.float64)
    y = torch.tensor(y_true, dtype=torch.float64)
    params = torch.tensor([1.0, 0.0], dtype=torch.float64, requires_grad=True)
    optimiser = torch.optim.LBFGS([params], lr=0.5, max_iter=200)

    def closure():
        optimiser.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            params[0] * x + params[1], y)
        loss.backward()
        return loss

    optimiser.step(closure)
    a, b = params.detach().tolist()
    return float(a), float(b)


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """Fit one softmax temperature by maximum likelihood (Guo et al. 2017)."""
    x = torch.tensor(logits, dtype=torch.float64)
    y = torch.tensor(labels, dtype=torch.long)
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimiser = torch.optim.LBFGS([log_t], lr=0.5, max_iter=200)

    def closure():
        optimiser.zero_grad()
        loss = torch.nn.functional.cross_entropy(x / log_t.exp(), y)
        loss.backward()
        return loss

    optimiser.step(closure)
    return float(log_t.exp().item())


def binary_report(y_true: np.ndarray, p: np.ndarray,
                  threshold: float) -> dict:
    sensitivity, specificity = sensitivity_specificity(y_true, p, threshold)
    return {
        "auc": float(roc_auc_score(y_true, p)),
        "sensitivity": sensitivity,
        "specificity": specificity,
        "threshold": float(threshold),
        "ece": expected_calibration_error(y_true, p),
        "n": int(y_true.size),
        "positives": int(y_true.sum()),
    }


def multiclass_report(labels: np.ndarray, probs: np.ndarray,
                      n_classes: int) -> dict:
    predicted = probs.argmax(axis=1)
    return {
        "balanced_accuracy": float(balanced_accuracy_score(labels, predicted)),
        "confusion_matrix": confusion_matrix(
            labels, predicted, labels=list(range(n_classes))).tolist(),
        "ece": multiclass_ece(labels, probs),
    }


def roc_points(y_true: np.ndarray, p: np.ndarray) -> dict:
    fpr, tpr, _ = roc_curve(y_true, p)
    return {"fpr": fpr.tolist(), "tpr": tpr.tolist()}
