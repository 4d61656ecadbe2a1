"""The linter's data files (linter/data/): default thresholds and limits, word lists, the vocabulary."""
from __future__ import annotations

from importlib import resources

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster than pure Python


def data_file(name: str):
    """A YAML file shipped in linter/data, parsed."""
    return yaml.load(resources.files("linter").joinpath(f"data/{name}").read_text(encoding="utf-8"), Loader=_LOADER)


SETTINGS: dict = data_file("settings.yaml")
