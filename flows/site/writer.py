"""Files of the review site: pages and assets written whole under the site root (temporary name, then
rename), plotly.js and the site's own CSS/JS from the installed packages, the navigation bar."""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path


class SiteWriter:
    """Writes pages under the site's root, each atomically (a temporary name, then a rename); counts them.
    (Writing them from threads while the next pages render was tried: no faster on this machine.)"""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pages = 0
        self._base = str(root)
        self._dirs: set[str] = set()

    def write(self, rel: str, text: str) -> None:
        path = f"{self._base}/{rel}"
        folder, _, name = path.rpartition("/")
        if folder not in self._dirs:
            os.makedirs(folder, exist_ok=True)
            self._dirs.add(folder)
        _write_whole(folder, name, text.encode("utf-8"))
        self.pages += 1

    def asset(self, rel: str, data: bytes) -> None:
        """A static file, written only when missing or different."""
        path = self.root / rel
        try:
            if path.stat().st_size == len(data) and hashlib.sha256(path.read_bytes()).digest() == \
                    hashlib.sha256(data).digest():
                return
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)


def _write_whole(folder: str, name: str, data: bytes) -> None:
    tmp = f"{folder}/.{name}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    os.replace(tmp, f"{folder}/{name}")


def plotly_js() -> bytes:
    """plotly.js as bundled in the installed ``plotly`` package (read from its files; plotly's Python API is
    not imported)."""
    return resources.files("plotly").joinpath("package_data", "plotly.min.js").read_bytes()


def own_asset(name: str) -> bytes:
    return resources.files("flows.site").joinpath("assets", name).read_bytes()


def nav_links(root: str, *, has_series: bool, dq_rel: str | None) -> list[tuple[str, str]]:
    out = [("Batches", f"{root}index.html")]
    if has_series:
        out.append(("Metrics", f"{root}metrics.html"))
    if dq_rel:
        out.append(("Data Docs (GX, online)", f"{root}{dq_rel}"))
    return out
