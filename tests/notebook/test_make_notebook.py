"""`make notebook` (tools/notebook.sh): a bad PORT is one line and exit 2, before anything is installed or
started. (Starting JupyterLab itself is checked by hand: docs/notebook.md.)"""

from __future__ import annotations

import os
import subprocess

import pytest

from lecture_scenes.catalogue import ROOT


@pytest.mark.parametrize("port", ["abc", "80", "70000"])
def test_a_bad_port_is_one_line(port):
    done = subprocess.run(
        ["bash", str(ROOT / "tools" / "notebook.sh")],
        env={**os.environ, "PORT": port},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"notebook: PORT must be a whole number from 1024 to 65535; got '{port}'\n"
