"""The instructor's side of the exercise notebooks, through nbgrader.

    python grading.py assign --out DIR
    python grading.py grade --csv FILE SUBMISSION.ipynb...

`assign` turns every instructor notebook in notebooks/exercises/ into its student version
(solutions replaced by a `todo!()` stub) with nbgrader's generate_assignment. `grade` autogrades
submitted notebooks in a scratch nbgrader course and prints points per test per student; it
reads the submitted files and never writes to them. Called by `cargo xtask assign` and
`cargo xtask grade`.

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
    cmd = [sys.executable, "-m", "nbgrader", *args]
    # nbgrader runs `alembic` from the same environment, so its bin folder goes on PATH.
    env = dict(os.environ, PATH=f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run(cmd, cwd=course, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"nbgrader {' '.join(args)} failed")
    return result.stdout + result.stderr


def generate(course, name, source):
    folder = course / "source" / name
    folder.mkdir(parents=True, exist_ok=True)
    text = with_dep_path(source.read_text(), LIBRARY)
    (folder / f"{name}.ipynb").write_text(text)
    nbgrader(course, "generate_assignment", name, "--force")


def assign(out):
    course = new_course("assign")
    out.mkdir(parents=True, exist_ok=True)
    for name, source in assignments().items():
        generate(course, name, source)
        released = course / "release" / name / f"{name}.ipynb"
        # Students open their copy in notebooks/exercises/, like the instructor's.
        text = with_dep_path(released.read_text(), "../../crates/genai-demos")
        (out / f"{name}.ipynb").write_text(text)
        print(f"student version: {out / (name + '.ipynb')}")
    return 0


def student_of(path):
    parent = path.resolve().parent.name
    return re.sub(r"[^A-Za-z0-9_-]", "_", parent) or "student"


def grade(paths, csv_path):
    known = assignments()
    course = new_course("grade")
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
    for name in sorted({a for _, a, _ in jobs}):
        generate(course, name, known[name])
    rows = []
    for student, name, path in jobs:
        target = course / "submitted" / student / name
        target.mkdir(parents=True)
        # The scratch copy points at this checkout's library; the submitted file is only read.
        (target / f"{name}.ipynb").write_text(with_dep_path(path.read_text(), LIBRARY))
        started = time.monotonic()
        nbgrader(course, "autograde", name, "--student", student, "--force")
        seconds = time.monotonic() - started
        rows += scores(course, student, name, seconds)
    print_table(rows)
    with open(csv_path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "assignment", "test", "points", "max_points", "seconds"])
        writer.writerows(rows)
    print(f"wrote {csv_path}")
    return 0


def scores(course, student, name, seconds):
    from nbgrader.api import Gradebook

    rows = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        notebook = gb.find_submission_notebook(name, name, student)
        for g in sorted(notebook.grades, key=lambda g: g.name):
            rows.append([student, name, g.name, g.score, g.max_score, round(seconds, 1)])
    return rows


def print_table(rows):
    header = ["student", "assignment", "test", "points", "max"]
    table = [header] + [[r[0], r[1], r[2], f"{r[3]:g}", f"{r[4]:g}"] for r in rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
    totals = {}
    for r in rows:
        got, best = totals.get((r[0], r[1]), (0, 0))
        totals[(r[0], r[1])] = (got + r[3], best + r[4])
    for (student, name), (got, best) in sorted(totals.items()):
        print(f"total  {student}  {name}: {got:g} of {best:g}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("assign")
    a.add_argument("--out", type=pathlib.Path, default=ROOT / "target" / "exercises" / "student")
    g = sub.add_parser("grade")
    g.add_argument("--csv", type=pathlib.Path, default=ROOT / "target" / "grades.csv")
    g.add_argument("submissions", nargs="+")
    args = parser.parse_args()
    if args.command == "assign":
        return assign(args.out)
    return grade(args.submissions, args.csv)


if __name__ == "__main__":
    sys.exit(main())
