#!/usr/bin/env python3
"""Screenshots of every page of a built site in headless Chromium, and a console check.

Usage: screenshots.py SITE_DIR OUT_DIR [--axe AXE_MIN_JS]

Opens each SITE_DIR/*.html from file:// (so relative links are exercised as a reader on disk meets
them) at desktop (1280 px) and phone (390 px) widths, in light and dark colour schemes, and saves a
full-page PNG per combination as OUT_DIR/<page>-<width>-<scheme>.png; also <page>-print.png (the print
stylesheet) and <page>-focus1.png, -focus2.png (the viewport after one and two Tab presses, to see the
skip link and the focus ring). Exits 1 when any page logs a console error, throws, fails to load a
resource (a missing stylesheet, say), or is wider than the phone screen, or when reader.js does not
do its work (a copy button per code block; the theme switch flips the page and is remembered) or
leaves a trace with scripting off.

With --axe, also runs the axe-core accessibility checker (its axe.min.js, for example from the wheel of
PyPI's axe-playwright-python: `pip download --no-deps axe-playwright-python` and unzip it) on every page
at each width and scheme, prints each violation (rule, impact, count, first element) and exits 1 when
there is any.

Talks to Chromium over the DevTools protocol with a small WebSocket client of its own, so it needs
only the Python standard library and Debian's `chromium`.
"""

import base64
import json
import os
import pathlib
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

WIDTHS = {"desktop": 1280, "phone": 390}
SCHEMES = ("light", "dark")


