"""The Python half of `cargo xtask bench`: the other side of every comparison, the notebooks
in the real kernel, and the report.

    python bench.py compare   --data DIR --out FILE [--quick]
    python bench.py notebooks --scratch DIR --out FILE [--quick]
    python bench.py page      --book DIR --out FILE [--quick]
    python bench.py report    --rust F --python F --notebooks F --xtask F --page F --out FILE

`compare` reads what the Rust side exported (crates/genai-demos/examples/bench.rs) and times
scikit-learn (MultinomialNB, LogisticRegression) and NLTK (`nltk.lm`) on the same features, the
same split and the same corpus, the same way: the fastest of repeated runs of the whole job
(the median is kept too).
`notebooks` runs the notebooks through Jupyter's own client (nbclient) in the real Rust kernel
and times the kernel start and every cell. `page` loads the built book's live pages in headless
Chromium over WebDriver and times how soon each goes live and answers. `report` merges every part into one JSON file,
checks the targets and prints the table. Called by `cargo xtask bench` (crates/xtask/src/bench.rs).
"""

import argparse
import datetime
import gc
import json
import math
import os
import pathlib
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
KERNEL = "rust"
# The first :dep cell compiles the library and its dependencies: minutes on a cold machine.
CELL_TIMEOUT = 1800


def timed(reps, work):
    """Runs `work` `reps` times; returns the fastest and the median time in seconds, and the
    last result. The tables use the fastest run, as the Rust side does: other work on the
    machine can only add time to a run."""
    times, result = [], None
    for _ in range(max(1, reps)):
        # As Python's own `timeit` does: no garbage collection pauses inside a timed run.
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            result = work()
            times.append(time.perf_counter() - started)
        finally:
            gc.enable()
    return min(times), statistics.median(times), result


# ---------------------------------------------------------------------------------------------
# compare: scikit-learn and NLTK on the data the Rust side used


def read_tsv(path):
    """A table written by FeatureMatrix::to_tsv: labels and a dense matrix of counts."""
    import numpy as np

    lines = pathlib.Path(path).read_text(encoding="utf-8").splitlines()
    labels, rows = [], []
    for line in lines[1:]:
        fields = line.split("\t")
        labels.append(fields[0])
        rows.append([int(x) for x in fields[1:]])
    return np.array(rows, dtype=np.float64), np.array(labels)


# The library's tokenizer (text/messages.rs `tokenize`) as one regular expression: an amount of money
# (a currency sign, a digit, then digits, commas and points) is one token; otherwise a word is a
# run of letters and digits, lowercased. `compare` checks that it gives the same features.
TOKEN = re.compile(r"[£$€][0-9][0-9,.]*|[^\W_]+")


def tokenize(text):
    return ["<money>" if t[0] in "£$€" else t.lower() for t in TOKEN.findall(text)]


def compare_classifiers(data, rust, reps):
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import MultinomialNB

    messages = json.loads((data / "classify_messages.json").read_text(encoding="utf-8"))
    train_texts = [m["text"] for m in messages["train"]]
    test_texts = [m["text"] for m in messages["test"]]
    x_train, y_train = read_tsv(data / "classify_train.tsv")
    x_test, y_test = read_tsv(data / "classify_test.tsv")
    words = (data / "classify_train.tsv").read_text(encoding="utf-8").split("\n", 1)[0]

    def vectorizer():
        return CountVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None)

    # The same features: the vectorizer's vocab and counts equal the library's export.
    check = vectorizer()
    same_features = (
        list(check.fit(train_texts).get_feature_names_out()) == words.split("\t")[1:]
        and np.array_equal(check.transform(train_texts).toarray(), x_train)
        and np.array_equal(check.transform(test_texts).toarray(), x_test)
    )
    # The library's logistic loss is mean cross-entropy + l2/2 * |w|^2; scikit-learn's is
    # C * total cross-entropy + 1/2 * |w|^2. Dividing by C * N shows they agree for C = 1/(l2 N).
    l2 = rust["classifiers"]["logistic"]["l2"]
    c = 1.0 / (l2 * len(y_train))
    models = {
        "naive_bayes": ("MultinomialNB(alpha=1.0)", lambda: MultinomialNB(alpha=1.0)),
        "logistic": (
            f"LogisticRegression(C={c:g}, lbfgs)",
            lambda: LogisticRegression(C=c, max_iter=1000),
        ),
    }
    # From the ready matrix, each model gets both a dense array and a sparse matrix and keeps
    # the faster: the comparison should flatter scikit-learn, not the library.
    inputs = {
        "dense": (x_train, x_test),
        "sparse": (csr_matrix(x_train), csr_matrix(x_test)),
    }
    result = {
        "train_messages": len(y_train),
        "test_messages": len(y_test),
        "same_features": bool(same_features),
    }
    for name, (description, make) in models.items():

        def from_text(make=make):
            # What the library's time covers: text in, predictions out.
            vec = vectorizer()
            model = make().fit(vec.fit_transform(train_texts), y_train)
            return model.predict(vec.transform(test_texts))

        from_text()  # warm-up: first-call set-up is not part of the model's time
        text_s, text_median_s, predicted = timed(reps, from_text)
        timings, medians = {}, {}
        for kind, (xtr, xte) in inputs.items():

            def from_matrix(xtr=xtr, xte=xte, make=make):
                return make().fit(xtr, y_train).predict(xte)

            from_matrix()
            # A dense logistic regression takes seconds: a few runs say enough about it.
            runs = reps if kind == "sparse" else min(reps, 5)
            timings[kind], medians[kind], _ = timed(runs, from_matrix)
        best = min(timings, key=timings.get)
        result[name] = {
            "model": description,
            "total_s": text_s,
            "total_median_s": text_median_s,
            "from_matrix_s": timings[best],
            "from_matrix_median_s": medians[best],
            "matrix_input": best,
            "dense_s": timings["dense"],
            "sparse_s": timings["sparse"],
            "accuracy": float((predicted == y_test).mean()),
        }
    return result


