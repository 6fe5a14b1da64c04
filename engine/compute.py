"""Where tensors live and how runs are made reproducible."""

from __future__ import annotations

import os
import random


def device(prefer: str | None = None):
    """CUDA when the user has it (or asks for it), else the CPU. ENCORE_DEVICE=cpu forces the CPU."""
    import torch

    choice = prefer or os.environ.get("ENCORE_DEVICE")
    if choice:
        return torch.device(choice)
    if torch.cuda.is_available():
        return torch.device("cuda")
    return torch.device("cpu")


def seed_everything(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed % (2**32))
    torch.manual_seed(seed)
