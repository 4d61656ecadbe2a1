"""Default thresholds and limits, loaded from linter/data/settings.yaml."""
from __future__ import annotations

from importlib import resources

import yaml

SETTINGS: dict = yaml.safe_load(resources.files("linter").joinpath("data/settings.yaml").read_text(encoding="utf-8"))
