"""Where tensors live and how runs are made reproducible."""

from __future__ import annotations

import contextlib
import functools
import os
import random
import threading

from .errors import EncoreError


def device(prefer: str | None = None):
    """CUDA when the user has it (or asks for it), else the CPU. ENCORE_DEVICE=cpu forces the CPU."""
    import torch

    choice = prefer or os.environ.get("ENCORE_DEVICE")
    if choice:
        return torch.device(choice)
    if torch.cuda.is_available():
        return torch.device("cuda")
    return torch.device("cpu")


def check_temperature(temperature: float, choice: str, name: str = "temperature") -> None:
    """EncoreError unless a sampling temperature is 0 (always the likeliest ``choice``) or more; NaN is not.
    ``name``: as the user gave it ('--temperature' on the command line), named with the value given."""
    if not 0 <= temperature < float("inf"):
        raise EncoreError(f"{name} must be a number from 0 (always the likeliest {choice}) up, not {temperature:g}")


_TRAINING = threading.Lock()


@contextlib.contextmanager
def seeded_training(seed: int, job=None):
    """Seed Python's, numpy's and torch's global random numbers and hold them for one training: two at once (a
    Jazz and a Setlists training, or an evaluation) drew from the same streams, and neither could be repeated
    with its seed. A second training waits here, saying so, and can be cancelled while it waits."""
    if not _TRAINING.acquire(blocking=False):
        if job is not None:
            job.report(0, 0, "Waiting for the other training to finish")
        while not _TRAINING.acquire(timeout=0.2):
            if job is not None:
                job.check()
    try:
        seed_everything(seed)
        yield
    finally:
        _TRAINING.release()


def seed_everything(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed % (2**32))
    torch.manual_seed(seed)


@contextlib.contextmanager
def small_model_threads(hidden: int):
    """One CPU thread for a small LSTM: it is latency-bound, and more threads only fight (a single step
    took 50 ms instead of 0.2 ms with two threads on a busy machine)."""
    import torch

    threads = torch.get_num_threads()
    if hidden <= 128:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


@functools.cache
def _cpu_bf16() -> bool:
    import torch

    return torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported()


def bf16_on_cpu(device):
    """Autocast to bfloat16 where the CPU has native bf16 matrix units (AVX-512 BF16, AMX), else nothing.
    For wide, shallow layers whose outputs are summed into float32 scores: 3-4x faster matmuls there."""
    import torch

    if device.type == "cpu" and _cpu_bf16():
        return torch.autocast("cpu", dtype=torch.bfloat16)
    return contextlib.nullcontext()
