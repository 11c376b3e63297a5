# The two commands of the README:
#   make render   render every scene of the talk (scenes/catalogue.py) into media/, then print a table
#   make test     run the whole test suite
# Both first run tools/setup.sh, which installs what is missing (apt packages, .venv) and is quick otherwise.
#
# Variables: QUALITY=l|m|h|k (default l), SCENES="KLSweep CompressionCircle" (default: all), JOBS (default: cores),
# FORMATS="webm gif" (extra formats beside mp4 and PNG posters).

QUALITY ?= l
SCENES ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FORMATS ?=
PYTEST_ARGS ?=
VENV := .venv/bin

.PHONY: render test slides lint format bench clean setup

setup:
	@bash tools/setup.sh render

render:
	@bash tools/setup.sh render
	@$(VENV)/python -m scenes.render --quality $(QUALITY) --jobs $(JOBS) \
		$(if $(FORMATS),--formats "$(FORMATS)") $(SCENES)

test:
	@bash tools/setup.sh test
	@$(VENV)/python -m pytest $(PYTEST_ARGS)

lint:
	@bash tools/setup.sh render
	@$(VENV)/ruff check . && $(VENV)/ruff format --check .

format:
	@$(VENV)/ruff format . && $(VENV)/ruff check --fix .

bench:
	@bash tools/setup.sh render
	@$(VENV)/python bench/mathcore_bench.py

clean:
	rm -rf media/* build slides .pytest_cache
	@touch media/.gitkeep
