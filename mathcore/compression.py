"""An LLM's "compression rate": bytes of training text per byte of model weights.

What the seed notebook got wrong, and how its numbers stay reachable:

- Its comment says "60 trillion bits"; the computation is in bytes (15e12 tokens x 4 bytes = 6.0e13 bytes).
  Everything here is bytes, and the field names say so (`data_bytes`, `model_bytes`).
- It prints "54.57 TB" and "29.80 GB" but divides by 1024**4 and 1024**3: those are TiB and GiB. Both unit
  systems are here under their honest names: `data_tb` (60.00, decimal) and `data_tib` (54.57, the seed's
  number), `model_gb` (32.00) and `model_gib` (29.80, the seed's number).
- It assumes 4 bytes per parameter (fp32). Llama 3 8B ships in bf16 (2 bytes): that is just another call,
  ``compression_stats(bytes_per_param=BYTES_PER_PARAM["bf16"])``, rate 3750.
- Its circle animation takes a double square root (``sqrt(sqrt(1875))``), so the drawn areas differ by 43.3x,
  not 1875x, and 1875 is typed in by hand. `circle_radii` takes the computed rate and returns radii whose
  area ratio is the rate (radius ratio sqrt(1875) = 43.3).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mathcore import _validate

#: Bytes per weight of common number formats: fp32 is the seed's assumption, bf16 what Llama 3 ships in.
BYTES_PER_PARAM = {"fp32": 4, "bf16": 2, "fp16": 2, "int8": 1}

_TB, _TIB = 1e12, 1024**4
_GB, _GIB = 1e9, 1024**3


@dataclass(frozen=True)
class CompressionStats:
    """Sizes (in bytes) of a model's training text and of its weights, and their ratio.

    rate = data_bytes / model_bytes, with data_bytes = num_tokens * bytes_per_token and
    model_bytes = num_params * bytes_per_param.
    """

    num_tokens: float
    num_params: float
    bytes_per_token: float
    bytes_per_param: float
    data_bytes: float
    model_bytes: float
    rate: float

    @property
    def data_tb(self) -> float:
        """Training text in decimal terabytes: data_bytes / 1e12."""
        return self.data_bytes / _TB

    @property
    def data_tib(self) -> float:
        """Training text in binary tebibytes: data_bytes / 1024**4 (the seed's "TB")."""
        return self.data_bytes / _TIB

    @property
    def model_gb(self) -> float:
        """Model weights in decimal gigabytes: model_bytes / 1e9."""
        return self.model_bytes / _GB

    @property
    def model_gib(self) -> float:
        """Model weights in binary gibibytes: model_bytes / 1024**3 (the seed's "GB")."""
        return self.model_bytes / _GIB


def compression_stats(
    num_tokens: float = 15e12,
    num_params: float = 8e9,
    bytes_per_token: float = 4,
    bytes_per_param: float = 4,
) -> CompressionStats:
    """Compression rate of a model trained on `num_tokens` tokens (defaults: Llama 3 8B, 15T tokens, fp32).

    rate = (num_tokens * bytes_per_token) / (num_params * bytes_per_param). A token is about 4 characters of
    1 byte each (UTF-8, mostly ASCII), hence 4 bytes per token. For bf16 weights pass
    ``bytes_per_param=BYTES_PER_PARAM["bf16"]`` (2 bytes, rate 3750 for the defaults).
    """
    num_tokens = _validate.positive("num_tokens", num_tokens)
    num_params = _validate.positive("num_params", num_params)
    bytes_per_token = _validate.positive("bytes_per_token", bytes_per_token)
    bytes_per_param = _validate.positive("bytes_per_param", bytes_per_param)
    data_bytes = num_tokens * bytes_per_token
    model_bytes = num_params * bytes_per_param
    _validate.finite_result("data_bytes", data_bytes, "num_tokens * bytes_per_token")
    _validate.finite_result("model_bytes", model_bytes, "num_params * bytes_per_param")
    rate = data_bytes / model_bytes if model_bytes > 0 else math.inf
    if not 0 < rate < math.inf or data_bytes == 0:  # a product or the rate underflowed or overflowed
        raise ValueError(
            "num_tokens, num_params, bytes_per_token and bytes_per_param must give data_bytes, model_bytes"
            f" and their rate > 0 and finite, got rate {data_bytes!r} / {model_bytes!r}"
        )
    return CompressionStats(
        num_tokens=num_tokens,
        num_params=num_params,
        bytes_per_token=bytes_per_token,
        bytes_per_param=bytes_per_param,
        data_bytes=data_bytes,
        model_bytes=model_bytes,
        rate=rate,
    )


def circle_radii(rate: float, small_radius: float) -> tuple[float, float]:
    """Radii (large, small) of two circles whose areas differ by the factor `rate`.

    large = small * sqrt(rate), so large**2 / small**2 = rate (the seed drew sqrt(sqrt(rate)) instead).
    """
    rate = _validate.positive("rate", rate)
    small_radius = _validate.positive("small_radius", small_radius)
    large = small_radius * math.sqrt(rate)
    return _validate.finite_result("large radius", large, "rate and small_radius"), small_radius
