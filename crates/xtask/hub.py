"""A class on one server: the book's notebooks on a real JupyterHub, and that hub under load.

    python hub.py serve [--port N]      the hub on 127.0.0.1 (cargo xtask hub)
    python hub.py release NAME          the instructor releases exercise NAME (nbgrader exchange)
    python hub.py collect NAME          ... and collects what students submitted, for `grade`
    python hub.py load N [--notebook FILE] [--out FILE] [--without-shared-build]
                         [--memory-floor-gb G]   N students at once (cargo xtask hub-load)
    python hub.py check --dir DIR --out FILE   what tests/tests/hub.rs checks (see `check`)
    python hub.py prebuild | is-prebuilt       the class's shared build (cargo xtask setup hub)

The hub's settings are in `hub/jupyterhub_config.py` beside this file. `serve`, `release` and
`collect` keep the class's files in `target/hub/`; `load` and `check` start a hub of their own in
a throwaway folder, on free ports, and stop it and every process it started when they end,
whatever happened (each process of the hub carries a mark in its environment, `GENAI_HUB_ID`,
and the end looks for that mark, so a student's kernel or its rust-analyzer cannot outlive it).

A simulated student does what a student's browser does, over the hub's REST API and the
kernel's websocket: signs in (a token for their name and the class's password), starts their
server, opens a notebook's kernel, and sends the notebook's code cells one at a time, each when
the one before has answered. Outputs are taken as Jupyter's own client takes them, so they can
be compared with the committed notebook.
"""

import argparse
import asyncio
import hashlib
import json
import os
import pathlib
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
CONFIG = HERE / "hub" / "jupyterhub_config.py"
VENV_BIN = pathlib.Path(sys.executable).parent
COURSE = "genai"
# The class's own hub (`serve`, `release`, `collect`).
CLASS_DIR = ROOT / "target" / "hub"
# Bounds, so that a stuck hub or kernel cannot hold the machine: seconds.
HUB_START = 120
SERVER_START = 600
FIRST_CELL = 900
CELL = 300
# How long the kernel's first answer is waited for before the question is asked again.
ASK_AGAIN = 5


class NoAnswer(RuntimeError):
    """A kernel's reply, or its idle status, did not come within the time allowed."""


sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))


def kernel_pool():
    """The hub's kernel pool, with the class's shared build: in the system's temporary folder
    (where kernel.py keeps its pools, for the reason it gives), one per user and per copy of the
    book, since the build names the library by its full path."""
    tag = hashlib.sha256(str(ROOT).encode()).hexdigest()[:10]
    return pathlib.Path(tempfile.gettempdir()) / f"what-is-genai-hub-{os.getuid()}-{tag}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


