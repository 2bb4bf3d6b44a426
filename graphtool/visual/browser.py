"""Open a page in headless Chromium with no network: screenshots, timing, console errors.

Used by ``graphtool render --png``, the browser tests and ``bench/render.py``. It talks
to Chromium over the DevTools protocol on a pipe (``--remote-debugging-pipe``: JSON
messages separated by NUL bytes on file descriptors 3 and 4), so it needs no
websocket client and no free port. Only the standard library is used.

Networking is cut three ways: every host resolves to nothing, all traffic goes to a
proxy that does not exist, and every request the page makes is recorded so a caller
can assert that nothing but the page itself was loaded.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty, Queue
from typing import Any

from graphtool.errors import RenderError

__all__ = ["BrowserNotFound", "PageReport", "find_chromium", "load_page"]

_CANDIDATES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "chrome-headless-shell",
    "headless_shell",
)


class BrowserNotFound(RenderError):
    """No Chromium or Chrome executable was found."""

    def __init__(self) -> None:
        super().__init__(
            "no headless Chromium found (looked for $GRAPHTOOL_CHROMIUM, "
            + ", ".join(_CANDIDATES[:4])
            + "). Install it (Debian: 'apt-get install chromium') or set GRAPHTOOL_CHROMIUM."
        )


def find_chromium() -> str | None:
    """The Chromium executable: ``$GRAPHTOOL_CHROMIUM``, else the first one on PATH."""
    env = os.environ.get("GRAPHTOOL_CHROMIUM")
    if env:
        return env if (Path(env).is_file() or shutil.which(env)) else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageReport:
    """What happened when a page was opened."""

    url: str
    drawn: bool = False
    #: seconds from navigation start until the page reported it had drawn
    draw_seconds: float | None = None
    #: console errors, uncaught exceptions and browser log errors, as text
    errors: list[str] = field(default_factory=list)
    #: every URL the page requested other than itself and data:/blob: URLs
    requests: list[str] = field(default_factory=list)
    png: bytes | None = None
    #: the value of ``evaluate`` (run after drawing), when given
    value: Any = None


def load_page(
    path: str | os.PathLike[str],
    *,
    width: int = 1400,
    height: int = 900,
    timeout: float = 60.0,
    ready: str = "window.graphtool && window.graphtool.drawn === true",
    settle: float = 0.3,
    screenshot: bool = False,
    evaluate: str | None = None,
    chromium: str | None = None,
    init: str | None = None,
) -> PageReport:
    """Open a local HTML file in headless Chromium with networking disabled.

    Parameters:
        ready: a JavaScript expression polled until true (the page has drawn).
        settle: seconds to wait after ``ready`` before the screenshot and ``evaluate``.
        screenshot: capture a PNG of the viewport into ``report.png``.
        evaluate: a JavaScript expression whose (JSON-able) value goes to ``report.value``;
            it may return a promise.
        init: a script run in the page before any of its own (instruments for
            benchmarks: hooks on the drawing calls, say).

    Raises:
        BrowserNotFound: no Chromium is installed.
        RenderError: Chromium failed to start, or the page did not draw in ``timeout``.
    """
    exe = chromium or find_chromium()
    if not exe:
        raise BrowserNotFound()
    url = Path(path).resolve().as_uri()
    report = PageReport(url=url)
    with _Chromium(exe, width, height) as cdp:
        session = cdp.open_page()
        for domain in ("Page", "Runtime", "Log", "Network"):
            cdp.call(f"{domain}.enable", session=session)
        cdp.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session=session,
        )
        if init is not None:
            cdp.call("Page.addScriptToEvaluateOnNewDocument", {"source": init}, session=session)
        start = time.monotonic()
        cdp.call("Page.navigate", {"url": url}, session=session)
        deadline = start + timeout
        while True:
            cdp.drain(report, url)
            res = cdp.call(
                "Runtime.evaluate",
                {"expression": f"!!({ready})", "returnByValue": True},
                session=session,
                # The page's main thread may be busy parsing a large page for a while.
                timeout=max(1.0, deadline - time.monotonic()),
            )
            if res.get("result", {}).get("value") is True:
                report.drawn = True
                report.draw_seconds = time.monotonic() - start
                break
            if report.errors and any("Uncaught" in e for e in report.errors):
                break
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
        if report.drawn:
            time.sleep(settle)
            if evaluate is not None:
                res = cdp.call(
                    "Runtime.evaluate",
                    {"expression": evaluate, "returnByValue": True, "awaitPromise": True},
                    session=session,
                    timeout=timeout,
                )
                if "exceptionDetails" in res:
                    report.errors.append("evaluate: " + _exception_text(res["exceptionDetails"]))
                else:
                    report.value = res.get("result", {}).get("value")
            if screenshot:
                shot = cdp.call(
                    "Page.captureScreenshot",
                    {"format": "png", "fromSurface": True},
                    session=session,
                )
                report.png = base64.b64decode(shot["data"])
        time.sleep(0.05)
        cdp.drain(report, url)
    if not report.drawn and not report.errors:
        raise RenderError(f"Chromium did not draw {path} within {timeout:g} s")
    return report


def _exception_text(details: Mapping[str, Any]) -> str:
    exc = details.get("exception") or {}
    text = exc.get("description") or details.get("text") or "exception"
    return f"{text} ({details.get('url', '')}:{details.get('lineNumber', '?')})"


class _Chromium:
    """A headless Chromium driven over ``--remote-debugging-pipe``."""

    def __init__(self, exe: str, width: int, height: int) -> None:
        self.exe = exe
        self.size = (width, height)
        self._next = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._events: Queue[dict[str, Any]] = Queue()
        self._lock = threading.Condition()
        self._closed = False

    def __enter__(self) -> _Chromium:
        self._profile = tempfile.TemporaryDirectory(prefix="graphtool-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        args = [
            self.exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            "--metrics-recording-only",
            "--mute-audio",
            "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>",
            f"--window-size={self.size[0]},{self.size[1]}",
            f"--user-data-dir={self._profile.name}",
            "--remote-debugging-pipe",
            "about:blank",
        ]

        # posix_spawn maps the pipe ends onto fds 3 and 4 without running Python in
        # the child (safe with threads). Move them above 4 first, so that mapping
        # one never overwrites the other.
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_child_r, from_child_w)]
        err_r, err_w = os.pipe()
        err_w_high = fcntl.fcntl(err_w, fcntl.F_DUPFD_CLOEXEC, 10)
        for fd in (to_child_r, from_child_w, err_w):
            os.close(fd)
        self._err = err_r
        try:
            self._pid = os.posix_spawn(
                self.exe,
                args,
                os.environ,
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                    (os.POSIX_SPAWN_DUP2, err_w_high, 2),
                    (os.POSIX_SPAWN_DUP2, high[0], 3),
                    (os.POSIX_SPAWN_DUP2, high[1], 4),
                ],
                setsid=True,
            )
        except OSError as exc:
            # No browser, so no __exit__: close our ends of all three pipes here.
            for fd in (self._to_child, self._from_child, err_r):
                os.close(fd)
            self._profile.cleanup()
            raise RenderError(f"cannot start Chromium ({self.exe}): {exc}") from exc
        finally:
            for fd in (*high, err_w_high):
                os.close(fd)
        self._stderr: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except RenderError:
            pass
        if not self._wait(10):
            try:
                os.killpg(self._pid, signal.SIGKILL)
            except OSError:
                pass
            self._wait(10)
        for fd in (self._to_child, self._from_child, self._err):
            try:
                os.close(fd)
            except OSError:
                pass
        self._profile.cleanup()

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buf += chunk
            *messages, buf = buf.split(b"\0")
            for raw in messages:
                msg = json.loads(raw)
                if "id" in msg:
                    with self._lock:
                        self._replies[msg["id"]] = msg
                        self._lock.notify_all()
                else:
                    self._events.put(msg)
        with self._lock:
            self._closed = True
            self._lock.notify_all()

    def _wait(self, timeout: float) -> bool:
        """Reap the browser; False if it is still running after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                pid, _ = os.waitpid(self._pid, os.WNOHANG)
            except ChildProcessError:
                return True
            if pid:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    def _read_stderr(self) -> None:
        with os.fdopen(os.dup(self._err), "rb") as stream:
            for line in stream:
                if len(self._stderr) < 200:
                    self._stderr.append(line)

    def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        session: str | None = None,
        timeout: float = 60.0,
    ) -> dict[str, Any]:
        with self._lock:
            self._next += 1
            mid = self._next
        msg: dict[str, Any] = {"id": mid, "method": method, "params": dict(params or {})}
        if session:
            msg["sessionId"] = session
        try:
            os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        except OSError as exc:
            raise RenderError(f"Chromium closed its DevTools pipe: {exc}{self._tail()}") from exc
        deadline = time.monotonic() + timeout
        with self._lock:
            while mid not in self._replies:
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    raise RenderError(f"no answer from Chromium to {method}{self._tail()}")
                self._lock.wait(left)
            reply = self._replies.pop(mid)
        if "error" in reply:
            raise RenderError(f"Chromium refused {method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def _tail(self) -> str:
        text = b"".join(self._stderr[-10:]).decode(errors="replace").strip()
        return f"\nChromium said:\n{text}" if text else ""

    def open_page(self) -> str:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        return str(attached["sessionId"])

    def drain(self, report: PageReport, page_url: str) -> None:
        """Move pending DevTools events into ``report``."""
        while True:
            try:
                ev = self._events.get_nowait()
            except Empty:
                return
            method, p = ev.get("method"), ev.get("params", {})
            if method == "Runtime.exceptionThrown":
                report.errors.append("Uncaught " + _exception_text(p.get("exceptionDetails", {})))
            elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                args = p.get("args", [])
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in args)
                report.errors.append(f"console.{p.get('type')}: {text}")
            elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                e = p["entry"]
                report.errors.append(
                    f"{e.get('source', 'log')}: {e.get('text', '')} {e.get('url', '')}".strip()
                )
            elif method == "Network.requestWillBeSent":
                req_url = p.get("request", {}).get("url", "")
                if req_url != page_url and not req_url.startswith(("data:", "blob:", "about:")):
                    report.requests.append(req_url)
