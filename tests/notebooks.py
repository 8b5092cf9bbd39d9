"""Runs the book's notebooks in the real Rust kernel (evcxr) through Jupyter's own client.

A notebook passes when every cell ran with no error output and no stderr stream (evcxr reports
a panic on stderr and still answers "ok"), every cell tagged `chart` drew an SVG, and the fresh
outputs equal the committed ones, so a committed notebook never goes stale. Then every cell runs
a second time in the same kernel, as students re-run cells, and must again run clean.

    python tests/notebooks.py [--refresh] [NOTEBOOK ...]

--refresh writes the fresh outputs into the files instead of comparing. With no NOTEBOOK, every
notebook under notebooks/ runs. Called by `cargo xtask notebooks` and by tests/tests/notebooks.rs.
"""

import argparse
import copy
import difflib
import json
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
KERNEL = "rust"
# The first :dep cell compiles the library and its dependencies: minutes on a cold machine.
CELL_TIMEOUT = 1200


def notebooks(args):
    if args:
        return [pathlib.Path(a).resolve() for a in args]
    return sorted(p for p in (ROOT / "notebooks").glob("*.ipynb"))


def comparable(outputs):
    """The parts of a cell's outputs that must not change between runs."""
    kept = []
    for out in outputs:
        out = copy.deepcopy(out)
        out.pop("metadata", None)
        out.pop("transient", None)
        kept.append(out)
    return kept


def problems_in(nb, name):
    """Error outputs, stderr streams, and chart cells without an SVG."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"{name} cell {i + 1}"
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append(f"{where}: error {out.get('ename')}: {out.get('evalue')}")
            if out.output_type == "stream" and out.get("name") == "stderr":
                found.append(f"{where}: stderr: {out.get('text', '').strip()[:2000]}")
        if "chart" in cell.metadata.get("tags", []):
            svgs = [o for o in cell.get("outputs", []) if "image/svg+xml" in o.get("data", {})]
            if not svgs:
                found.append(f"{where}: tagged `chart` but drew no SVG")
    return found


def run(path, rerun):
    """Runs every cell in a fresh kernel; with `rerun`, then runs every cell once more in the same
    kernel (students re-run cells) and returns the problems of that second pass too."""
    nb = nbformat.read(path, as_version=4)
    committed = copy.deepcopy(nb)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name=KERNEL,
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.monotonic()
    second = []
    code_cells = sum(1 for cell in nb.cells if cell.cell_type == "code")
    with client.setup_kernel():
        print(f"  kernel started in {time.monotonic() - started:.1f} s", flush=True)
        done = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                client.execute_cell(cell, index)
                continue
            done += 1
            # The line is finished when the cell is: a cell that hangs is the one left open.
            print(f"  cell {done}/{code_cells} (notebook cell {index + 1}) ...", end="",
                  flush=True)
            cell_started = time.monotonic()
            client.execute_cell(cell, index)
            print(f" {time.monotonic() - cell_started:.1f} s", flush=True)
        fresh = copy.deepcopy(nb)
        if rerun:
            again = copy.deepcopy(committed)
            client.nb = again
            second_started = time.monotonic()
            print(f"  second run of the {code_cells} cells in the same kernel: ", end="",
                  flush=True)
            for index, cell in enumerate(again.cells):
                client.execute_cell(cell, index)
                if cell.cell_type == "code":
                    print(".", end="", flush=True)
            print(f" {time.monotonic() - second_started:.1f} s", flush=True)
            second = [f"(second run) {p}" for p in problems_in(again, str(path.name))]
    return committed, fresh, time.monotonic() - started, second


def stale_cells(committed, fresh, name):
    found = []
    old = [c for c in committed.cells if c.cell_type == "code"]
    new = [c for c in fresh.cells if c.cell_type == "code"]
    for i, (a, b) in enumerate(zip(old, new)):
        before, after = comparable(a.get("outputs", [])), comparable(b.get("outputs", []))
        if before != after:
            diff = difflib.unified_diff(
                json.dumps(before, indent=1, sort_keys=True).splitlines()[:400],
                json.dumps(after, indent=1, sort_keys=True).splitlines()[:400],
                "committed",
                "fresh",
                lineterm="",
                n=1,
            )
            shown = "\n".join(list(diff)[:40])
            found.append(f"{name} code cell {i + 1}: outputs differ from the committed ones\n{shown}")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true", help="write fresh outputs back")
    parser.add_argument("--save-fresh", metavar="PATH", help="also write the executed notebook here")
    parser.add_argument("notebooks", nargs="*")
    args = parser.parse_args()
    failures = []
    paths = notebooks(args.notebooks)
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    for number, path in enumerate(paths, start=1):
        name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        print(f"[{number}/{len(paths)}] running {name} ...", flush=True)
        committed, fresh, seconds, second = run(path, rerun=not args.refresh)
        problems = problems_in(fresh, name) + second
        if args.save_fresh:
            nbformat.write(fresh, args.save_fresh)
        if args.refresh:
            if not problems:
                nbformat.write(fresh, path)
                print(f"  refreshed in {seconds:.1f} s")
        else:
            problems += stale_cells(committed, fresh, name)
            if not problems:
                print(f"  ok in {seconds:.1f} s")
        for p in problems:
            print(f"  FAIL {p}")
        failures += problems
    if failures:
        print(f"{len(failures)} notebook problem(s)")
        if not args.refresh:
            print("If the change is intended, run `cargo xtask notebooks --refresh` and commit.")
        return 1
    print(f"{len(paths)} notebook(s) passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