def compare_ngram(data, reps, quick):
    from nltk.lm import MLE, Lidstone, Vocabulary
    from nltk.util import everygrams, ngrams

    corpus = json.loads((data / "ngram.json").read_text(encoding="utf-8"))
    n, train, held_out = corpus["n"], corpus["train"], corpus["held_out"]
    words = corpus["sample_words"]

    def frame(doc):
        # As the library frames a document: n - 1 begin markers, one end marker.
        return ["<s>"] * (n - 1) + doc + ["</s>"]

    def fit():
        # The vocabulary holds the markers too (see the `perplexity` doc in ngram.rs); every
        # order from 1 to n is counted, as the library counts every context length for back-off.
        vocab = Vocabulary([p for d in train for p in d] + ["<s>", "</s>"], unk_cutoff=1)
        lm = MLE(n, vocabulary=vocab)
        lm.fit(everygrams(frame(d), max_len=n) for d in train)
        return lm

    train_s, train_median_s, lm = timed(reps, fit)

    def sample(seed=7):
        # The library's writing loop: back off to the longest seen context, draw the next word
        # in proportion to its count, start a fresh document after </s>. NLTK's own
        # generate(10000) rebuilds the whole text at every step, so it is called word by word.
        rng = random.Random(seed)
        history = ["<s>"] * (n - 1)
        out = []
        for _ in range(words):
            word = lm.generate(1, text_seed=history[len(history) - (n - 1) :], random_seed=rng)
            out.append(word)
            history = ["<s>"] * (n - 1) if word == "</s>" else history + [word]
            history = history[-max(n - 1, 1) :]
        return out

    sample_s, sample_median_s, written = timed(1 if quick else 3, sample)
    test = [g for d in held_out if d for g in ngrams(frame(d), n)]
    perplexities = []
    for k in corpus["ks"]:
        # Lidstone over the same counts (k = 1 is Laplace); scored on the order-n n-grams only.
        smoothed = Lidstone(k, n, vocabulary=lm.vocab, counter=lm.counts)
        score_s, score_median_s, value = timed(
            1 if quick else 3, lambda s=smoothed: s.perplexity(test)
        )
        perplexities.append(
            {"k": k, "perplexity": value, "score_s": score_s, "score_median_s": score_median_s}
        )
    return {
        "n": n,
        "vocab_size": len(lm.vocab),
        "train_s": train_s,
        "train_median_s": train_median_s,
        "sample_words": len(written),
        "sample_s": sample_s,
        "sample_median_s": sample_median_s,
        "perplexity": perplexities,
    }


