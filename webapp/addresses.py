"""Which addresses the site answers. Any other address, one segment or several (`/no-such-page`, `/a/b`), is
sent to the plain-language "page not found" page, so Streamlit never shows its developer notice or a blank
page. An ASGI middleware for st.App (see serve.py); the decision is a plain function.
"""
from __future__ import annotations

from . import access, logic

NOT_FOUND = "page-not-found"
# Streamlit's own routes: the websocket and health checks, the frontend, media, components.
FRAMEWORK_PREFIXES = ("/_stcore/", "/static/", "/media/", "/component/", "/app/static/")
WRITER_PAGES = ("report", "editor")


def known_pages() -> set[str]:
    names = {p.name for p in logic.discover_pages(logic.explainers_dir())}
    return names | {"home", NOT_FOUND} | (set(WRITER_PAGES) if access.writer_mode() else set())


def is_known(path: str, pages: set[str] | None = None) -> bool:
    """Does the site answer this address path itself?"""
    if path in ("", "/") or path.startswith(FRAMEWORK_PREFIXES):
        return True
    if any(prefix in path for prefix in FRAMEWORK_PREFIXES):
        return True  # the frontend probing for its base path ('/page/_stcore/health'): Streamlit answers 404
    name = path[1:] if path.startswith("/") else path
    name = name[:-1] if name.endswith("/") else name
    if "/" not in name and "." in name:  # a file at the top (favicon.png, manifest.json): Streamlit's to answer
        return True
    return name in (pages if pages is not None else known_pages())


class KnownAddresses:
    """Pure ASGI middleware: a GET for an unknown address is redirected to the not-found page."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD") and not is_known(scope.get("path", "")):
            root = scope.get("root_path", "").rstrip("/")
            await send({"type": "http.response.start", "status": 302,
                        "headers": [(b"location", f"{root}/{NOT_FOUND}".encode()),
                                    (b"cache-control", b"no-store"), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)
