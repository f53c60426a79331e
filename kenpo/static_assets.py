"""Streamlit's frontend files (its /static/ folder: JavaScript, CSS, fonts) served from memory.

A page's first load in a new browser asks the server for about 140 of these files (60 for the
frontend, 80 more for the elements the page draws: chart, table, selectbox…). Streamlit answers
each through its whole middleware stack (path checks, a signed session cookie, gzip selection) and
a file read in a worker thread: about 0.9 ms of server CPU a file, 120 ms a page load, while the
same process also runs the page's script. On this 2-core machine the browser waited for the late
files (the chart's own code among them) in bursts behind that work. Here each file is read once,
kept with its headers, and answered in one step (0.3 ms a file; bench/run.py, "server CPU").

Streamlit's st.App puts the routes and middleware it is given before its own ("this allows users
to override non-reserved routes like static files"); this middleware is given to it by server.py.
Only files that are in Streamlit's static folder when the server starts are answered, by exact
path; anything else (a page, /_stcore/…, /media/…, a name that is not there) goes on to Streamlit
unchanged. The headers are Streamlit's own for these files: immutable for a year, since every file
name carries a content hash.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

import streamlit as st

FOLDER = Path(st.__file__).parent / "static"
CACHE_CONTROL = b"public, immutable, max-age=31536000"


def _content_type(name: str) -> bytes:
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
        kind += "; charset=utf-8"
    return kind.encode()


class StaticFromMemory:
    """ASGI middleware: GET and HEAD of ``<base>/static/<file>`` answered from memory."""

    def __init__(self, app, folder: Path = FOLDER, base_url_path: str | None = None) -> None:
        self.app = app
        base = (st.get_option("server.baseUrlPath") if base_url_path is None else base_url_path) or ""
        prefix = "/" + base.strip("/") if base.strip("/") else ""
        # Every file there now, by the exact path a browser asks for; read on first request.
        self.paths: dict[str, Path] = {
            f"{prefix}/{p.relative_to(folder).as_posix()}": p
            for p in (folder / "static").rglob("*")
            if p.is_file() and not p.name.endswith(".map")
        }
        self.answers: dict[str, tuple[list[tuple[bytes, bytes]], bytes, bytes]] = {}

    def answer(self, path: str) -> tuple[list[tuple[bytes, bytes]], bytes, bytes] | None:
        hit = self.answers.get(path)
        if hit is None and path in self.paths:
            body = self.paths[path].read_bytes()
            etag = b'"' + hashlib.md5(body, usedforsecurity=False).hexdigest().encode() + b'"'
            headers = [
                (b"content-type", _content_type(path)),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", CACHE_CONTROL),
                (b"etag", etag),
            ]
            hit = self.answers[path] = (headers, body, etag)
        return hit

    async def __call__(self, scope, receive, send) -> None:
        hit = None
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            hit = self.answer(scope["path"])
        if hit is None:
            await self.app(scope, receive, send)
            return
        headers, body, etag = hit
        request_headers = dict(scope.get("headers") or [])
        if request_headers.get(b"if-none-match") == etag:
            await send({"type": "http.response.start", "status": 304, "headers": headers[2:]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body if scope["method"] == "GET" else b""})
