"""Image tensors for training and evaluation, and dermoscopy augmentation.

Evaluation framing matches the app: the largest centred square, resized to
the model input. Training samples a random square of 65-100 % of the short
side anywhere in the frame (scale and position jitter), jitters colour,
then applies one of the 8 flips and 90-degree rotations, since a
dermatoscopic image has no canonical orientation.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torchvision.transforms import ColorJitter


def to_chw(image: np.ndarray) -> torch.Tensor:
    """HWC uint8 array to CHW uint8 tensor."""
    return torch.from_numpy(np.array(image, dtype=np.uint8)).permute(2, 0, 1)


def resize_square(image: torch.Tensor, size: int) -> torch.Tensor:
    """Resize a CHW square crop to `size`, antialiased when shrinking.

    Returns float32 in 0-255.
    """
    x = image.unsqueeze(0).float()
    if x.shape[-1] != size:
        x = F.interpolate(x, size=(size, size), mode="bilinear",
                          align_corners=False,
                          antialias=x.shape[-1] > size)
    return x.squeeze(0).clamp_(0.0, 255.0)


def centre_square(image: torch.Tensor) -> torch.Tensor:
    _, height, width = image.shape
    side = min(height, width)
    top = (height - side) // 2
    left = (width - side) // 2
    return image[:, top:top + side, left:left + side]


def eval_tensor(image: torch.Tensor, size: int) -> torch.Tensor:
    return resize_square(centre_square(image), size)


class TrainAugment:
    """Random square crop, colour jitter, dihedral flip and rotation."""

    def __init__(self, size: int, crop_scale_min: float, colour: float,
                 hue: float, generator: torch.Generator):
        self.size = size
        self.crop_scale_min = crop_scale_min
        self.jitter = ColorJitter(brightness=colour, contrast=colour,
                                  saturation=colour, hue=hue)
        self.generator = generator

    def _uniform(self, low: float, high: float) -> float:
        return low + (high - low) * torch.rand(
            1, generator=self.generator).item()

    def __call__(self, image: torch.Tensor) -> torch.Tensor:
        _, height, width = image.shape
        short = min(height, width)
        side = max(1, round(short * self._uniform(self.crop_scale_min, 1.0)))
        top = int(self._uniform(0, height - side + 1))
        left = int(self._uniform(0, width - side + 1))
        crop = image[:, top:top + side, left:left + side]
        # ColorJitter draws from torch's global generator, which train.py
        # seeds, so runs repeat.
        crop = self.jitter(crop)
        x = resize_square(crop, self.size)
        k = int(torch.randint(4, (1,), generator=self.generator))
        x = torch.rot90(x, k, dims=(1, 2))
        if torch.rand(1, generator=self.generator).item() < 0.5:
            x = torch.flip(x, dims=(2,))
        return x
