"""The one version check of every patch: whether a Manim (or manim-slides) version is one a patch was
verified on. The registry (scenes/kit/patches/__init__.py) asks it for every patch; a fix that a feature
cannot do without (skipping, vector_camera) asks it itself, by :func:`require`, before it reaches in."""

from __future__ import annotations

import functools

import manim
from packaging.specifiers import SpecifierSet
from packaging.version import Version

BOTH = ("==0.21.0", "==0.22.0")  # the releases `make test` runs the suite on


@functools.cache
def contains(specs: tuple[str, ...] | str, v: str) -> bool:
    """Whether version `v` matches one of `specs` (each a specifier set: "==0.22.0", ">=0.21,<0.23")."""
    specs = (specs,) if isinstance(specs, str) else specs
    return any(SpecifierSet(s).contains(Version(v), prereleases=True) for s in specs)


def versions(specs: tuple[str, ...]) -> str:
    """`specs` for a message: "0.21.0 or 0.22.0"."""
    return " or ".join(s.removeprefix("==") for s in specs)


def require(name: str, specs: tuple[str, ...]) -> None:
    """Stop with one clear line unless the running Manim is one of `specs` (patch `name` verified there)."""
    if not contains(specs, manim.__version__):
        raise RuntimeError(
            f"{name} is verified on manim {versions(specs)}; this is manim {manim.__version__}"
        )
