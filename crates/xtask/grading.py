"""The instructor's side of the exercise notebooks, through nbgrader.

    python grading.py assign --out DIR
    python grading.py grade [--csv FILE] [--keep] [--cell-timeout SECONDS] SUBMISSION.ipynb...

`assign` turns every instructor notebook in notebooks/exercises/ into its student version
(solutions replaced by a `todo!()` stub) with nbgrader's generate_assignment. `grade` autogrades
submitted notebooks in a scratch nbgrader course (removed afterwards unless `--keep`) and prints
points per test per student, with notes on what looked wrong; it reads the submitted files and
never writes to them. Whatever one student handed in, every other student is graded: a file that
is not a notebook, or one nbgrader cannot grade, is a row of zeros that says why. Called by
`cargo xtask assign` and `cargo xtask grade`.

A submission's assignment is its file name (`01-telling-apart.ipynb`); its student is the name
of the folder it is in (`alice/01-telling-apart.ipynb` is alice's).
"""

import argparse
import csv
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "notebooks" / "exercises"
LIBRARY = ROOT / "crates" / "genai-demos"
DEP = re.compile(r':dep genai-demos = \{ path = "[^"]*" \}')


def assignments():
    return {p.stem: p for p in sorted(EXERCISES.glob("*.ipynb"))}


def with_dep_path(text, path):
    """The notebook (as JSON text) with the library's `:dep` pointing at `path`."""
    nb = json.loads(text)
    for cell in nb.get("cells", []):
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", "")
        joined = "".join(source) if isinstance(source, list) else source
        cell["source"] = DEP.sub(':dep genai-demos = { path = "%s" }' % path, joined)
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def new_course(kind):
    course = ROOT / "target" / "nbgrader" / f"{kind}-{os.getpid()}"
    if course.exists():
        shutil.rmtree(course)
    course.mkdir(parents=True)
    shutil.copy(EXERCISES / "nbgrader_config.py", course / "nbgrader_config.py")
    return course


def nbgrader(course, *args):
    """Runs nbgrader for the instructor's own files, where a failure stops the run."""
    ok, log = run_nbgrader(course, *args)
    if not ok:
        sys.stderr.write(log)
        raise SystemExit(f"nbgrader {' '.join(args)} failed")
    return log


def generate(course, name, source):
    folder = course / "source" / name
    folder.mkdir(parents=True, exist_ok=True)
    text = with_dep_path(source.read_text(), LIBRARY)
    (folder / f"{name}.ipynb").write_text(text)
    nbgrader(course, "generate_assignment", name, "--force")


def assign(out):
    course = new_course("assign")
    out.mkdir(parents=True, exist_ok=True)
    try:
        for name, source in assignments().items():
            generate(course, name, source)
            released = course / "release" / name / f"{name}.ipynb"
            # Students open their copy in notebooks/exercises/, like the instructor's.
            text = with_dep_path(released.read_text(), "../../crates/genai-demos")
            (out / f"{name}.ipynb").write_text(text)
            print(f"student version: {out / (name + '.ipynb')}")
    finally:
        shutil.rmtree(course, ignore_errors=True)
    return 0


def student_of(path):
    parent = path.resolve().parent.name
    return re.sub(r"[^A-Za-z0-9_-]", "_", parent) or "student"


class Unreadable(Exception):
    """A submitted file that is not a notebook: graded zero, with the reason in its notes."""