class Hub:
    """A running JupyterHub: started with `start`, stopped (with everything it started) by
    `stop`, also when used in a `with` block that fails."""

    def __init__(self, folder, port=None, quiet=True, pool=None):
        self.dir = pathlib.Path(folder).resolve()
        self.pool = pool or kernel_pool()
        self.port = port or free_port()
        self.id = uuid.uuid4().hex
        self.password = secrets.token_urlsafe(12)
        self.admin_password = secrets.token_urlsafe(32)
        self.quiet = quiet
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def env(self):
        env = dict(os.environ)
        env.update(
            GENAI_HUB_DIR=str(self.dir),
            GENAI_HUB_PORT=str(self.port),
            GENAI_HUB_API_PORT=str(free_port()),
            GENAI_HUB_HUB_PORT=str(free_port()),
            GENAI_HUB_PASSWORD=self.password,
            GENAI_HUB_ADMIN_PASSWORD=self.admin_password,
            GENAI_HUB_ID=self.id,
            GENAI_KERNEL_POOL=str(self.pool),
            PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
        )
        return env

    def start(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "exchange").mkdir(exist_ok=True)
        (self.dir / "users").mkdir(exist_ok=True)
        log = open(self.dir / "jupyterhub.log", "ab") if self.quiet else None
        self.process = subprocess.Popen(
            [str(VENV_BIN / "jupyterhub"), "-f", str(CONFIG)],
            cwd=self.dir,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT if log else None,
            start_new_session=True,
        )
        deadline = time.monotonic() + HUB_START
        import urllib.request

        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"JupyterHub stopped while starting; see {self.dir / 'jupyterhub.log'}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api", timeout=5) as reply:
                    if reply.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"JupyterHub did not answer within {HUB_START} s")

    def marked(self):
        """The processes that carry this hub's mark: the hub, its proxy, the students' servers,
        their kernels and what those started."""
        found = []
        mark = f"GENAI_HUB_ID={self.id}".encode()
        for entry in pathlib.Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                if mark in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                pass
        return found

    def stop(self):
        """Asks the hub to stop (it stops the students' servers), then ends whatever of its
        processes is left, by their ids."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 2)):
            left = self.marked()
            for pid in left:
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
            deadline = time.monotonic() + wait
            while left and time.monotonic() < deadline:
                time.sleep(0.2)
                left = self.marked()
        if self.process is not None:
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# --- a simulated student -------------------------------------------------------------------


class Student:
    """One student, through the hub's REST API and the kernel's websocket, as a browser."""

    def __init__(self, hub, name):
        self.hub = hub
        self.name = name
        self.token = None
        self.times = {}
        self.cells = []  # seconds per code cell, in order
        self.outputs = []  # nbformat outputs per code cell
        self.errors = []

    async def request(self, method, path, body=None, form=None, timeout=120):
        from tornado.httpclient import AsyncHTTPClient, HTTPRequest

        headers = {}
        if self.token:
            headers["Authorization"] = f"token {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif method == "POST":
            data = ""
        request = HTTPRequest(
            self.hub.url + path,
            method=method,
            headers=headers,
            body=data,
            request_timeout=timeout,
            connect_timeout=30,
        )
        reply = await AsyncHTTPClient().fetch(request, raise_error=False)
        if reply.code >= 400 or reply.code == 599:
            text = reply.body.decode(errors="replace")[:300] if reply.body else str(reply.error)
            raise RuntimeError(f"{method} {path}: {reply.code} {text}")
        return json.loads(reply.body) if reply.body else None

    async def sign_in(self):
        """Signs in on the hub's login page, as in a browser (the first sign-in makes the
        student's account), then asks the REST API for a token with the same name and password."""
        from tornado.httpclient import AsyncHTTPClient, HTTPRequest

        started = time.monotonic()
        page = await AsyncHTTPClient().fetch(self.hub.url + "/hub/login", raise_error=False)
        cookies = {}
        for header in page.headers.get_list("Set-Cookie"):
            key, _, value = header.split(";", 1)[0].partition("=")
            cookies[key] = value
        xsrf = cookies.get("_xsrf", "")
        form = urllib.parse.urlencode({"username": self.name, "password": self.hub.password, "_xsrf": xsrf})
        reply = await AsyncHTTPClient().fetch(
            HTTPRequest(
                self.hub.url + "/hub/login",
                method="POST",
                body=form,
                follow_redirects=False,
                headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                         "Content-Type": "application/x-www-form-urlencoded"},
                request_timeout=120,
            ),
            raise_error=False,
        )
        if reply.code != 302:
            raise RuntimeError(f"signing in as {self.name}: {reply.code}")
        reply = await self.request(
            "POST",
            f"/hub/api/users/{self.name}/tokens",
            body={"auth": {"username": self.name, "password": self.hub.password}, "note": "a simulated student"},
        )
        self.token = reply["token"]
        self.times["sign_in"] = time.monotonic() - started

    async def start_server(self):
        started = time.monotonic()
        await self.request("POST", f"/hub/api/users/{self.name}/server")
        deadline = started + SERVER_START
        while time.monotonic() < deadline:
            user = await self.request("GET", f"/hub/api/users/{self.name}")
            server = user.get("servers", {}).get("")
            if server and server.get("ready"):
                self.times["server_start"] = time.monotonic() - started
                return
            await asyncio.sleep(0.25)
        raise RuntimeError(f"the server did not start within {SERVER_START} s")

    async def run_notebook(self, path, cells):
        """Opens the notebook's kernel (as JupyterLab does: a session) and runs `cells`, one at
        a time; returns the nbformat outputs of each."""
        from nbformat.v4 import output_from_msg
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        base = f"/user/{self.name}"
        started = time.monotonic()
        session = await self.request(
            "POST",
            f"{base}/api/sessions",
            body={"path": path, "name": pathlib.Path(path).name, "type": "notebook", "kernel": {"name": "rust"}},
        )
        kernel = session["kernel"]["id"]
        client_session = uuid.uuid4().hex
        url = self.hub.url.replace("http", "ws", 1) + f"{base}/api/kernels/{kernel}/channels?session_id={client_session}"
        socket_ = await websocket_connect(
            # The websocket opens once the kernel has started: allow for a busy machine.
            HTTPRequest(url, headers={"Authorization": f"token {self.token}"}, request_timeout=SERVER_START),
            max_message_size=64 << 20,
        )

        def message(kind, content, channel="shell"):
            return {
                "header": {
                    "msg_id": uuid.uuid4().hex,
                    "msg_type": kind,
                    "username": self.name,
                    "session": client_session,
                    "date": "",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": content,
                "channel": channel,
                "buffers": [],
            }

        async def exchange(request, timeout):
            """Sends a request; returns its reply and the outputs that came with it, once the
            kernel says it is idle again."""
            await socket_.write_message(json.dumps(request))
            msg_id = request["header"]["msg_id"]
            reply, outputs, idle = None, [], False
            deadline = time.monotonic() + timeout
            while reply is None or not idle:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise NoAnswer(f"no answer within {timeout} s")
                text = await asyncio.wait_for(socket_.read_message(), left)
                if text is None:
                    raise RuntimeError("the kernel's websocket closed")
                msg = json.loads(text)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if msg["channel"] == "shell":
                    reply = msg
                elif kind == "status":
                    idle = msg["content"]["execution_state"] == "idle"
                elif kind in ("stream", "display_data", "execute_result", "error"):
                    outputs.append(output_from_msg(msg))
                elif kind == "clear_output":
                    outputs.clear()
            return reply, outputs

        async def ready(timeout):
            """Asks the kernel for its info until one question has both its reply and its idle
            status back. A kernel still starting (seeding its build folder, then evcxr) answers
            late, and a status it broadcasts before the server has subscribed to its broadcasts
            is lost for good, so one question could wait for ever: the question is asked again
            every few seconds, as Jupyter's own server does before it opens a websocket, and
            an answer to any of them will do."""
            deadline = time.monotonic() + timeout
            asked = {}  # msg_id -> [reply seen, idle seen]
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise NoAnswer(f"the kernel did not answer within {timeout} s ({len(asked)} questions)")
                request = message("kernel_info_request", {})
                asked[request["header"]["msg_id"]] = [False, False]
                await socket_.write_message(json.dumps(request))
                again = time.monotonic() + min(left, ASK_AGAIN)
                while (wait := again - time.monotonic()) > 0:
                    try:
                        text = await asyncio.wait_for(socket_.read_message(), wait)
                    except asyncio.TimeoutError:
                        break
                    if text is None:
                        raise RuntimeError("the kernel's websocket closed")
                    msg = json.loads(text)
                    seen = asked.get(msg.get("parent_header", {}).get("msg_id"))
                    if seen is None:
                        continue
                    if msg["channel"] == "shell":
                        seen[0] = True
                    elif msg["header"]["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                        seen[1] = True
                    if all(seen):
                        self.times["kernel_questions"] = len(asked)
                        return

        try:
            # The kernel is ready when it answers (evcxr starts in seconds, more under load).
            await ready(SERVER_START)
            self.times["kernel_start"] = time.monotonic() - started
            for n, source in enumerate(cells):
                began = time.monotonic()
                request = message(
                    "execute_request",
                    {"code": source, "silent": False, "store_history": True, "user_expressions": {},
                     "allow_stdin": False, "stop_on_error": True},
                )
                reply, outputs = await exchange(request, FIRST_CELL if n == 0 else CELL)
                self.cells.append(time.monotonic() - began)
                self.outputs.append(merge_streams(outputs))
                if reply["content"].get("status") != "ok":
                    self.errors.append(f"cell {n + 1}: {reply['content'].get('evalue') or reply['content'].get('status')}")
                for out in outputs:
                    if out.get("output_type") == "error" or (out.get("output_type") == "stream" and out.get("name") == "stderr"):
                        self.errors.append(f"cell {n + 1}: {str(out.get('evalue') or out.get('text'))[:200]}")
        finally:
            socket_.close()
        return kernel

    async def assignment(self, action, name):
        """nbgrader's exchange, from the student's own server: `fetch` or `submit`."""
        reply = await self.request(
            "POST", f"/user/{self.name}/assignments/{action}", form={"course_id": COURSE, "assignment_id": name}
        )
        if not reply or not reply.get("success"):
            raise RuntimeError(f"{action} {name}: {reply}")
        return reply


def merge_streams(outputs):
    """Consecutive stream outputs of one name as one, as Jupyter's own client stores them."""
    merged = []
    for out in outputs:
        if (
            merged
            and out.get("output_type") == "stream"
            and merged[-1].get("output_type") == "stream"
            and merged[-1].get("name") == out.get("name")
        ):
            merged[-1]["text"] += out["text"]
        else:
            merged.append(out)
    return merged


def code_cells(path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return nb, [c.source for c in nb.cells if c.cell_type == "code"]


# --- memory and processor time, from /proc --------------------------------------------------


def processes_of(hub):
    """(pid, HOME, command) of every process with the hub's mark."""
    found = []
    for pid in hub.marked():
        try:
            env = dict(
                item.split(b"=", 1) for item in pathlib.Path(f"/proc/{pid}/environ").read_bytes().split(b"\0") if b"=" in item
            )
            command = pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
        except OSError:
            continue
        found.append((pid, env.get(b"HOME", b"").decode(errors="replace"), command))
    return found


def proportional_memory(pid):
    """Bytes of the process's memory, shared pages split among those sharing them (PSS), and
    resident (RSS)."""
    pss = rss = 0
    try:
        for line in pathlib.Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
            elif line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return pss, rss


def is_kernel(command):
    """The kernel's own processes: evcxr (with rust-analyzer inside it) and the child that runs
    the compiled cells. cargo and rustc come and go; they are counted by the sampling too."""
    return "evcxr" in pathlib.Path(command).name or "kernel.py" in command


def available_memory():
    """Bytes of memory the machine can still give (MemAvailable)."""
    for line in pathlib.Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return None


async def sample_memory(hub, peaks, stop, floor):
    """Every second: per student's home, the kernel's memory (evcxr and its children, whatever
    runs at that moment, cargo and rustc included), and the whole hub's; keeps the peaks. Stops
    the whole run (the hub and its processes end, and no figures are written) when the machine's available
    memory falls below `floor` bytes, before other work on the machine is killed for lack of it."""
    while not stop.is_set():
        left = available_memory()
        if left is not None and left < floor:
            print(f"stopping the load test: the machine has only {left / 2**30:.1f} GiB of memory "
                  f"left (the floor is {floor / 2**30:.1f} GiB, --memory-floor-gb)", flush=True)
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()
            return
        per_home = {}
        total_pss = 0
        for pid, home, command in processes_of(hub):
            pss, rss = proportional_memory(pid)
            total_pss += pss
            if command.endswith("jupyterhub-singleuser") or "singleuser" in command or "jupyterhub" in command:
                continue
            # Only the students' processes (the hub and its proxy run in the hub's own home).
            if home.startswith(str(hub.dir / "users")):
                have = per_home.setdefault(home, [0, 0])
                have[0] += pss
                have[1] += rss
        for home, (pss, rss) in per_home.items():
            old = peaks["kernels"].get(home, (0, 0))
            peaks["kernels"][home] = (max(old[0], pss), max(old[1], rss))
        peaks["total"] = max(peaks["total"], total_pss)
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except asyncio.TimeoutError:
            pass


def processor_seconds(pid):
    """User and system time of a process and of its children it has waited for (cargo, rustc)."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(x) for x in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def kernel_processor_seconds(hub):
    """Per student's home: processor seconds of the kernels running now (evcxr's own, and what
    it ran and waited for)."""
    per_home = {}
    for pid, home, command in processes_of(hub):
        if "evcxr" in pathlib.Path(command).name:
            try:
                per_home[home] = per_home.get(home, 0.0) + processor_seconds(pid)
            except OSError:
                pass
    return per_home


# --- the load test -------------------------------------------------------------------------


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def one_student(hub, name, delay, notebook, cells):
    student = Student(hub, name)
    await asyncio.sleep(delay)
    student.times["began"] = delay
    try:
        await student.sign_in()
        await student.start_server()
        await student.run_notebook(f"notebooks/{notebook.name}", cells)
    except Exception as e:  # every failure is a figure of the report, never a crash of the run
        student.errors.append(f"{type(e).__name__}: {e}")
    return student


async def load(hub, students, notebook, seed, floor):
    _, cells = code_cells(notebook)
    rng = random.Random(seed)
    # The class starts within a few seconds, as at the start of a lesson.
    delays = sorted(rng.uniform(0, 5) for _ in range(students))
    peaks = {"kernels": {}, "total": 0}
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(hub, peaks, stop, floor))
    cpu = {}

    async def run(i):
        student = await one_student(hub, f"student{i + 1:02d}", delays[i], notebook, cells)
        # Before the kernel goes: its processor time so far (the hub stops it at the end).
        home = str(hub.dir / "users" / student.name)
        cpu[student.name] = kernel_processor_seconds(hub).get(home)
        return student

    started = time.monotonic()
    done = await asyncio.gather(*(run(i) for i in range(students)))
    wall = time.monotonic() - started
    stop.set()
    await sampler
    return done, peaks, cpu, wall


def summary(students, done, peaks, cpu, wall, notebook, load_before, load_after):
    firsts = [s.cells[0] for s in done if s.cells]
    laters = [t for s in done for t in s.cells[1:]]
    servers = [s.times["server_start"] for s in done if "server_start" in s.times]
    kernels = [s.times["kernel_start"] for s in done if "kernel_start" in s.times]
    memory = list(peaks["kernels"].values())
    cpus = [v for v in cpu.values() if v is not None]
    mib = 1 << 20
    return {
        "students": students,
        "notebook": notebook.name,
        "cells_per_student": max((len(s.cells) for s in done), default=0),
        "complete": sum(1 for s in done if not s.errors),
        "errors": {s.name: s.errors for s in done if s.errors},
        "wall_s": wall,
        "server_start_s": {"median": statistics.median(servers) if servers else None, "max": max(servers, default=None)},
        "kernel_start_s": {"median": statistics.median(kernels) if kernels else None, "max": max(kernels, default=None)},
        "first_cell_s": {"median": statistics.median(firsts) if firsts else None, "max": max(firsts, default=None)},
        "later_cells_s": {"median": statistics.median(laters) if laters else None, "p95": percentile(laters, 0.95)},
        "kernel_memory_mib": {
            "pss_median": statistics.median(m[0] for m in memory) / mib if memory else None,
            "pss_max": max(m[0] for m in memory) / mib if memory else None,
            "rss_median": statistics.median(m[1] for m in memory) / mib if memory else None,
        },
        "hub_memory_peak_mib": peaks["total"] / mib,
        "kernel_cpu_s": {"median": statistics.median(cpus) if cpus else None, "max": max(cpus, default=None)},
        "load_average": {"before": load_before, "after": load_after},
        "cores": os.cpu_count(),
    }


def seconds(value):
    return "-" if value is None else f"{value:.1f} s"


def print_summary(report):
    print(f"\n== hub-load: {report['students']} students, {report['notebook']} "
          f"({report['cells_per_student']} code cells each), {report['cores']} cores ==")
    rows = [
        ("students who ran every cell without an error", f"{report['complete']} of {report['students']}"),
        ("server start (sign-in to a running server), median / max",
         f"{seconds(report['server_start_s']['median'])} / {seconds(report['server_start_s']['max'])}"),
        ("kernel start, median / max",
         f"{seconds(report['kernel_start_s']['median'])} / {seconds(report['kernel_start_s']['max'])}"),
        ("first cell (`:dep`), median / max",
         f"{seconds(report['first_cell_s']['median'])} / {seconds(report['first_cell_s']['max'])}"),
        ("later cells, median / 95th percentile",
         f"{seconds(report['later_cells_s']['median'])} / {seconds(report['later_cells_s']['p95'])}"),
        ("memory per student's kernel at its peak (PSS), median / max",
         f"{report['kernel_memory_mib']['pss_median'] or 0:.0f} / {report['kernel_memory_mib']['pss_max'] or 0:.0f} MiB"),
        ("memory of the whole hub at its peak (PSS)", f"{report['hub_memory_peak_mib']:.0f} MiB"),
        ("processor time per student's kernel, median",
         seconds(report['kernel_cpu_s']['median'])),
        ("wall time of the whole run", seconds(report["wall_s"])),
        ("load average (1 min) before / after",
         f"{report['load_average']['before']:.1f} / {report['load_average']['after']:.1f}"),
    ]
    for what, value in rows:
        print(f"  {what:<62} {value}")
    for name, errors in report["errors"].items():
        print(f"  error: {name}: {'; '.join(errors)[:500]}")


def load_command(args):
    if not 1 <= args.students <= 40:
        raise SystemExit("N is from 1 to 40")
    notebook = pathlib.Path(args.notebook).resolve()
    folder = pathlib.Path(tempfile.mkdtemp(prefix="genai-hub-load-", dir=ROOT / "target"))
    out = pathlib.Path(args.out or ROOT / "target" / f"hub-load-{args.students}.json")
    load_before = os.getloadavg()[0]
    # Without the shared build: an empty pool of the run's own, so every kernel compiles the
    # library, as each new student's first kernel would.
    # (In the system's temporary folder, where kernel.py keeps its pools, for the reason it gives.)
    pool = pathlib.Path(tempfile.mkdtemp(prefix="genai-hub-empty-pool-")) if args.without_shared_build else None
    try:
        with Hub(folder, pool=pool) as hub:
            try:
                done, peaks, cpu, wall = asyncio.run(
                    asyncio.wait_for(load(hub, args.students, notebook, args.seed, args.memory_floor_gb * 2**30), args.limit)
                )
            except asyncio.CancelledError:
                raise SystemExit("the load test was stopped for lack of memory: no figures") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if pool is not None:
            shutil.rmtree(pool, ignore_errors=True)
    report = summary(args.students, done, peaks, cpu, wall, notebook, load_before, os.getloadavg()[0])
    report["shared_build"] = not args.without_shared_build
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n")
    print_summary(report)
    print(f"  written to {out}")
    return 0 if report["complete"] == args.students else 1


# --- the instructor's side of nbgrader's exchange -------------------------------------------


def course_dir(hub_dir):
    """The instructor's nbgrader course for the hub: nbgrader's settings for the Rust notebooks
    (notebooks/exercises/nbgrader_config.py) and the hub's exchange."""
    course = hub_dir / "course"
    course.mkdir(parents=True, exist_ok=True)
    (hub_dir / "exchange").mkdir(exist_ok=True)
    config = (ROOT / "notebooks" / "exercises" / "nbgrader_config.py").read_text()
    config += (
        "\n# The class's hub (crates/xtask/hub.py): the exchange and the course.\n"
        f"c.Exchange.root = {str(hub_dir / 'exchange')!r}\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        f"c.CourseDirectory.course_id = {COURSE!r}\n"
    )
    (course / "nbgrader_config.py").write_text(config)
    return course


def release(hub_dir, name):
    from grading import LIBRARY, assignments, nbgrader, with_dep_path

    known = assignments()
    if name not in known:
        raise SystemExit(f"no exercise named {name} (one of: {', '.join(known)})")
    course = course_dir(hub_dir)
    folder = course / "source" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.ipynb").write_text(with_dep_path(known[name].read_text(), LIBRARY))
    nbgrader(course, "generate_assignment", name, "--force")
    nbgrader(course, "release_assignment", name, "--force")
    print(f"released {name}: students fetch it in the Assignments tab of their server (or "
          f"`nbgrader fetch_assignment {name}`)")


def collect(hub_dir, name):
    """Collects the submissions, and lays them out as `cargo xtask grade` reads them: one folder
    per student. Returns the collected files."""
    from grading import nbgrader

    course = course_dir(hub_dir)
    nbgrader(course, "collect", name, "--update")
    out = hub_dir / "collected" / name
    shutil.rmtree(out, ignore_errors=True)
    files = []
    for submitted in sorted((course / "submitted").glob(f"*/{name}/{name}.ipynb")):
        student = submitted.parent.parent.name
        target = out / student / submitted.name
        target.parent.mkdir(parents=True)
        shutil.copy(submitted, target)
        files.append(target)
    print(f"collected {len(files)} submission(s) of {name} into {out}")
    if files:
        shown = os.path.relpath(out, ROOT)
        print(f"grade them with: cargo xtask grade {shown}/*/{name}.ipynb")
    return files


# --- what the suite checks (tests/tests/hub.rs) ----------------------------------------------


async def check_class(hub, notebook, exercise):
    """Two students sign in and run `notebook` at the same time; then the instructor releases
    `exercise`, both students fetch it through their servers, both submit, the instructor
    collects."""
    _, cells = code_cells(notebook)
    students = await asyncio.gather(*(one_student(hub, name, 0, notebook, cells) for name in ("alice", "bob")))
    release(hub.dir, exercise)
    exchange = {}
    for student in students:
        try:
            await student.assignment("fetch", exercise)
            fetched = hub.dir / "users" / student.name / "exercises" / exercise / f"{exercise}.ipynb"
            # What the student wrote: their name in the notebook's metadata, to find it again.
            nb = json.loads(fetched.read_text())
            nb["metadata"]["handed_in_by"] = student.name
            fetched.write_text(json.dumps(nb, indent=1))
            await student.assignment("submit", exercise)
            exchange[student.name] = "submitted"
        except Exception as e:
            exchange[student.name] = f"{type(e).__name__}: {e}"
    return students, exchange


def check_command(args):
    import nbformat
    from notebooks import stale_cells

    notebook = pathlib.Path(args.notebook).resolve()
    committed = nbformat.read(notebook, as_version=4)
    folder = pathlib.Path(args.dir).resolve()
    report = {"students": {}, "exchange": {}, "collected": {}}
    hub = Hub(folder)
    # The mark of the hub's processes, so that the test can check that none is left.
    report["hub_id"] = hub.id
    with hub:
        students, exchange = asyncio.run(
            asyncio.wait_for(check_class(hub, notebook, args.exercise), args.limit)
        )
        collected = collect(hub.dir, args.exercise)
    for student in students:
        fresh = nbformat.read(notebook, as_version=4)
        code = [c for c in fresh.cells if c.cell_type == "code"]
        for cell, outputs in zip(code, student.outputs):
            cell.outputs = outputs
        report["students"][student.name] = {
            "cells_run": len(student.outputs),
            "cells": len(code),
            "errors": student.errors,
            "stale": stale_cells(committed, fresh, f"{student.name}: {notebook.name}") if len(student.outputs) == len(code) else ["not every cell ran"],
            "times": student.times,
        }
    report["exchange"] = exchange
    for path in collected:
        report["collected"][path.parent.name] = json.loads(path.read_text())["metadata"].get("handed_in_by")
    pathlib.Path(args.out).write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))
    return 0


