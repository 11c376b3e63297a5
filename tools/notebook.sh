#!/usr/bin/env bash
# `make notebook`: JupyterLab on notebooks/ (the seeds' walk-through, a run of your own), on localhost.
#
# The first run installs JupyterLab 4 into .venv with pip (jupyterlab and jupyter_server with their
# dependencies, about 60 MB, BSD-3-Clause); after that it starts offline: no update check, no news feed (its
# prompt disabled in .venv), a read-only extension manager (no PyPI look-ups), and the kernel is .venv's own
# Python (ipykernel comes with the project's dev extras). PORT=8888 by default; NO_BROWSER=1 only prints the
# address to open.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${PORT:-8888}
if ! [[ $PORT =~ ^[0-9]+$ ]] || ((PORT < 1024 || PORT > 65535)); then
  echo "notebook: PORT must be a whole number from 1024 to 65535; got '$PORT'" >&2
  exit 2
fi
if ! "$PY" -c 'import jupyterlab' 2>/dev/null; then
  echo "notebook: installing JupyterLab into .venv (once; about a minute)"
  "$PY" -m pip install -q 'jupyterlab>=4.1,<5'
fi
# JupyterLab's news feed asks on first start whether to fetch news from the internet: off, in .venv only
ANNOUNCEMENTS="@jupyterlab/apputils-extension:announcements"
if ! grep -qs "$ANNOUNCEMENTS" .venv/etc/jupyter/labconfig/page_config.json; then
  .venv/bin/jupyter labextension disable --level=sys_prefix "$ANNOUNCEMENTS" >/dev/null 2>&1
fi
open_browser=True
[ -n "${NO_BROWSER:-}" ] && open_browser=False
as_root=()
[ "$(id -u)" = 0 ] && as_root=(--allow-root) # a container's user: Jupyter refuses root unless told
exec "$PY" -m jupyterlab --ServerApp.root_dir=notebooks --ServerApp.ip=127.0.0.1 --ServerApp.port="$PORT" \
  --ServerApp.open_browser="$open_browser" --LabApp.news_url=None \
  --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate --LabApp.extension_manager=readonly \
  "${as_root[@]}"
