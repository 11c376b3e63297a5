"""A turning 3-D camera redraws only what moves with it: still mobjects stay in the cached static frame.

Once a ``ThreeDScene``'s camera moves, Manim's ``ThreeDScene.get_moving_mobjects`` returns every mobject of
the scene (``self.mobjects`` itself), so each frame redraws all of them. Mobjects fixed in the frame that
neither animate nor update (a title, a colour bar) and that the scene lists in ``self.still`` are drawn
once, into the static frame beneath, instead: the same pixels (tests/kit/test_patches.py renders a 3-D clip
both ways and compares every frame). Manim's door is the scene's own ``get_moving_mobjects``:
scenes.kit.base.LectureScene3D calls :func:`scenes.kit.patches.moving_mobjects` from it.
"""

from __future__ import annotations

NAME = "still mobjects under a turning 3-D camera"


def moving(scene, moving: list, animations) -> list:
    """`moving` (Manim's list for this play) without the scene's still mobjects, when Manim redraws all."""
    still_ones = getattr(scene, "still", None)
    if moving is not scene.mobjects or not still_ones:
        return moving
    animated = {id(m) for a in animations for m in a.mobject.get_family()}

    def still(mob) -> bool:
        return any(mob is m for m in still_ones) and id(mob) not in animated and not mob.get_family_updaters()

    return [m for m in scene.mobjects if not still(m)]


def apply() -> None:
    """Nothing to replace: LectureScene3D asks :func:`moving` through its own ``get_moving_mobjects``."""
