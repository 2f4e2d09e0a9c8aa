"""What the commands share: the warehouse option, help from config fields, NAME=VALUE."""

from __future__ import annotations

import argparse
from pathlib import Path


def field(model, name: str) -> dict:
    """An option's default and help, read from the config field it sets (one source)."""
    field = model.model_fields[name]
    text = (field.description or "").replace("`", "").replace("%", "%%")
    return {"default": field.default, "help": text.rstrip(".")}


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Defaults in the help, but not for on/off flags (``--no-dediac (default: True)``)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        if action.nargs == 0 or action.default in (None, [], argparse.SUPPRESS):
            return action.help or ""
        return super()._get_help_string(action)


def warehouse_option(default: Path) -> argparse.ArgumentParser:
    """The ``--warehouse PATH`` option every warehouse command takes (a parent parser)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--warehouse",
        type=Path,
        default=default,
        metavar="PATH",
        help=f"DuckDB file (default: {default}; env AKHBAR_WAREHOUSE)",
    )
    return parent


def pairs(option: str, values: list[str]) -> dict[str, str]:
    """``NAME=VALUE`` options as a dict; ValueError names the bad one."""
    pairs = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name or not rest:
            raise ValueError(f"{option} takes NAME=VALUE, got {value!r}")
        pairs[name] = rest
    return pairs