def read_submission(path):
    """The submission's text, if it is a notebook at all."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise Unreadable("file unreadable: not UTF-8 text") from None
    except OSError as e:
        raise Unreadable(f"file unreadable: {e.strerror}") from None
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as e:
        raise Unreadable(f"file unreadable: not valid JSON ({e.msg}: line {e.lineno} column {e.colno})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise Unreadable("file unreadable: JSON but not a notebook (no list of cells)")
    return text


def grade(paths, csv_path, keep, cell_timeout):
    # A grades.csv from an earlier run must never pass for this run's, even if this one fails.
    csv_path.unlink(missing_ok=True)
    known = assignments()
    jobs = []
    for path in paths:
        path = pathlib.Path(path)
        name = path.stem
        if name not in known:
            raise SystemExit(f"{path}: no exercise notebook is called {name}.ipynb (known: {', '.join(known)})")
        student = student_of(path)
        if any(s == student and a == name for s, a, _ in jobs):
            raise SystemExit(f"{path}: a second submission of {name} by {student}")
        jobs.append((student, name, path))
    course = new_course("grade")
    if cell_timeout is not None:
        with open(course / "nbgrader_config.py", "a") as f:
            f.write(f"\nc.RustExecute.cell_timeout = {int(cell_timeout)}\n")
    try:
        tests = {}
        for name in sorted({a for _, a, _ in jobs}):
            generate(course, name, known[name])
            tests[name] = graded_tests(course, name)
        rows = []
        for student, name, path in jobs:
            rows += grade_one(course, student, name, path, tests[name])
        print_table(rows)
        write_csv(csv_path, rows)
        print(f"wrote {csv_path}")
    finally:
        if keep:
            print(f"kept the scratch course in {course}")
        else:
            shutil.rmtree(course, ignore_errors=True)
    return 0


def grade_one(course, student, name, path, tests):
    """One submission's rows, whatever it holds: a broken one gets zero and says why."""
    notes = []
    scores = {}
    started = time.monotonic()
    try:
        text = read_submission(path)
        target = course / "submitted" / student / name
        target.mkdir(parents=True)
        # The scratch copy points at this checkout's library; the submitted file is only read.
        (target / f"{name}.ipynb").write_text(with_dep_path(text, LIBRARY))
        ok, log = run_nbgrader(course, "autograde", name, "--student", student, "--force")
        notes += notes_of(course, student, name)
        if ok:
            scores = scores_of(course, student, name)
        else:
            notes.append(f"nbgrader could not grade it: {last_error(log)}")
    except Unreadable as e:
        notes.append(str(e))
    except Exception as e:  # noqa: BLE001 (one student's file must never stop the class)
        notes.append(f"grading failed: {type(e).__name__}: {e}")
        scores = {}
    seconds = round(time.monotonic() - started, 1)
    summary = "; ".join(n.replace("\n", " ") for n in notes)
    return [[student, name, test, scores.get(test, 0.0), worth, seconds, summary] for test, worth in tests]


def run_nbgrader(course, *args):
    """Runs nbgrader; returns whether it succeeded, and what it printed."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    # nbgrader runs `alembic` from the same environment, so its bin folder goes on PATH.
    env = dict(os.environ, PATH=f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run(cmd, cwd=course, capture_output=True, text=True, env=env)
    return result.returncode == 0, result.stdout + result.stderr


def last_error(log):
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "error" in line]
    return (errors or lines or ["no output"])[-1][:200]


def graded_tests(course, name):
    """The assignment's test cells and their points, in the notebook's order."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        notebook = gb.find_notebook(name, name)
        order = [cell.name for cell in notebook.source_cells]
        cells = sorted(notebook.grade_cells, key=lambda g: order.index(g.name) if g.name in order else len(order))
        return [(g.name, float(g.max_score)) for g in cells]


def notes_of(course, student, name):
    """What nbgrader_config.py noticed, from the graded notebook's metadata."""
    graded = course / "autograded" / student / name / f"{name}.ipynb"
    try:
        return list(json.loads(graded.read_text())["metadata"]["genai_grading"]["notes"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def scores_of(course, student, name):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        notebook = gb.find_submission_notebook(name, name, student)
        return {g.name: float(g.score or 0.0) for g in notebook.grades}


def print_table(rows):
    header = ["student", "assignment", "test", "points", "max"]
    table = [header] + [[r[0], r[1], r[2], f"{r[3]:g}", f"{r[4]:g}"] for r in rows]
    print_columns(table)
    print()
    totals = {}
    for r in rows:
        got, best, seconds, notes = totals.get((r[0], r[1]), (0, 0, r[5], r[6]))
        totals[(r[0], r[1])] = (got + r[3], best + r[4], seconds, notes)
    table = [["student", "assignment", "total", "of", "seconds", "notes"]]
    for (student, name), (got, best, seconds, notes) in totals.items():
        table.append([student, name, f"{got:g}", f"{best:g}", f"{seconds:g}", notes or "-"])
    print_columns(table)


def print_columns(table):
    widths = [max(len(str(row[i])) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())


def write_csv(csv_path, rows):
    """Writes the grades next to their final place, then moves them there in one step."""
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    partial = csv_path.with_name(f".{csv_path.name}.{os.getpid()}.partial")
    with open(partial, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "assignment", "test", "points", "max_points", "seconds", "notes"])
        writer.writerows(rows)
    os.replace(partial, csv_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("assign")
    a.add_argument("--out", type=pathlib.Path, default=ROOT / "target" / "exercises" / "student")
    g = sub.add_parser("grade")
    g.add_argument("--csv", type=pathlib.Path, default=ROOT / "target" / "grades.csv")
    g.add_argument("--keep", action="store_true", help="keep the scratch course under target/nbgrader/")
    g.add_argument("--cell-timeout", type=int, metavar="SECONDS", help="for every cell but the first `:dep` one")
    g.add_argument("submissions", nargs="+")
    args = parser.parse_args()
    if args.command == "assign":
        return assign(args.out)
    return grade(args.submissions, args.csv, args.keep, args.cell_timeout)


if __name__ == "__main__":
    sys.exit(main())
