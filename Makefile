# The two commands of the README:
#   make render   render every scene of the talk (talk.toml, lecture_scenes/catalogue.py) into media/,
#                 then print a table
#   make test     run the whole test suite on Manim 0.21 (.venv), then again on Manim 0.22 (.venv-manim022);
#                 it fails if either run fails. `make test-manim-0.22` runs it on 0.22 only.
# Both first run tools/setup.sh, which installs what is missing (apt packages, .venv, and for the tests
# .venv-manim022) and is quick otherwise. PYTEST_ARGS="-k kl -x" passes pytest options (to both runs).
#
# Variables: QUALITY=l|m|h|k (default l), SCENES="KLSweep CompressionCircle" (default: all), JOBS (default: cores),
# FORMATS="webm gif" (extra formats beside mp4 and PNG posters), MEDIA (output folder, default media),
# CATALOGUE=module:NAME (another list of scenes, e.g. the tests' tiny ones), THEME=dark|light (default: talk.toml's
# [theme], else dark; a theme other than dark writes under MEDIA/<theme>/), LANGUAGE=de|zh-Hans|... (a BCP 47 tag;
# default: talk.toml's [talk] language, else en; a language other than en writes under MEDIA/<language>/),
# VOICE=default|none|... (render, slides: the clips narrated, `lecture-scenes voices`; default: talk.toml's
# [narration] voice, else none; a narrated talk writes under MEDIA/narrated/<voice>/, docs/narration.md).
# `make slides` builds media/slides/talk.html (offline reveal.js) and talk.pptx from the same catalogue.
# `make figures` writes every scene's frames and paper figures as PDF, SVG and PNG under media/figures/<theme>/
# (THEME default light here; DPI=300 the PNGs' resolution at print size).
# `make notebook` opens JupyterLab on notebooks/ (the seeds' walk-through, a run of your own) on localhost;
# the first run installs JupyterLab into .venv (tools/notebook.sh), later runs need no network.

QUALITY ?= l
THEME ?=
LANGUAGE ?=
# Only LANGUAGE given on make's command line counts: the environment's $LANGUAGE is gettext's own (en_US:en).
LANGUAGE_ARG = $(if $(filter command line,$(origin LANGUAGE)),--language "$(LANGUAGE)")
VOICE ?=
SCENES ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FORMATS ?=
DPI ?= 300
MEDIA ?= media
CATALOGUE ?=
PYTEST_ARGS ?=
VENV := .venv/bin
VENV_022 := .venv-manim022/bin

.PHONY: render test slides figures preview notebook lint format bench clean setup test-manim-0.22

setup:
	@bash tools/setup.sh render

# The orchestration is Python (lecture_scenes/render.py, lecture_scenes/slides.py); these targets only pass
# the variables on.
RENDER_ARGS = --quality "$(QUALITY)" --media-dir "$(MEDIA)" $(if $(JOBS),--jobs "$(JOBS)") \
	$(if $(THEME),--theme "$(THEME)") $(LANGUAGE_ARG) \
	$(if $(CATALOGUE),--catalogue "$(CATALOGUE)") $(if $(VOICE),--voice "$(VOICE)") $(SCENES)

render:
	@bash tools/setup.sh render
	@$(VENV)/python -m lecture_scenes.render $(RENDER_ARGS) $(if $(FORMATS),--formats "$(FORMATS)")

FIGURE_ARGS = --dpi "$(DPI)" --media-dir "$(MEDIA)" $(if $(JOBS),--jobs "$(JOBS)") \
	$(if $(THEME),--theme "$(THEME)") $(LANGUAGE_ARG) \
	$(if $(CATALOGUE),--catalogue "$(CATALOGUE)") $(SCENES)

# `make preview SCENE=KLSweep [BEAT=2 | AT=7.5 | CLIP=1] [WATCH=1]`: one frame (or the clip) at preview quality
# in media/preview/; WATCH=1 redraws it on every save and shows it on a page on localhost.
SCENE ?=
BEAT ?=
AT ?=
CLIP ?=
WATCH ?=
preview:
	@bash tools/setup.sh render
	@$(VENV)/python -m lecture_scenes.preview "$(SCENE)" --quality "$(QUALITY)" --media-dir "$(MEDIA)" \
		$(if $(THEME),--theme "$(THEME)") $(LANGUAGE_ARG) \
		$(if $(BEAT),--beat "$(BEAT)") $(if $(AT),--at "$(AT)") \
		$(if $(CLIP),--clip) $(if $(WATCH),--watch)

figures:
	@bash tools/setup.sh render
	@$(VENV)/python -m lecture_scenes.figures $(FIGURE_ARGS)

# `make notebook [PORT=8888] [NO_BROWSER=1]`: JupyterLab on notebooks/, installed into .venv on first use.
PORT ?=
NO_BROWSER ?=
notebook:
	@bash tools/setup.sh render
	@PORT="$(PORT)" NO_BROWSER="$(NO_BROWSER)" bash tools/notebook.sh

slides:
	@bash tools/setup.sh slides
	@$(VENV)/python -m lecture_scenes.slides $(RENDER_ARGS)

# The suite once per Manim: each run says which Manim it is; the exit status is the first failing run's.
PYTEST_ON = $(1)/python -c 'import manim; print("make test: manim", manim.__version__)' && \
	$(1)/python -m pytest $(PYTEST_ARGS)

test:
	@bash tools/setup.sh test
	@status=0; $(call PYTEST_ON,$(VENV)) || status=$$?; \
	$(call PYTEST_ON,$(VENV_022)) || { s=$$?; [ $$status -ne 0 ] || status=$$s; }; \
	exit $$status

# The suite on Manim 0.22 only (.venv-manim022: tools/constraints-manim-0.22.txt instead of constraints.txt).
test-manim-0.22:
	@bash tools/setup.sh manim-0.22
	@$(call PYTEST_ON,$(VENV_022))

lint:
	@bash tools/setup.sh render
	@$(VENV)/ruff check . && $(VENV)/ruff format --check .

format:
	@$(VENV)/ruff format . && $(VENV)/ruff check --fix .

bench:
	@bash tools/setup.sh render
	@$(VENV)/python bench/mathcore_bench.py

clean:
	find media -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	rm -rf build slides .pytest_cache
	@if [ -x $(VENV)/python ]; then $(VENV)/python -c "from scenes.kit.patches import typeset_cache as t; t.clear()"; fi
	@touch media/.gitkeep