# --- the class's own hub ---------------------------------------------------------------------


def serve(args):
    port = args.port
    if port is None:
        port = next(p for p in range(8000, 8100) if port_free(p))
    hub = Hub(CLASS_DIR, port=port, quiet=False)
    # The class's passwords stay the same across restarts of the hub.
    secrets_file = CLASS_DIR / "passwords.json"
    CLASS_DIR.mkdir(parents=True, exist_ok=True)
    if secrets_file.exists():
        kept = json.loads(secrets_file.read_text())
        hub.password, hub.admin_password = kept["students"], kept["instructor"]
    else:
        secrets_file.write_text(json.dumps({"students": hub.password, "instructor": hub.admin_password}))
        secrets_file.chmod(0o600)
    try:
        hub.start()
        print(
            f"\nThe class's hub answers at {hub.url}/ (on this machine only: 127.0.0.1)\n"
            f"  students sign in with any name and the password {hub.password}\n"
            f"  the instructor signs in as `instructor` with the password {hub.admin_password}\n"
            f"  (a trial's sign-in: see README, \"A class on one server\", for a real class)\n"
            f"  exercises: `cargo xtask hub release NAME`, then `cargo xtask hub collect NAME`\n"
            "Ctrl-C stops the hub and every student's server.\n",
            flush=True,
        )
        hub.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        hub.stop()
    return 0


