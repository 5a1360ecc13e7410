"""The reviewer's configuration: who they are and which keys they like.

``$WORKBENCH_CONFIG`` or ``~/.config/workbench/config.toml``::

    reviewer = "ana"
    [keys]
    accept = "y"          # binding id = key(s), comma-separated for several
    reject = "n,x"
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(Exception):
    """A configuration file the workbench cannot use; the message names the file."""


@dataclass(frozen=True)
class Config:
    reviewer: str
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None


def config_path() -> Path:
    env = os.environ.get("WORKBENCH_CONFIG")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or "~/.config"
    return Path(base).expanduser() / "workbench" / "config.toml"


def default_reviewer() -> str:
    try:
        return os.environ.get("USER") or getpass.getuser() or "reviewer"
    except Exception:  # getpass raises when there is no user database entry at all
        return "reviewer"


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    if not path.exists():
        return Config(reviewer=default_reviewer())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    reviewer = data.get("reviewer") or default_reviewer()
    if not isinstance(reviewer, str):
        raise ConfigError(f"{path}: reviewer must be a string")
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keys.items()
    ):
        raise ConfigError(f'{path}: [keys] must map binding ids to key strings, like accept = "y"')
    return Config(reviewer=reviewer, keys=dict(keys), path=path)