def compare(args):
    data = pathlib.Path(args.data)
    rust = json.loads((data / "rust.json").read_text(encoding="utf-8"))
    reps = 3 if args.quick else 21
    from threadpoolctl import threadpool_limits

    # One thread, as the library has (it also runs in WebAssembly, without threads). On a busy
    # two-core machine, scikit-learn's OpenMP and BLAS threads only made it slower and erratic.
    with threadpool_limits(limits=1):
        started = time.monotonic()
        print("  compare: scikit-learn, naive Bayes and logistic regression ...", flush=True)
        classifiers = compare_classifiers(data, rust, reps)
        print(f"  compare: NLTK, the n-gram model ... (scikit-learn took "
              f"{time.monotonic() - started:.1f} s)", flush=True)
        started = time.monotonic()
        ngram = compare_ngram(data, 1 if args.quick else 5, args.quick)
        print(f"  compare: NLTK took {time.monotonic() - started:.1f} s", flush=True)
        result = {"classifiers": classifiers, "ngram": ngram, "threads": 1}
    write_json(args.out, result)
    print(f"bench (Python): wrote {args.out}")
    return 0


# ---------------------------------------------------------------------------------------------
# notebooks: the real kernel through nbclient


def notebook_paths(quick):
    main = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if quick:
        return main[:1]
    return main + sorted((ROOT / "notebooks" / "exercises").glob("*.ipynb"))


def first_dep_cell(nb):
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and ":dep" in cell.source:
            return i
    return None