def prebuild():
    env = dict(os.environ, GENAI_KERNEL_POOL=str(kernel_pool()))
    return subprocess.run([sys.executable, str(HERE / "kernel.py"), "--prebuild", str(ROOT)], env=env).returncode


def is_prebuilt():
    env = dict(os.environ, GENAI_KERNEL_POOL=str(kernel_pool()))
    return subprocess.run([sys.executable, str(HERE / "kernel.py"), "--is-prebuilt"], env=env).returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("serve")
    p.add_argument("--port", type=int)
    for name in ("release", "collect"):
        commands.add_parser(name).add_argument("name")
    p = commands.add_parser("load")
    p.add_argument("students", type=int)
    p.add_argument("--notebook", default=str(ROOT / "notebooks" / "01-telling-apart-vs-creating.ipynb"))
    p.add_argument("--out")
    p.add_argument("--seed", type=int, default=19)
    p.add_argument("--limit", type=float, default=1800, help="seconds for the whole run")
    p.add_argument("--memory-floor-gb", type=float, default=2.5,
                   help="stop when the machine has less memory than this left")
    p.add_argument("--without-shared-build", action="store_true",
                   help="every kernel compiles the library (to compare the first cell)")
    p = commands.add_parser("check")
    p.add_argument("--dir", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--notebook", default=str(ROOT / "notebooks" / "00-start-here.ipynb"))
    p.add_argument("--exercise", default="01-telling-apart")
    p.add_argument("--limit", type=float, default=900)
    commands.add_parser("prebuild")
    commands.add_parser("is-prebuilt")
    args = parser.parse_args()
    # Stopped from outside (a test's time limit, `kill`): still stop the hub and its processes.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.command == "serve":
        return serve(args)
    if args.command == "release":
        release(CLASS_DIR, args.name)
        return 0
    if args.command == "collect":
        collect(CLASS_DIR, args.name)
        return 0
    if args.command == "load":
        return load_command(args)
    if args.command == "check":
        return check_command(args)
    if args.command == "prebuild":
        return prebuild()
    return is_prebuilt()


if __name__ == "__main__":
    sys.exit(main())
