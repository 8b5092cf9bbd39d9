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
    both = later + again
    return {
        "notebook": notebook_name(path),
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


# ---------------------------------------------------------------------------------------------
# The floor and the breakdown: how long this machine needs for the least a cell can cost, and
# where a cell's time goes.


def floor_once(scratch):
    """The floor: `rustc` compiling and linking an empty dynamic library (a `cdylib` linked
    against the standard library's shared object, as evcxr builds each cell). Whatever the
    machine, no cell can answer faster than this; notebook figures are also given in floors."""
    scratch.mkdir(parents=True, exist_ok=True)
    source = scratch / "empty.rs"
    source.write_text("", encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(["rustc", "--crate-type", "cdylib", "-C", "prefer-dynamic",
                    "--crate-name", "empty", "--out-dir", str(scratch), str(source)],
                   check=True, capture_output=True)
    return time.perf_counter() - started


# What each program seen in the kernel's trace is, by its file name. The linker is the C
# compiler driver that rustc runs (it runs the real linker, rust-lld or mold, under it).
PROGRAMS = {"cargo": "cargo", "rustc": "rustc", "cc": "linker", "gcc": "linker",
            "mold": "linker", "evcxr_jupyter": "evcxr"}
TRACE_LINE = re.compile(r"(\d+)\s+(\d+\.\d+)\s+(.*)")


def read_trace(path):
    """The programs the traced kernel ran (kernel.py `trace_command`): a list of
    (kind, start, end) in seconds since the epoch, from strace's execve and exit lines. A
    process that runs several programs in turn (the linker driver does) counts as its first."""
    running, pending, spans = {}, {}, []

    def started(pid, program, at):
        kind = PROGRAMS.get(os.path.basename(program))
        if kind and pid not in running:
            running[pid] = (kind, at)

    for line in pathlib.Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        match = TRACE_LINE.match(line)
        if not match:
            continue
        pid, at, rest = match.group(1), float(match.group(2)), match.group(3)
        if rest.startswith('execve("'):
            program = rest.split('"')[1]
            if rest.endswith("<unfinished ...>"):
                pending[pid] = program
            elif rest.endswith("= 0"):
                started(pid, program, at)
        elif rest.startswith("<... execve resumed>"):
            program = pending.pop(pid, None)
            if program and rest.endswith("= 0"):
                started(pid, program, at)
        elif rest.startswith("+++ exited") or rest.startswith("+++ killed"):
            if pid in running:
                kind, began = running.pop(pid)
                spans.append((kind, began, at))
    return spans


def union_s(spans, start, end):
    """How long, within [start, end], at least one of `spans` ran."""
    clipped = sorted((max(a, start), min(b, end)) for a, b in spans if b > start and a < end)
    total, reach = 0.0, start
    for a, b in clipped:
        if b > reach:
            total += b - max(a, reach)
            reach = b
    return total


def build_parts(spans, start, end):
    """cargo, rustc and the linker within [start, end]: the times each ran (overlaps counted
    once), and when the first build began and the last ended. Each tool's time is what it adds
    to the tools inside it (the linker inside rustc, rustc inside cargo), so a rustc that evcxr
    runs on its own, outside cargo, is counted once and the parts add up to the whole."""
    def of(*kinds):
        return [(max(a, start), min(b, end)) for k, a, b in spans
                if k in kinds and b > start and a < end]

    tools = of("cargo", "rustc", "linker")
    if not tools:
        return {"builds": 0, "first_build": None, "last_build_end": None, "parts": {}}
    first = min(a for a, _ in tools)
    last = max(b for _, b in tools)
    linker_s = union_s(of("linker"), first, last)
    rustc_s = union_s(of("rustc", "linker"), first, last)
    tools_s = union_s(tools, first, last)
    return {
        "builds": len(of("cargo")),
        "first_build": first,
        "last_build_end": last,
        # The parts from the first build's start to the last one's end.
        "parts": {
            "cargo_fingerprints_s": tools_s - rustc_s,
            "rustc_s": rustc_s - linker_s,
            "linker_s": linker_s,
            # Between two builds: evcxr's and rust-analyzer's work in evcxr's process
            # (rust-analyzer loading crates, evcxr retrying with a type it could fix).
            "evcxr_between_builds_s": (last - first) - tools_s,
        },
    }


def cell_breakdown(spans, sent, replied, took):
    """Where one cell's time went, from sending it to its reply: `took` is evcxr's own figure
    for the cell (`:timing`), which ends when the compiled code has run; the trace says when
    cargo, rustc and the linker ran inside it. Every part is in seconds; they add up to the
    whole."""
    whole = replied - sent
    evcxr_end = min(sent + took, replied) if took is not None else replied
    build = build_parts(spans, sent, evcxr_end)
    if build["first_build"] is None:
        # Nothing compiled (a cell of commands only): all evcxr's own work.
        parts = {"evcxr_and_rust_analyzer_s": evcxr_end - sent}
    else:
        parts = {
            # Parsing the cell, writing the crate and asking rust-analyzer the type of each
            # new variable, all inside the kernel's process before cargo starts.
            "evcxr_and_rust_analyzer_s": build["first_build"] - sent,
            **build["parts"],
            "load_and_run_s": max(evcxr_end - build["last_build_end"], 0.0),
        }
    parts["reply_s"] = replied - evcxr_end
    return {"whole_s": whole, "builds": build["builds"], "parts": parts}


def kernel_breakdown(spans, asked, ready):
    """Where the kernel start went, from asking Jupyter for a kernel to its first answer: the
    wrapper (Python starting crates/xtask/kernel.py, which takes a build folder and becomes
    evcxr), then evcxr's start, which builds and runs one tiny cell (`42`) to check its
    toolchain and wake rust-analyzer (which loads the standard library's source between
    cargo's runs)."""
    evcxr = min((a for k, a, _ in spans if k == "evcxr" and a >= asked), default=asked)
    build = build_parts(spans, evcxr, ready)
    parts = {"process_and_wrapper_s": evcxr - asked}
    if build["first_build"] is not None:
        parts |= {
            "evcxr_start_s": build["first_build"] - evcxr,
            **build["parts"],
            "load_run_and_handshake_s": ready - build["last_build_end"],
        }
    else:
        parts["evcxr_start_s"] = ready - evcxr
    return {"whole_s": ready - asked, "parts": parts}


TOOK = re.compile(r"Took (\d+)ms")


def took_s(cell):
    """evcxr's own time for the cell, from the line `:timing` makes it print."""
    for output in cell.get("outputs", []):
        match = TOOK.search(json.dumps(output.get("data", {})))
        if match:
            return int(match.group(1)) / 1000
    return None


def breakdown(path, env=None, before_dep=None):
    """Runs a notebook once in a kernel traced by strace (kernel.py `trace_command`) with
    evcxr's `:timing` on, and breaks down the kernel start, the first `:dep` cell and every
    later cell. Returns None when strace is not installed (the breakdown is then skipped)."""
    if shutil.which("strace") is None:
        return None
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    dep = first_dep_cell(nb)
    if dep is None:
        return None
    nb.cells.insert(dep, nbformat.v4.new_code_cell(":timing" + (f"\n{before_dep}" if before_dep
                                                                 else "")))
    dep += 1
    log = pathlib.Path(tempfile.mkdtemp(prefix="genai-trace-")) / "kernel.trace"
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name=KERNEL, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    windows = []
    with Env((env or {}) | {"GENAI_KERNEL_TRACE": str(log)}):
        asked = time.time()
        with client.setup_kernel():
            ready = time.time()
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                sent = time.time()
                client.execute_cell(cell, index)
                windows.append((index, sent, time.time(), took_s(cell)))
    spans = read_trace(log)
    shutil.rmtree(log.parent, ignore_errors=True)
    cells = [cell_breakdown(spans, sent, replied, took) | {"cell": index}
             for index, sent, replied, took in windows if index >= dep]
    later = cells[1:]
    typical = None
    if later:
        # The later cell whose whole time is the median one: a real cell, whose parts add up.
        typical = sorted(later, key=lambda c: c["whole_s"])[(len(later) - 1) // 2]
    return {
        "notebook": notebook_name(path),
        # Every program the kernel ran, from the kernel's request: for a closer look.
        "programs": [(kind, round(a - asked, 3), round(b - asked, 3)) for kind, a, b in spans],
        "windows": [(index, round(a - asked, 3), round(b - asked, 3), took)
                    for index, a, b, took in windows],
        "kernel_start": kernel_breakdown(spans, asked, ready),
        "first_dep_cell": cells[0] if cells else None,
        "typical_later_cell": typical,
        "later_cells": later,
        "later_part_medians_s": {
            key: statistics.median(c["parts"].get(key, 0.0) for c in later)
            for key in sorted({k for c in later for k in c["parts"]})
        } if later else {},
    }


def breakdown_one(args):
    """`bench.py breakdown`: one traced run of one notebook, for trying a lever by hand."""
    env = dict(item.split("=", 1) for item in args.env)
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="genai-floor-"))
    floors = [floor_once(scratch) for _ in range(5)]
    found = breakdown(pathlib.Path(args.notebook).resolve(), env=env, before_dep=args.before_dep)
    floors += [floor_once(scratch) for _ in range(5)]
    shutil.rmtree(scratch, ignore_errors=True)
    found["floor_s"] = statistics.median(floors)
    found["load_average"] = list(os.getloadavg())
    write_json(args.out, found)
    print(breakdown_text(found))
    return 0


def breakdown_text(found):
    """The breakdown as lines of text, each part in seconds and in floors."""
    floor = found["floor_s"]
    lines = [f"breakdown of {found['notebook']} (floor {floor * 1000:.0f} ms)"]

    def show(title, part):
        if not part:
            return
        lines.append(f"  {title}: {part['whole_s']:.2f} s = {part['whole_s'] / floor:.1f} floors")
        for key, value in part["parts"].items():
            lines.append(f"    {key[:-2].replace('_', ' ')}: {value:.3f} s "
                         f"({value / floor:.1f} floors)")

    show("kernel start", found["kernel_start"])
    show("first :dep cell", found["first_dep_cell"])
    show(f"typical later cell (cell {found['typical_later_cell']['cell']})"
         if found["typical_later_cell"] else "typical later cell", found["typical_later_cell"])
    medians = found["later_part_medians_s"]
    if medians:
        lines.append("  later cells, each part's median: " + ", ".join(
            f"{k[:-2].replace('_', ' ')} {v:.3f} s" for k, v in medians.items()))
    return "\n".join(lines)


def nbformat_cells(path):
    """The code cells of a notebook."""
    import nbformat

    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def notebook_name(path):
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


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


def standard_library_sources():
    """The standard library's sources as rustup installs them (`rust-src`), or None."""
    sysroot = output(["rustc", "--print", "sysroot"])
    if not sysroot:
        return None
    library = pathlib.Path(sysroot) / "lib" / "rustlib" / "src" / "rust" / "library"
    return library if (library / "Cargo.toml").is_file() else None


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
    # rust-analyzer inside evcxr as it was before kernel.py set its allocator and its view of
    # the standard library's sources (kernel.py `ALLOCATOR`, `standard_library_view`): a value
    # the user sets wins over the launcher's, so these two put evcxr's own back.
    # Its rows compare it with the kernel as shipped, run right beside it, each twice in turn
    # (the fastest of the two is kept, as for the models): the plain runs came earlier, on a
    # machine that had just been set up.
    library = standard_library_sources()
    if library is not None:
        for n in (1, 2):
            attempt(f"analyzer_shipped_{n}", "as shipped, beside the next lever")
            attempt(f"analyzer_before_{n}", "rust-analyzer as evcxr starts it",
                    env={"MIMALLOC_ALLOW_THP": "1", "RUST_SRC_PATH": str(library)})
    # The kernel's settings before the benchmark's breakdown (crates/xtask/kernel.py): evcxr's
    # defaults, which optimise each cell (opt-level 2) and build it incrementally in 16 pieces.
    # Its own kept pool, filled once (minutes) and kept between benchmarks.
    defaults = {"GENAI_KERNEL_SETTINGS": "evcxr",
                "GENAI_KERNEL_POOL": str(pathlib.Path(tempfile.gettempdir())
                                         / f"genai-bench-evcxr-defaults-{os.getuid()}")}
    attempt("evcxr_defaults_fill", "evcxr's default settings (filling their build folder)",
            env=defaults, until_dep=True)
    attempt("evcxr_defaults", "evcxr's default settings", env=defaults)
    found.pop("evcxr_defaults_fill", None)
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
    result = {"quick": args.quick, "cold": None, "warmup": None, "levers": {}, "breakdown": None}

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

    floor_dir = scratch / "floor"
    floors = [floor_once(floor_dir) for _ in range(5)]
    runs = []
    for path in paths:
        # The floor between notebooks too: on a shared machine the load comes and goes.
        floors += [floor_once(floor_dir) for _ in range(3)]
        say(f"{path.name}: whole notebook ...")
        run = run_notebook(path)
        if run is not None:
            runs.append(run)
            say(
                f"{path.name}: {run['total_s']:.1f} s (kernel {run['kernel_start_s']:.1f} s, "
                f":dep {run['first_dep_cell_s']:.1f} s, {len(run['later_cells_s'])} later cells)"
            )
    result["runs"] = runs

    # The breakdown, on the chapter notebook with the most cells (in --quick, the one notebook).
    chapters = [p for p in paths if p.parent == ROOT / "notebooks"]
    traced = max(chapters or paths, key=lambda p: len(nbformat_cells(p)))
    say(f"{traced.name}: where a cell's time goes (traced) ...")
    result["breakdown"] = breakdown(traced)
    if result["breakdown"] is None:
        say("breakdown skipped: strace is not installed")

    if not args.quick and runs:
        levers(first, result["levers"])
        if result["breakdown"] is not None:
            say(f"{traced.name}: where a cell's time goes with evcxr's default settings ...")
            result["breakdown_evcxr_defaults"] = breakdown(traced, env={
                "GENAI_KERNEL_SETTINGS": "evcxr",
                "GENAI_KERNEL_POOL": str(pathlib.Path(tempfile.gettempdir())
                                         / f"genai-bench-evcxr-defaults-{os.getuid()}")})
    floors += [floor_once(floor_dir) for _ in range(5)]
    result["floor"] = {"samples_s": floors, "median_s": statistics.median(floors),
                       "what": "rustc compiling and linking an empty cdylib (-C prefer-dynamic)"}
    say(f"floor: {result['floor']['median_s'] * 1000:.0f} ms (median of {len(floors)})")

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


# Chapter 3's writer switched to the network: fetch and read its weights, then time steps of
# the plain forward pass in the page (each `generate_network` call writes the recipe's length
# of pieces; the time per piece is the next-token step).
NETWORK_STEPS = """
const [reps, done] = arguments;
const form = document.querySelector('form.genai-live[data-kind=generate]');
const select = form && form.querySelector('select[name=model]');
if (!select) { done({ error: 'no writer switch on the page' }); return; }
select.value = 'network';
select.dispatchEvent(new Event('change'));
const widget = form.closest('.genai-widget');
const spec = JSON.parse(widget.querySelector(':scope > script.genai-live-data').textContent)
    .find((s) => s.kind === 'generate');
const look = () => {
    const n = window.genaiNetwork;
    if (n.status === 'failed') { done({ error: n.error }); return; }
    if (n.status !== 'ready') { setTimeout(look, 20); return; }
    const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('.safetensors'));
    const api = window.genaiLive.api;
    const recipe = JSON.stringify(spec.recipe);
    const perStep = [];
    for (let i = 0; i < reps; i++) {
        const started = performance.now();
        const run = JSON.parse(api.generate_network(recipe, 'the oven', String(i + 1), '1'));
        perStep.push((performance.now() - started) / Math.max(1, run.trace.steps.length));
    }
    done({ error: null, bytes: n.bytes, transfer: entry ? entry.transferSize : null,
           load_ms: n.took, step_ms: perStep });
};
look();
"""


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
        browser.goto(f"{base}/how-it-generates.html")
        browser.run_async(WAIT_READY, [])
        network = browser.run_async(NETWORK_STEPS, [3 if args.quick else 10])
        if network["error"]:
            raise RuntimeError(f"the network in the page: {network['error']}")
        say(f"the network: {network['bytes']} bytes of weights, a step in "
            f"{statistics.median(network['step_ms']):.1f} ms (median)", "page")
    finally:
        browser.close()
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    write_json(args.out, {"loads": loads, "controls": measured, "network": network})
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
        # `cargo xtask bench --fresh` runs this in a throwaway home and temporary folder, after
        # the project's setup there (crates/xtask/src/bench.rs `bench_fresh`).
        "mode": "fresh" if os.environ.get("GENAI_BENCH_MODE") == "fresh" else "this machine",
        "fresh_setup_s": float(os.environ["GENAI_BENCH_SETUP_S"])
        if os.environ.get("GENAI_BENCH_SETUP_S") else None,
    }