class Env:
    """Sets environment variables for the kernels started inside the block (a kernel
    inherits this process's environment), and puts the old values back after."""

    def __init__(self, changes):
        self.changes = changes or {}
        self.saved = {}

    def __enter__(self):
        for key, value in self.changes.items():
            self.saved[key] = os.environ.get(key)
            os.environ[key] = value

    def __exit__(self, *exc):
        for key, value in self.saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_notebook(path, env=None, until_dep=False, before_dep=None):
    """Runs a notebook in a fresh kernel and times the kernel start and each code cell; then
    runs the cells after the first `:dep` cell once more in the same kernel (students re-run
    cells), which gives the levers twice as many cells to compare.

    `until_dep` stops after the first `:dep` cell. A lever to try: `before_dep` is a line of
    evcxr commands run as an extra cell just before it."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    dep = first_dep_cell(nb)
    if dep is None:
        return None
    if before_dep:
        nb.cells.insert(dep, nbformat.v4.new_code_cell(before_dep))
        dep += 1
    if until_dep:
        nb.cells = nb.cells[: dep + 1]
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name=KERNEL,
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    later, errors, before = [], 0, 0.0
    dep_s = None
    started = time.monotonic()
    with Env(env), client.setup_kernel():
        kernel_s = time.monotonic() - started
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            cell_started = time.monotonic()
            client.execute_cell(cell, index)
            seconds = time.monotonic() - cell_started
            errors += sum(1 for o in cell.get("outputs", []) if o.get("output_type") == "error")
            if index < dep:
                before += seconds
            elif index == dep:
                dep_s = seconds
            else:
                later.append(seconds)
        total_s = time.monotonic() - started
        again = []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and index > dep:
                cell_started = time.monotonic()
                client.execute_cell(cell, index)
                again.append(time.monotonic() - cell_started)
                errors += sum(
                    1 for o in cell.get("outputs", []) if o.get("output_type") == "error"
                )
    name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    both = later + again
    return {
        "notebook": name,
        "kernel_start_s": kernel_s,
        "first_dep_cell_s": dep_s,
        "cells_before_dep_s": before,
        "later_cells_s": later,
        "later_median_s": statistics.median(later) if later else None,
        "later_p95_s": percentile(later, 95) if later else None,
        "total_s": total_s,
        "second_pass_s": again,
        "both_passes_median_s": statistics.median(both) if both else None,
        "both_passes_p95_s": percentile(both, 95) if both else None,
        "errors": errors,
    }


def percentile(values, p):
    """The p-th percentile with linear interpolation between ranks (numpy's default)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def say(text, part="notebooks"):
    print(f"  {part}: {text}", flush=True)


def levers(first, found):
    """Levers, each tried on the first notebook in the same run as the plain runs. A lever that
    fails is recorded with its error instead of stopping the benchmark."""

    def attempt(key, text, **kwargs):
        say(f"{first.name}: lever: {text} ...")
        try:
            found[key] = run_notebook(first, **kwargs)
        except Exception as error:  # a lever is an experiment: report it, go on
            found[key] = {"error": f"{type(error).__name__}: {error}"}
            say(f"{first.name}: lever {key} failed: {error}")

    if shutil.which("mold"):
        attempt("system_linker", "the system linker instead of mold", before_dep=":linker system")
    # How the notebooks ran before the kernel kept its build folder (crates/xtask/kernel.py):
    # evcxr's default, a new temporary folder at each kernel start, with evcxr's own compilation
    # cache (`:cache 500`). That cache keeps each dependency's dep-info, which names the
    # build-script output (OUT_DIR) of the kernel session that filled it; in a later session
    # that folder is gone, so cargo finds serde stale at every cell and rebuilds it, then the
    # library, then the cell. The first attempt fills evcxr's cache; the second is measured.
    env = {"GENAI_KERNEL_POOL": "none"}
    attempt("evcxr_cache_fill", "evcxr's default folder with :cache 500 (filling the cache)",
            env=env, before_dep=":cache 500", until_dep=True)
    attempt("evcxr_cache", "evcxr's default folder with :cache 500", env=env,
            before_dep=":cache 500")
    found.pop("evcxr_cache_fill", None)


def notebooks(args):
    scratch = pathlib.Path(args.scratch)
    scratch.mkdir(parents=True, exist_ok=True)
    paths = notebook_paths(args.quick)
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    first = paths[0]
    result = {"quick": args.quick, "cold": None, "warmup": None, "levers": {}}

    if not args.quick:
        # Cold: the kernel given an empty pool of build folders (crates/xtask/kernel.py), so
        # the library and its dependencies compile from scratch, as on a student's first run.
        # Outside the repository: cargo would take a crate there for a member of this workspace.
        cold_pool = pathlib.Path(tempfile.mkdtemp(prefix="genai-bench-cold-"))
        say(f"{first.name}: first :dep cell in a new build folder ...")
        result["cold"] = run_notebook(first, env={"GENAI_KERNEL_POOL": str(cold_pool)},
                                      until_dep=True)
        shutil.rmtree(cold_pool, ignore_errors=True)
        # Make sure the kept build folder is warm before the warm runs are measured.
        say(f"{first.name}: warming the kept build folder ...")
        result["warmup"] = run_notebook(first, until_dep=True)

    runs = []
    for path in paths:
        say(f"{path.name}: whole notebook ...")
        run = run_notebook(path)
        if run is not None:
            runs.append(run)
            say(
                f"{path.name}: {run['total_s']:.1f} s (kernel {run['kernel_start_s']:.1f} s, "
                f":dep {run['first_dep_cell_s']:.1f} s, {len(run['later_cells_s'])} later cells)"
            )
    result["runs"] = runs

    if not args.quick and runs:
        levers(first, result["levers"])

    write_json(args.out, result)
    print(f"bench (notebooks): wrote {args.out}")
    return 0


# ---------------------------------------------------------------------------------------------
# page: the built book's live widgets in headless Chromium, driven over WebDriver

# The chapter pages with live controls, and one control of each kind to run, as the end-to-end
# test of the live widgets does (tests/tests/live.rs).
LIVE_CONTROLS = (
    ("telling-apart-vs-creating.html", "classify"),
    ("telling-apart-vs-creating.html", "write"),
    ("modalities.html", "image"),
    ("modalities.html", "tune"),
    ("how-it-generates.html", "generate"),
)
# Waits for the module, then says when the page went live (ms after navigation started).
WAIT_READY = """
const done = arguments[arguments.length - 1];
const look = () => {
    const l = window.genaiLive;
    if (l && (l.status === 'ready' || l.status === 'failed' || l.status === 'absent')) {
        done({ status: l.status, error: l.error, readyAt: l.readyAt });
    } else { setTimeout(look, 20); }
};
look();
"""
# Runs the first control of a kind once, as a click on its button would, and waits for it.
FIRST_RESULT = """
const [kind, done] = arguments;
const form = document.querySelector(`form.genai-live[data-kind=${kind}]`);
form.requestSubmit();
const look = () => {
    if (Number(form.dataset.runs || 0) > 0) {
        done({ at: window.genaiLive.firstResultAt, took: window.genaiLive.took[kind],
               error: form.querySelector('.genai-live-error') ? form.textContent : null });
    } else { setTimeout(look, 20); }
};
look();
"""


class WebDriver:
    """Just enough of the W3C WebDriver protocol, over plain HTTP, to load a page and run a
    script in headless Chromium through chromedriver."""

    def __init__(self, chromedriver, chromium, profile):
        import socket
        import urllib.request

        self.urllib = urllib.request
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.driver = subprocess.Popen([chromedriver, f"--port={port}"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        while True:
            try:
                self.urllib.urlopen(f"{self.base}/status", timeout=2).read()
                break
            except OSError:
                if time.monotonic() - started > 30:
                    self.driver.kill()
                    raise RuntimeError("chromedriver did not start within 30 s")
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--window-size=1200,900", f"--user-data-dir={profile}"]},
        }}}
        self.session = self.send("POST", "/session", caps)["sessionId"]
        self.send("POST", f"/session/{self.session}/timeouts", {"script": 120_000})

    def send(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = self.urllib.Request(self.base + path, data=data, method=method,
                                      headers={"Content-Type": "application/json"})
        with self.urllib.urlopen(request, timeout=180) as reply:
            return json.loads(reply.read())["value"]

    def goto(self, url):
        self.send("POST", f"/session/{self.session}/url", {"url": url})

    def run_async(self, script, args):
        return self.send("POST", f"/session/{self.session}/execute/async",
                         {"script": script, "args": args})

    def close(self):
        try:
            self.send("DELETE", f"/session/{self.session}")
        finally:
            self.driver.kill()
            self.driver.wait()


def serve_quietly(folder):
    """Serves `folder` on loopback with nothing cached, so every load fetches the module again
    as a new reader's browser would. Returns the server (running in a thread) and its address."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                          ".wasm": "application/wasm", ".js": "text/javascript"}

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def page(args):
    """Loads each chapter page with a live control afresh, `loads` times, and records when its
    controls went live and when the first answer of the control came back (both in ms after
    navigation started, as the page's own `performance.now()` says), and how long the library
    itself took for that answer, training included."""
    chromedriver = shutil.which("chromedriver")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not (chromedriver and chromium):
        say("chromium or chromedriver is not installed: the page is not measured", "page")
        write_json(args.out, {"skipped": "chromium or chromedriver is not installed"})
        return 0
    loads = 1 if args.quick else 5
    server, base = serve_quietly(args.book)
    profile = tempfile.mkdtemp(prefix="genai-bench-chromium-")
    browser = WebDriver(chromedriver, chromium, profile)
    measured = []
    try:
        # One load first, not counted: a reader's browser is running already, and the first
        # page a fresh Chromium shows also pays for starting its own processes.
        browser.goto(f"{base}/{LIVE_CONTROLS[0][0]}")
        browser.run_async(WAIT_READY, [])
        for name, kind in LIVE_CONTROLS:
            ready, first, library = [], [], []
            for _ in range(loads):
                browser.goto(f"{base}/{name}")
                state = browser.run_async(WAIT_READY, [])
                if state["status"] != "ready":
                    raise RuntimeError(f"{name}: the live widgets did not load: {state}")
                answer = browser.run_async(FIRST_RESULT, [kind])
                if answer["error"]:
                    raise RuntimeError(f"{name} {kind}: {answer['error']}")
                ready.append(state["readyAt"])
                first.append(answer["at"])
                library.append(answer["took"])
            say(f"{name} {kind}: live at {statistics.median(ready):.0f} ms, first result at "
                f"{statistics.median(first):.0f} ms (median of {loads})", "page")
            measured.append({"page": name, "kind": kind, "ready_ms": ready,
                             "first_result_ms": first, "library_ms": library})
    finally:
        browser.close()
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    write_json(args.out, {"loads": loads, "controls": measured})
    return 0


# ---------------------------------------------------------------------------------------------
# report: one JSON file and a table


def write_json(path, value):
    pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(path).write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")


def seconds(s):
    if s is None:
        return "-"
    if s < 0.001:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.1f} s"


def times(r):
    return f"{r:.1f}×" if r < 100 else f"{r:.0f}×"


def faster(r):
    """A ratio of times (other / ours) in words."""
    return f"{times(r)} faster" if r >= 1 else f"{times(1 / r)} slower"


def output(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def machine():
    cpu = None
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import nltk
    import sklearn

    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "rustc": output(["rustc", "-V"]),
        "python": platform.python_version(),
        "scikit_learn": sklearn.__version__,
        "nltk": nltk.__version__,
        "mold": shutil.which("mold") is not None,
    }


class Table:
    """Rows of the printed table, and the targets with whether each is met."""

    def __init__(self):
        self.rows = []
        self.targets = []

    def section(self, title):
        self.rows.append((f"**{title}**", "", "", "", "", ""))

    def row(self, what, ours, other="", ratio="", target="", met=None):
        mark = "" if met is None else ("yes" if met else "**no**")
        self.rows.append((what, ours, other, ratio, target, mark))

    def target(self, key, what, value, limit, met):
        self.targets.append({"id": key, "what": what, "value": value, "target": limit, "met": met})

    def markdown(self):
        head = ("measure", "this book", "compared with", "ratio", "target", "met")
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in self.rows:
            lines.append("| " + " | ".join(r) + " |")
        return "\n".join(lines)


def report(args):
    rust = json.loads(pathlib.Path(args.rust).read_text(encoding="utf-8"))
    py = json.loads(pathlib.Path(args.python).read_text(encoding="utf-8"))
    nbs = json.loads(pathlib.Path(args.notebooks).read_text(encoding="utf-8"))
    xt = json.loads(pathlib.Path(args.xtask).read_text(encoding="utf-8"))
    t = Table()
    out = {"meta": machine() | {"quick": xt["quick"]}}

    # 1. Notebooks
    runs = nbs["runs"]
    later = [s for r in runs for s in r["later_cells_s"]]
    warm_dep = [r["first_dep_cell_s"] for r in runs]
    total = sum(r["total_s"] for r in runs)
    notebooks_part = {
        "runs": runs,
        "cold": nbs["cold"],
        "warmup": nbs["warmup"],
        "levers": nbs["levers"],
        "kernel_start_s": statistics.median(r["kernel_start_s"] for r in runs),
        "first_dep_cell_cold_s": nbs["cold"]["first_dep_cell_s"] if nbs["cold"] else None,
        "first_dep_cell_warm_s": max(warm_dep),
        "later_cells": len(later),
        "later_median_s": statistics.median(later),
        "later_p95_s": percentile(later, 95),
        "all_notebooks_s": total,
        "errors": sum(r["errors"] for r in runs),
    }
    out["notebooks"] = notebooks_part
    n = notebooks_part
    t.section("Notebooks (real kernel, nbclient)")
    t.row("kernel start (median)", seconds(n["kernel_start_s"]))
    if n["first_dep_cell_cold_s"] is not None:
        t.row("first `:dep` cell, cold (a new build folder)", seconds(n["first_dep_cell_cold_s"]))
    met = n["first_dep_cell_warm_s"] <= 5
    t.row("first `:dep` cell, warm (the kept build folder; slowest notebook)", seconds(n["first_dep_cell_warm_s"]),
          target="≤ 5 s", met=met)
    t.target("first_cell_warm", "first :dep cell, warm cache", n["first_dep_cell_warm_s"], 5, met)
    met = n["later_median_s"] <= 0.7
    t.row(f"later cells, median ({n['later_cells']} cells)", seconds(n["later_median_s"]),
          target="≤ 0.7 s", met=met)
    t.target("later_median", "later cells, median", n["later_median_s"], 0.7, met)
    met = n["later_p95_s"] <= 2
    t.row("later cells, 95th percentile", seconds(n["later_p95_s"]), target="≤ 2 s", met=met)
    t.target("later_p95", "later cells, 95th percentile", n["later_p95_s"], 2, met)
    for r in runs:
        note = f", {r['errors']} error(s)" if r["errors"] else ""
        t.row(f"`{r['notebook']}` whole{note}", seconds(r["total_s"]))
    label = "all notebooks together, warm" if not xt["quick"] else "notebooks run (quick: one)"
    met = total <= 180
    t.row(label, seconds(total), target="≤ 3 min", met=met)
    t.target("all_notebooks", "all notebooks together, warm cache", total, 180, met)
    base = runs[0]
    levers = {k: v for k, v in nbs["levers"].items() if v and "error" not in v}

    def cells(run):
        return (f"later cells {seconds(run['both_passes_median_s'])} median, "
                f"{seconds(run['both_passes_p95_s'])} p95")

    shipped = "(as shipped)"
    configurations = (
        ("system_linker", "the system linker instead of mold (evcxr's default when installed)"),
        ("evcxr_cache", "a new build folder at each kernel start with evcxr's `:cache 500` "
                        "(how the notebooks ran before)"),
    )
    if levers:
        t.row(f"levers, on `{base['notebook']}`: as shipped (two passes over its cells)",
              f"first `:dep` cell {seconds(base['first_dep_cell_s'])}; {cells(base)}")
    for key, what in configurations:
        lever = levers.get(key)
        if not lever:
            continue
        t.row(f"lever: {what}", cells(lever), shipped,
              faster(base["both_passes_median_s"] / lever["both_passes_median_s"]))
        if key != "system_linker":
            t.row(f"lever: {what}: first `:dep` cell", seconds(lever["first_dep_cell_s"]),
                  seconds(base["first_dep_cell_s"]) + f" {shipped}",
                  faster(base["first_dep_cell_s"] / lever["first_dep_cell_s"]))
    for key, lever in nbs["levers"].items():
        if lever and "error" in lever:
            t.row(f"lever `{key}`: failed ({lever['error'][:80]})", "-")

    # Library size
    lib = xt["library"]
    out["library"] = lib
    t.section("The library")
    t.row("crates it pulls in (normal dependencies)", str(lib["crates"]))
    t.row("crates including build-time dependencies", str(lib["crates_with_build"]))
    if lib.get("clean_build_s") is not None:
        t.row("clean build, `cargo build -p genai-demos` (dev profile)", seconds(lib["clean_build_s"]))

    # 2. Classifiers
    rc, pc = rust["classifiers"], py["classifiers"]
    out["classifiers"] = {"split": {k: rc[k] for k in ("split_seed", "test_fraction",
                          "train_messages", "test_messages", "vocab")}}
    same = "the same features" if pc["same_features"] else "**features differ**"
    out["classifiers"]["same_features"] = pc["same_features"]
    t.section(f"Classifiers vs scikit-learn ({rc['train_messages']} training, "
              f"{rc['test_messages']} held-out messages, {same})")
    for key, name in (("naive_bayes", "naive Bayes"), ("logistic", "logistic regression")):
        r, p = rc[key], pc[key]
        ratio = p["total_s"] / r["total_s"]
        gap = 100 * (r["accuracy"] - p["accuracy"])
        out["classifiers"][key] = {
            "rust": r,
            "sklearn": p,
            "speedup": ratio,
            "accuracy_gap_points": gap,
        }
        met = ratio >= 10
        t.row(f"{name}: train + predict, from the text", seconds(r["total_s"]),
              f"{seconds(p['total_s'])} ({p['model']} after CountVectorizer)",
              faster(ratio), "≥ 10×", met)
        t.target(f"{key}_speed", f"{name} vs scikit-learn, speed-up", ratio, 10, met)
        t.row(f"{name}: scikit-learn given the ready count matrix", seconds(r["total_s"]),
              f"{seconds(p['from_matrix_s'])} ({p['matrix_input']} input)",
              faster(p["from_matrix_s"] / r["total_s"]))
        met = abs(gap) <= 2
        t.row(f"{name}: held-out accuracy", f"{100 * r['accuracy']:.1f}%",
              f"{100 * p['accuracy']:.1f}%", f"{gap:+.1f} points", "within 2 points", met)
        t.target(f"{key}_accuracy", f"{name} accuracy gap, points", gap, 2, met)

    # 3. N-gram
    rn, pn = rust["ngram"], py["ngram"]
    train_ratio = pn["train_s"] / rn["train_s"]
    sample_ratio = pn["sample_s"] / rn["sample_s"]
    out["ngram"] = {
        "n": rn["n"],
        "rust": rn,
        "nltk": pn,
        "train_speedup": train_ratio,
        "sample_speedup": sample_ratio,
        "perplexity": [],
    }
    t.section(f"N-gram model vs NLTK `nltk.lm` (n = {rn['n']}, {rn['train_pieces']} training words)")
    met = train_ratio >= 20
    t.row("train", seconds(rn["train_s"]), seconds(pn["train_s"]) + " (MLE.fit, orders 1..n)",
          faster(train_ratio), "≥ 20×", met)
    t.target("ngram_train_speed", "n-gram train vs NLTK, speed-up", train_ratio, 20, met)
    met = sample_ratio >= 20
    t.row(f"sample {rn['sample_words']:,} words", seconds(rn["sample_s"]),
          seconds(pn["sample_s"]) + " (generate, word by word)", faster(sample_ratio),
          "≥ 20×", met)
    t.target("ngram_sample_speed", "n-gram sampling vs NLTK, speed-up", sample_ratio, 20, met)
    for rp, pp in zip(rn["perplexity"], pn["perplexity"]):
        diff = 100 * abs(rp["perplexity"] - pp["perplexity"]) / pp["perplexity"]
        name = "Laplace" if rp["k"] == 1 else f"Lidstone k = {rp['k']:g}"
        out["ngram"]["perplexity"].append({
            "k": rp["k"],
            "rust": rp["perplexity"],
            "nltk": pp["perplexity"],
            "difference_percent": diff,
            "score_speedup": pp["score_s"] / rp["score_s"],
        })
        met = diff <= 1
        t.row(f"held-out perplexity, {name}", f"{rp['perplexity']:.3f}", f"{pp['perplexity']:.3f}",
              f"{diff:.2g}% apart", "within 1%", met)
        t.target(f"perplexity_k{rp['k']:g}", f"perplexity ({name}) difference, %", diff, 1, met)
        t.row(f"score the held-out text, {name}", seconds(rp["score_s"]), seconds(pp["score_s"]),
              faster(pp["score_s"] / rp["score_s"]))

    # 4. Book
    book = xt["book"]
    out["book"] = book
    t.section("The book (`mdbook build`, the preprocessor running every demo)")
    t.row("first build (compiles the preprocessor if needed)", seconds(book["first_build_s"]))
    met = book["warm_build_s"] <= 5
    t.row("warm build", seconds(book["warm_build_s"]), target="≤ 5 s", met=met)
    t.target("book_warm", "mdbook build, warm", book["warm_build_s"], 5, met)
    for page in book["pages"]:
        t.row(f"page `{page['page']}`", f"{page['bytes'] / 1024:.0f} KiB")

    # 5. Generators
    gens = rust["generators"]
    out["generators"] = gens
    t.section("Generators, release build (train once, then one sample)")
    for name, g in gens.items():
        t.row(f"{name}: train ({g['what']})", seconds(g["train_s"]))
        t.row(f"{name}: sample ({g['made']})", seconds(g["sample_s"]))
    audio = gens["audio"]["train_s"] + gens["audio"]["sample_s"]
    met = audio <= 1
    t.row("audio: a tune from nothing (train, then 32 beats to WAV)", seconds(audio),
          target="≤ 1 s", met=met)
    t.target("audio_from_nothing", "audio: train and write a 32-beat tune as WAV", audio, 1, met)

    # 6. The page
    pg = json.loads(pathlib.Path(args.page).read_text(encoding="utf-8"))
    out["page"] = pg
    t.section("The page (headless Chromium on loopback, a fresh load each time, nothing cached)")
    if "skipped" in pg:
        t.row(f"not measured: {pg['skipped']}", "-")
    else:
        loads = pg["loads"]
        for c in pg["controls"]:
            c["ready_median_ms"] = statistics.median(c["ready_ms"])
            c["first_result_median_ms"] = statistics.median(c["first_result_ms"])
            t.row(f"`{c['page']}`, {c['kind']}: live after (median of {loads})",
                  seconds(c["ready_median_ms"] / 1000))
            t.row(f"`{c['page']}`, first {c['kind']} answer (library "
                  f"{seconds(statistics.median(c['library_ms']) / 1000)} of it, training included)",
                  seconds(c["first_result_median_ms"] / 1000))
        slowest = max(c["ready_median_ms"] for c in pg["controls"]) / 1000
        pg["slowest_ready_median_s"] = slowest
        met = slowest <= 1
        t.row("the live widgets ready, slowest page (median)", seconds(slowest),
              target="≤ 1 s", met=met)
        t.target("page_live", "page live after navigation, slowest page, median", slowest, 1, met)

    out["targets"] = t.targets
    out["table"] = t.markdown()
    write_json(args.out, out)
    meta = out["meta"]
    print()
    print(t.markdown())
    print()
    met = sum(1 for x in t.targets if x["met"])
    print(f"{met} of {len(t.targets)} targets met. Measured {meta['date']} on {meta['cpus']} CPUs "
          f"({meta['cpu']}), load average {meta['load_average'][0]:.1f}"
          + (" (--quick: few repetitions, one notebook)" if xt["quick"] else ""))
    print(f"wrote {args.out}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("compare")
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--quick", action="store_true")
    p = sub.add_parser("notebooks")
    p.add_argument("--scratch", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--quick", action="store_true")
    p = sub.add_parser("page")
    p.add_argument("--book", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--quick", action="store_true")
    p = sub.add_parser("report")
    for name in ("rust", "python", "notebooks", "xtask", "page", "out"):
        p.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    return {"compare": compare, "notebooks": notebooks, "page": page,
            "report": report}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
