"""Opening a file an article or its metadata is read from: a regular file only, never a
FIFO, a device or a socket, whose read could wait for ever. Below both readers
(``readers``, ``metadata``), so that neither imports the other for it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import IngestError


def open_regular(path: Path, what: str = "file"):
    """``path`` opened for reading in binary, or :class:`IngestError` if it is not a regular
    file: a FIFO, a device or a socket is never read (nor waited on: the open does not
    block), whatever its name says."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise IngestError(f"{what} is a directory") from None
    except OSError as exc:
        raise IngestError(f"cannot read {what} ({exc.strerror or exc})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise IngestError(f"{what} is not a regular file (a FIFO, device or socket)")
    return os.fdopen(fd, "rb")