# The parts of a breakdown, in the order they happen, in words.
PARTS = {
    "process_and_wrapper_s": "the kernel process and the wrapper (kernel.py)",
    "evcxr_start_s": "evcxr's start, before its first cargo run",
    "evcxr_and_rust_analyzer_s": "evcxr's own work and rust-analyzer's type queries",
    "cargo_fingerprints_s": "cargo's own work (fingerprint checks)",
    "rustc_s": "rustc (without linking)",
    "linker_s": "the linker",
    "evcxr_between_builds_s": "rust-analyzer loading the crates (in evcxr, between cargo runs)",
    "load_and_run_s": "loading and running the compiled code",
    "load_run_and_handshake_s": "loading the first cell, and Jupyter's handshake",
    "reply_s": "the reply",
}


def breakdown_rows(t, found, floor, title):
    """The breakdown's rows: each part of the kernel start, the first `:dep` cell and a
    typical later cell, in seconds and floors."""
    if not found:
        return
    for what, part in (("kernel start", found["kernel_start"]),
                       ("first `:dep` cell", found["first_dep_cell"]),
                       ("a typical later cell (the median one)", found["typical_later_cell"])):
        if not part:
            continue
        t.row(f"breakdown{title}, `{found['notebook']}`: {what}", seconds(part["whole_s"]),
              f"{part['whole_s'] / floor:.1f} floors")
        for key, value in part["parts"].items():
            t.row(f"  {what}: {PARTS.get(key, key)}", seconds(value),
                  f"{value / floor:.1f} floors")


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
    floor = nbs["floor"]["median_s"]
    notebooks_part = {
        "floor": nbs["floor"],
        "breakdown": nbs.get("breakdown"),
        "breakdown_evcxr_defaults": nbs.get("breakdown_evcxr_defaults"),
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
    n = notebooks_part
    for key in ("kernel_start", "first_dep_cell_warm", "later_median", "later_p95"):
        n[f"{key}_floors"] = n[f"{key}_s"] / floor
    out["notebooks"] = notebooks_part
    t.section("Notebooks (real kernel, nbclient; a floor is the time `rustc` takes to compile "
              "and link an empty dynamic library on this machine, in the same run)")
    t.row(f"the floor (median of {len(nbs['floor']['samples_s'])}, taken between the notebooks)",
          seconds(floor))

    def floors(value):
        return f"{value / floor:.1f} floors"

    def against_floor(key, what, value, limit):
        met = value / floor <= limit
        t.row(what, seconds(value), floors(value), target=f"≤ {limit:g} floors", met=met)
        t.target(key, what, value / floor, limit, met)

    against_floor("kernel_start", "kernel start (median)", n["kernel_start_s"], 20)
    if n["first_dep_cell_cold_s"] is not None:
        t.row("first `:dep` cell, cold (a new build folder)", seconds(n["first_dep_cell_cold_s"]),
              floors(n["first_dep_cell_cold_s"]))
    against_floor("first_cell_warm", "first `:dep` cell, warm (the kept build folder; slowest "
                  "notebook)", n["first_dep_cell_warm_s"], 40)
    against_floor("later_median", f"later cells, median ({n['later_cells']} cells)",
                  n["later_median_s"], 2.5)
    against_floor("later_p95", "later cells, 95th percentile", n["later_p95_s"], 5)
    for title, found in (("", n["breakdown"]),
                         (" with evcxr's default settings", n["breakdown_evcxr_defaults"])):
        breakdown_rows(t, found, floor, title)
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
        ("evcxr_defaults", "evcxr's default settings (cells optimised, incremental, 16 pieces)"),
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
    analyzer = [[levers.get(f"analyzer_{kind}_{n}") for n in (1, 2)]
                for kind in ("shipped", "before")]
    if all(all(pair) for pair in analyzer):
        what = ("rust-analyzer as evcxr starts it (its allocator with transparent huge pages, "
                "the standard library's cargo workspace), fastest of two runs beside two as "
                "shipped")
        for key, label in (("kernel_start_s", "kernel start"),
                           ("first_dep_cell_s", "first `:dep` cell"),
                           ("both_passes_median_s", "later cells, median")):
            now, before = (min(run[key] for run in pair) for pair in analyzer)
            t.row(f"lever: {what}: {label}", seconds(before), seconds(now) + f" {shipped}",
                  faster(now / before))
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

    # 7. The neural network (chapter 3's tiny transformer)
    net = rust.get("network")
    if net is not None:
        t.section("The neural network (the plain forward pass; training as the committed log "
                  "recorded it on the machine that trained it)")
        for kind, secs in net["training_s"].items():
            t.row(f"training, `cargo xtask train {kind}`", seconds(secs or 0),
                  target="≤ 5 min", met=(secs or 0) <= 300)
            t.target(f"network_training_{kind}", f"training the {kind} network", secs, 300,
                     (secs or 0) <= 300)
        t.row("next-token step, native (full context, fastest run)",
              seconds(net["step_ms"] / 1000))
        t.row("tokens per second, native", f"{net['tokens_per_s']:.0f}")
        ppl = net["perplexity"]
        if ppl["network"] and ppl["best_ngram"]:
            lower = 1 - ppl["network"] / ppl["best_ngram"]
            met = lower >= 0.15
            t.row("held-out perplexity, network vs the best n-gram", f"{ppl['network']:.1f}",
                  f"{ppl['best_ngram']:.1f}", f"{100 * lower:.0f}% lower", target="≥ 15% lower",
                  met=met)
            t.target("network_perplexity", "network's held-out perplexity below the best "
                     "n-gram's (share)", lower, 0.15, met)
        page_net = pg.get("network") if "skipped" not in pg else None
        if page_net:
            step = statistics.median(page_net["step_ms"])
            met = step <= 50
            t.row("next-token step in the page (median)", seconds(step / 1000),
                  target="≤ 50 ms", met=met)
            t.target("network_page_step", "next-token step in the page, ms", step, 50, met)
            t.row("tokens per second in the page", f"{1000 / step:.0f}")
            transfer = page_net["transfer"] or page_net["bytes"]
            met = transfer <= 3_000_000
            t.row("extra transfer for the network (its weights)", f"{transfer / 1e6:.2f} MB",
                  target="≤ 3 MB", met=met)
            t.target("network_transfer", "extra transfer for the network, bytes", transfer,
                     3_000_000, met)

    out["targets"] = t.targets
    out["table"] = t.markdown()
    write_json(args.out, out)
    meta = out["meta"]
    print()
    print(t.markdown())
    print()
    met = sum(1 for x in t.targets if x["met"])
    print(f"{met} of {len(t.targets)} targets met. Measured {meta['date']} on {meta['cpus']} CPUs "
          f"({meta['cpu']}), load average {meta['load_average'][0]:.1f}, mode: {meta['mode']}"
          + (f" (setup there took {meta['fresh_setup_s']:.0f} s)" if meta["fresh_setup_s"] else "")
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
    p = sub.add_parser("breakdown")
    p.add_argument("--notebook", required=True)
    p.add_argument("--env", action="append", default=[], help="KEY=VALUE for the kernel")
    p.add_argument("--before-dep", default=None)
    p.add_argument("--out", required=True)
    p = sub.add_parser("page")
    p.add_argument("--book", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--quick", action="store_true")
    p = sub.add_parser("report")
    for name in ("rust", "python", "notebooks", "xtask", "page", "out"):
        p.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    return {"compare": compare, "notebooks": notebooks, "page": page, "breakdown": breakdown_one,
            "report": report}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
