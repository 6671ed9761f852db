"""The only way WeasyPrint may load anything while rendering a dossier.

A dossier is built from user text (names, purposes, URLs of channels). Everything is escaped,
but a renderer that can fetch URLs is one template mistake away from requesting an attacker's
address, reading a local file into the PDF, or leaking that an inspection is being prepared.
So the fetcher refuses everything except regular files below the application's static folder
(the fonts and the stylesheet); no network, no data: URLs, no other files.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

ALLOWED_SUFFIXES = {
    ".icc": "application/vnd.iccprofile",
    ".css": "text/css; charset=utf-8",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff2": "font/woff2",
}


class RefusedURL(ValueError):
    """A URL the dossier renderer may not load."""


class StaticOnlyFetcher(URLFetcher):
    """Serve file:// URLs of fonts and stylesheets below `root`; refuse everything else."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.root = root.resolve()

    def base_url(self) -> str:
        """The base URL templates resolve relative references against (the static folder)."""
        return self.root.as_uri() + "/"

    def resolve(self, url: str) -> Path:
        """The file a URL names, or RefusedURL when it is not one of ours."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"alleen eigen statische bestanden, geweigerd: {url[:200]}")
        path = Path(url2pathname(unquote(parts.path))).resolve()  # resolve(): symlinks and ../ cannot escape
        if not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedURL(f"buiten de statische map of onbestaand, geweigerd: {url[:200]}")
        if path.suffix.lower() not in ALLOWED_SUFFIXES:
            raise RefusedURL(f"bestandstype niet toegelaten: {url[:200]}")
        return path

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = self.resolve(url)
        mime = ALLOWED_SUFFIXES[path.suffix.lower()]
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})
