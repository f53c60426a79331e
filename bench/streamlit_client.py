"""A Streamlit browser session without a browser: the websocket protocol spoken in asyncio.

STREAMLIT INTERNALS, for the load test only (bench/loadtest.py, and tests/deploy that drive load
with it). Streamlit's frontend and server talk over one websocket at ``/_stcore/stream`` in
protobuf messages shipped in the streamlit package (``streamlit.proto``): the browser sends a
``BackMsg`` with ``rerun_script`` (the page, the query string and the widgets' states) and the
server answers with ``ForwardMsg``s (the new session, the page's elements as deltas, and
``script_finished`` when the run is over). None of this is public API: it is pinned by
requirements.txt's streamlit==1.67.0 and may change with any Streamlit release. The app never
imports this module. bench/loadtest.py checks it against a real browser (its validation step).

What a session does here is what the page does in a browser, less the drawing: fetch the page's
address over HTTP (the answer carries nginx's affinity cookie), open the websocket with that cookie
and the browser's Origin, ask for a run of a page, and, for a filter change, ask for a run with
the widget's new value (a string for a selectbox or radio, a list of one string for a segmented
control, as the frontend sends them). The time of a change is from sending the request to the
``script_finished`` message, every element of the run received.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED_OK = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
ALERT_ERROR = 1  # streamlit.proto.Alert_pb2.Alert.Format.ERROR


class RunFailed(Exception):
    """A run that did not end well: an error on the page, a bad status, a closed connection."""


@dataclass
class Widget:
    label: str
    id: str
    kind: str  # selectbox | radio | button_group
    options: list[str]
    default: str | None


@dataclass
class Run:
    seconds: float
    widgets: dict[str, Widget] = field(default_factory=dict)  # single-choice filters by label
    texts: list[str] = field(default_factory=list)  # markdown bodies of the run
    elements: int = 0
    received_bytes: int = 0


def _widget(kind: str, element) -> Widget | None:
    options = [getattr(o, "content", o) for o in element.options]
    if kind in ("selectbox", "radio"):
        default = options[element.default] if element.HasField("default") and element.default < len(options) else None
        return Widget(element.label, element.id, kind, options, default)
    if kind == "button_group" and element.click_mode == 0:  # SINGLE_SELECT: a segmented control
        default = options[element.default[0]] if element.default else None
        return Widget(element.label, element.id, kind, options, default)
    return None


class Session:
    """One simulated browser tab."""

    def __init__(self, base_url: str, *, timeout: float = 30.0):
        self.base = base_url.rstrip("/")
        parsed = urlparse(self.base)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.prefix = parsed.path
        self.timeout = timeout
        self.cookie: str | None = None
        self.ws = None
        self.pages: dict[str, str] = {}  # url path -> page_script_hash (from the navigation message)
        self.page_hash = ""

    async def fetch_page(self, path: str) -> int:
        """GET the page's address as a browser does first (HTML; nginx sets its affinity cookie)."""
        reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), self.timeout)
        try:
            cookie = f"Cookie: {self.cookie}\r\n" if self.cookie else ""
            writer.write(
                f"GET {self.prefix}/{path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{cookie}"
                "Accept: text/html\r\nConnection: close\r\n\r\n".encode()
            )
            await writer.drain()
            raw = await asyncio.wait_for(reader.read(), self.timeout)
        finally:
            writer.close()
        head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "set-cookie":
                self.cookie = value.strip().split(";", 1)[0]
        return status

    async def connect(self) -> None:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self.ws = await asyncio.wait_for(
            websockets.connect(
                f"ws://{self.host}:{self.port}{self.prefix}/_stcore/stream",
                subprotocols=["streamlit"],
                origin=f"http://{self.host}:{self.port}",
                additional_headers=headers,
                max_size=None,
                open_timeout=self.timeout,
            ),
            self.timeout,
        )

    async def open(self, slug: str) -> Run:
        """A new tab on the page ``slug``: the HTML, the websocket, the page's first run."""
        status = await self.fetch_page(slug)
        if status != 200:
            raise RunFailed(f"GET /{slug}: HTTP {status}")
        await self.connect()
        return await self.rerun(page_name=slug)

    async def rerun(
        self, *, page_name: str = "", page_hash: str = "", query_string: str = "", widgets: list | tuple = ()
    ) -> Run:
        """Ask for a run (a page, a changed widget) and read until it has finished."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query_string
        state.page_script_hash = page_hash or ""
        state.page_name = page_name
        for widget, value in widgets:
            w = state.widget_states.widgets.add()
            w.id = widget.id
            if widget.kind == "button_group":
                w.string_array_value.data.append(value)
            else:
                w.string_value = value
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = Run(0.0)
        deadline = started + self.timeout
        while True:
            try:
                data = await asyncio.wait_for(self.ws.recv(), max(0.01, deadline - time.perf_counter()))
            except TimeoutError as exc:
                raise RunFailed(f"no script_finished within {self.timeout:.0f} s") from exc
            except websockets.ConnectionClosed as exc:
                raise RunFailed(f"websocket closed: {exc}") from exc
            run.received_bytes += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element_kind = fwd.delta.new_element.WhichOneof("type")
                element = getattr(fwd.delta.new_element, element_kind)
                run.elements += 1
                if element_kind == "exception":
                    raise RunFailed(f"exception on the page: {element.message[:200]}")
                if element_kind == "alert" and element.format == ALERT_ERROR:
                    raise RunFailed(f"error on the page: {element.body[:200]}")
                if element_kind == "markdown":
                    run.texts.append(element.body)
                if element_kind in ("selectbox", "radio", "button_group"):
                    widget = _widget(element_kind, element)
                    if widget is not None:
                        run.widgets[widget.label] = widget
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
                self.page_hash = fwd.navigation.page_script_hash
            elif kind == "script_finished":
                if fwd.script_finished != FINISHED_OK:
                    raise RunFailed(f"script finished with status {fwd.script_finished}")
                run.seconds = time.perf_counter() - started
                return run

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None