class WebSocket:
    """A minimal RFC 6455 client: text frames out (masked), text frames in (any length, fragmented)."""

    def __init__(self, url):
        match = re.match(r"ws://([^:/]+):(\d+)(/.*)", url)
        host, port, path = match.group(1), int(match.group(2)), match.group(3)
        self.sock = socket.create_connection((host, port))
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("WebSocket handshake failed")
            response += chunk
        head, _, self.buffer = response.partition(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(f"WebSocket handshake refused: {head[:200]!r}")

    def send(self, text):
        payload = text.encode()
        header = bytearray([0x81])
        if len(payload) < 126:
            header.append(0x80 | len(payload))
        elif len(payload) < 1 << 16:
            header.append(0x80 | 126)
            header += struct.pack(">H", len(payload))
        else:
            header.append(0x80 | 127)
            header += struct.pack(">Q", len(payload))
        mask = os.urandom(4)
        header += mask
        self.sock.sendall(bytes(header) + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _read(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise RuntimeError("WebSocket closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def receive(self):
        message = b""
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if second & 0x80 else None
            payload = self._read(length)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = first & 0x0F
            if opcode == 0x8:
                raise RuntimeError("WebSocket closed by Chromium")
            if opcode in (0x9, 0xA):  # ping, pong: ignore
                continue
            message += payload
            if first & 0x80:
                return message.decode()


class DevTools:
    """Commands and events of one page target."""

    def __init__(self, url):
        self.ws = WebSocket(url)
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for index, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(index)
            self.events.append(json.loads(self.ws.receive()))
        raise RuntimeError(f"timed out waiting for {method}")


def launch_chromium(profile):
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        sys.exit("screenshots: no chromium found (Debian: apt-get install -y chromium)")
    process = subprocess.Popen(
        [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--remote-debugging-port=0", f"--user-data-dir={profile}", "--no-first-run",
         "--disable-extensions", "--force-color-profile=srgb", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        line = process.stderr.readline()
        match = re.search(r"DevTools listening on (ws://\S+)", line)
        if match:
            return process, match.group(1)
    process.kill()
    sys.exit("screenshots: chromium did not start")


def page_target(browser_url):
    """A WebSocket URL for a fresh page target, created through the browser target."""
    browser = DevTools(browser_url)
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    port_path = re.match(r"(ws://[^/]+)/", browser_url).group(1)
    return f"{port_path}/devtools/page/{target}"


def problems_in(events, page):
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
            found.append(f"{page}: console.{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            found.append(f"{page}: uncaught: {params['exceptionDetails'].get('text')}")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            entry = params["entry"]
            if entry.get("source") == "network" and entry.get("url", "").startswith(("http:", "https:")):
                # 404.html links to the published site when base-url is set; offline that cannot load.
                print(f"screenshots: warning: {page}: not loaded (offline?): {entry.get('url')}", file=sys.stderr)
                continue
            found.append(f"{page}: {entry.get('source')}: {entry.get('text')} {entry.get('url', '')}".rstrip())
    return found


def axe_violations(tab, axe_source, page):
    """Runs axe-core in the loaded page; one line per violated rule."""
    tab.call("Runtime.evaluate", expression=axe_source)
    result = tab.call("Runtime.evaluate", awaitPromise=True, returnByValue=True,
                      expression="axe.run(document).then(r => r.violations.map(v => "
                                 "({id: v.id, impact: v.impact, count: v.nodes.length, "
                                 "target: String(v.nodes[0].target)})))")
    if "exceptionDetails" in result:
        return [f"{page}: axe did not run: {result['exceptionDetails'].get('text')}"]
    return [f"{page}: axe: {v['id']} ({v['impact']}) on {v['count']} element(s), first {v['target']}"
            for v in result["result"]["value"]]


def evaluate(tab, expression):
    return tab.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")


def reader_script_problems(tab, page, name):
    """reader.js on `page`: a copy button per code block, the theme switch flips and is remembered across
    a reload; with scripting off, neither is there and the navigation is still in the page."""
    problems = []
    tab.call("Page.navigate", url=page.as_uri())
    tab.wait_for("Page.loadEventFired")
    blocks, buttons = evaluate(tab, "[document.querySelectorAll('pre > code').length, "
                                    "document.querySelectorAll('button.copy-code').length]")
    if blocks != buttons:
        problems.append(f"{name}: {buttons} copy buttons for {blocks} code blocks")
    evaluate(tab, "localStorage.removeItem('literate-theme'); document.querySelector('.theme-switch').click()")
    if evaluate(tab, "document.documentElement.dataset.theme") != "dark":
        problems.append(f"{name}: the theme switch did not turn the page dark")
    tab.call("Page.reload")
    tab.wait_for("Page.loadEventFired")
    if evaluate(tab, "document.documentElement.dataset.theme") != "dark":
        problems.append(f"{name}: the dark theme was not remembered across a reload")
    evaluate(tab, "localStorage.removeItem('literate-theme')")
    tab.call("Emulation.setScriptExecutionDisabled", value=True)
    tab.call("Page.navigate", url=page.as_uri())
    tab.wait_for("Page.loadEventFired")
    tab.call("Emulation.setScriptExecutionDisabled", value=False)
    document = tab.call("DOM.getDocument", depth=-1)["root"]["nodeId"]
    for selector, wanted in ((".theme-switch", 0), ("button.copy-code", 0), ("nav.site-nav a", None)):
        found = len(tab.call("DOM.querySelectorAll", nodeId=document, selector=selector)["nodeIds"])
        if (wanted is None and found == 0) or (wanted is not None and found != wanted):
            problems.append(f"{name} without scripts: {found} of {selector}")
    return problems


def main():
    arguments = sys.argv[1:]
    axe_source = None
    if "--axe" in arguments:
        at = arguments.index("--axe")
        axe_source = pathlib.Path(arguments[at + 1]).read_text()
        del arguments[at:at + 2]
    if len(arguments) != 2:
        sys.exit(__doc__.strip().splitlines()[2])
    site, out = pathlib.Path(arguments[0]).resolve(), pathlib.Path(arguments[1])
    pages = sorted(site.glob("*.html"))
    if not pages:
        sys.exit(f"screenshots: no pages in {site}")
    out.mkdir(parents=True, exist_ok=True)
    problems, shots = [], 0
    # Chromium's helper processes can outlive the browser by a moment and still write to the profile;
    # a profile left half-removed is not a failed check.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        process, browser_url = launch_chromium(profile)
        try:
            tab = DevTools(page_target(browser_url))
            for domain in ("Page", "Runtime", "Log", "DOM"):
                tab.call(f"{domain}.enable")
            for page in pages:
                for device, width in WIDTHS.items():
                    for scheme in SCHEMES:
                        tab.call("Emulation.setDeviceMetricsOverride", width=width, height=900,
                                 deviceScaleFactor=1, mobile=device == "phone")
                        tab.call("Emulation.setEmulatedMedia", media="screen",
                                 features=[{"name": "prefers-color-scheme", "value": scheme}])
                        tab.events.clear()
                        tab.call("Page.navigate", url=page.as_uri())
                        tab.wait_for("Page.loadEventFired")
                        time.sleep(0.2)
                        size = tab.call("Page.getLayoutMetrics")["cssContentSize"]
                        shot = tab.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                        clip={"x": 0, "y": 0, "width": width,
                                              "height": min(size["height"], 16000), "scale": 1})
                        name = out / f"{page.stem}-{width}-{scheme}.png"
                        name.write_bytes(base64.b64decode(shot["data"]))
                        shots += 1
                        # Wider than the viewport means the phone layout scrolls sideways.
                        if size["width"] > width + 1:
                            problems.append(f"{page.name} at {width}px: page is {size['width']:.0f}px wide")
                        problems += problems_in(tab.events, f"{page.name} ({width}px, {scheme})")
                        if axe_source:
                            problems += axe_violations(tab, axe_source, f"{page.name} ({width}px, {scheme})")
                # The print stylesheet, and keyboard focus on the first stop (the skip link) and the next.
                tab.call("Emulation.setDeviceMetricsOverride", width=WIDTHS["desktop"], height=900,
                         deviceScaleFactor=1, mobile=False)
                tab.call("Emulation.setEmulatedMedia", media="screen", features=[])
                problems += reader_script_problems(tab, page, page.name)
                tab.call("Emulation.setEmulatedMedia", media="print", features=[])
                tab.call("Page.reload")
                tab.wait_for("Page.loadEventFired")
                size = tab.call("Page.getLayoutMetrics")["cssContentSize"]
                shot = tab.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                clip={"x": 0, "y": 0, "width": WIDTHS["desktop"],
                                      "height": min(size["height"], 16000), "scale": 1})
                (out / f"{page.stem}-print.png").write_bytes(base64.b64decode(shot["data"]))
                tab.call("Emulation.setEmulatedMedia", media="screen",
                         features=[{"name": "prefers-color-scheme", "value": "light"}])
                tab.call("Page.reload")
                tab.wait_for("Page.loadEventFired")
                for stop in (1, 2):
                    for kind in ("keyDown", "keyUp"):
                        tab.call("Input.dispatchKeyEvent", type=kind, key="Tab", code="Tab",
                                 windowsVirtualKeyCode=9)
                    time.sleep(0.1)
                    shot = tab.call("Page.captureScreenshot", format="png")
                    (out / f"{page.stem}-focus{stop}.png").write_bytes(base64.b64decode(shot["data"]))
                shots += 3
        finally:
            process.kill()
            process.wait()
    print(f"screenshots: {shots} PNGs of {len(pages)} pages in {out}/")
    for problem in problems:
        print(f"screenshots: error: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
