"""The instructor's side of the exercise notebooks, through nbgrader.

    python grading.py assign --out DIR
    python grading.py grade [--csv FILE] [--answers FILE] [--marks FILE] [--keep]
                            [--cell-timeout SECONDS] SUBMISSION.ipynb...

`assign` turns every instructor notebook in notebooks/exercises/ into its student version
(solutions replaced by a `todo!()` stub) with nbgrader's generate_assignment. `grade` autogrades
submitted notebooks in a scratch nbgrader course (removed afterwards unless `--keep`) and prints
points per test per student, with notes on what looked wrong; it reads the submitted files and
never writes to them. Whatever one student handed in, every other student is graded: a file that
is not a notebook, or one nbgrader cannot grade, is a row of zeros that says why. It prints a
line as it starts and as it ends each submission (`[3/17] grading alice ...`), with the time it
took, so that a log shows where a long run is. Called by `cargo xtask assign` and
`cargo xtask grade`.

Written answers (nbgrader's manually graded Markdown cells) are never scored by the machine. An
answer left as its placeholder scores 0 ("unanswered" in the notes). Any other answer scores 0
with the note "needs manual grading" until the instructor marks it: `grade` writes every answer
to a second CSV (`--answers`, by default `grades-answers.csv` next to the grades) with an empty
`points` column; the instructor fills it in and grades again with `--marks` that file. A mark
counts only for a written-answer cell, between 0 and the cell's points, and only while the
answer is the one that was marked.

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
# What nbgrader's generate_assignment puts in a written-answer cell (ClearSolutions.text_stub).
ANSWER_PLACEHOLDER = "YOUR ANSWER HERE"
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


def grade(paths, csv_path, answers_path, marks_path, keep, cell_timeout):
    # Read before anything is deleted: the marks may be the answers file of the last run.
    marks = read_marks(marks_path) if marks_path else {}
    # A grades.csv from an earlier run must never pass for this run's, even if this one fails.
    csv_path.unlink(missing_ok=True)
    answers_path.unlink(missing_ok=True)
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
    tests = {name: graded_cells(known[name]) for name in sorted({a for _, a, _ in jobs})}
    check_marks(marks, tests)
    course = new_course("grade")
    if cell_timeout is not None:
        with open(course / "nbgrader_config.py", "a") as f:
            f.write(f"\nc.RustExecute.cell_timeout = {int(cell_timeout)}\n")
    try:
        for name in tests:
            print(f"preparing {name} (nbgrader generate_assignment)", flush=True)
            generate(course, name, known[name])
        rows, answers = [], []
        for i, (student, name, path) in enumerate(jobs, 1):
            step = f"[{i}/{len(jobs)}]"
            print(f"{step} grading {student} ({name}.ipynb)", flush=True)
            got, written, seconds = grade_one(course, student, name, path, tests[name], marks)
            rows += got
            answers += written
            print(f"{step} graded {student} ({name}.ipynb): {sum(r[3] for r in got):g} of "
                  f"{sum(r[4] for r in got):g} points in {seconds:g} s", flush=True)
        print()
        print_table(rows)
        write_csv(csv_path, ["student", "assignment", "test", "points", "max_points", "seconds", "notes"], rows)
        print(f"wrote {csv_path}")
        write_csv(answers_path, ["student", "assignment", "test", "max_points", "points", "answer"], answers)
        pending = sum(1 for a in answers if a[4] == "")
        print(f"wrote {answers_path} ({len(answers)} written answers, {pending} to mark by hand: fill in "
              f"their points and grade again with --marks {answers_path})")
    finally:
        if keep:
            print(f"kept the scratch course in {course}")
        else:
            shutil.rmtree(course, ignore_errors=True)
    return 0


def grade_one(course, student, name, path, tests, marks):
    """One submission's rows, whatever it holds: a broken one gets zero and says why; and its
    written answers, as rows of the answers file."""
    notes = []
    scores = {}
    written = []
    started = time.monotonic()
    try:
        text = read_submission(path)
        scores_by_hand, written = written_answers(student, name, text, tests, marks, notes)
        target = course / "submitted" / student / name
        target.mkdir(parents=True)
        # The scratch copy points at this checkout's library; the submitted file is only read.
        (target / f"{name}.ipynb").write_text(with_dep_path(text, LIBRARY))
        ok, log = run_nbgrader(course, "autograde", name, "--student", student, "--force")
        notes += notes_of(course, student, name)
        if ok:
            scores = scores_of(course, student, name)
            # The machine never scores a written answer: only an instructor's mark counts.
            scores.update(scores_by_hand)
        else:
            notes.append(f"nbgrader could not grade it: {last_error(log)}")
    except Unreadable as e:
        notes.append(str(e))
    except Exception as e:  # noqa: BLE001 (one student's file must never stop the class)
        notes.append(f"grading failed: {type(e).__name__}: {e}")
        scores = {}
    seconds = round(time.monotonic() - started, 1)
    summary = "; ".join(n.replace("\n", " ") for n in notes)
    rows = [[student, name, test, scores.get(test, 0.0), worth, seconds, summary] for test, worth, _ in tests]
    return rows, written, seconds


def answer_text(source):
    return "".join(source) if isinstance(source, list) else str(source)


def same_answer(a, b):
    """Whether two answers are the same text, whatever a spreadsheet did to their spacing."""
    return a.split() == b.split()


def written_answers(student, name, text, tests, marks, notes):
    """The scores of the submission's written answers (from the instructor's marks, else 0) and
    its rows for the answers file; what is still to mark goes into `notes`."""
    cells = {}
    for cell in json.loads(text)["cells"]:
        meta = cell.get("metadata") if isinstance(cell, dict) else None
        meta = meta.get("nbgrader") if isinstance(meta, dict) else None
        if isinstance(meta, dict) and cell.get("cell_type") == "markdown" and isinstance(meta.get("grade_id"), str):
            # A copied cell does not count twice: the first one is the answer, as in nbgrader.
            cells.setdefault(meta["grade_id"], answer_text(cell.get("source", "")))
    scores, rows = {}, []
    for test, worth, by_hand in tests:
        if not by_hand:
            continue
        answer = cells.get(test, "").strip()
        mark = marks.get((student, name, test))
        scores[test] = 0.0
        worth_text = f"{worth:g}"
        if answer in ("", ANSWER_PLACEHOLDER):
            notes.append(f"{test}: unanswered (0 points)")
            rows.append([student, name, test, worth_text, 0, answer])
        elif mark is not None and (mark[1] is None or same_answer(mark[1], answer)):
            scores[test] = mark[0]
            notes.append(f"{test}: marked by hand ({mark[0]:g} of {worth:g})")
            rows.append([student, name, test, worth_text, f"{mark[0]:g}", answer])
        else:
            changed = " again: the answer changed after it was marked" if mark is not None else ""
            notes.append(f"{test}: needs manual grading{changed} (up to {worth:g} points, not counted yet)")
            rows.append([student, name, test, worth_text, "", answer])
    return scores, rows


def read_marks(path):
    """The instructor's marks: (student, assignment, test) -> (points, the answer marked or None)."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = {"student", "assignment", "test", "points"} - set(reader.fieldnames or [])
            if missing:
                raise SystemExit(f"{path}: no column {', '.join(sorted(missing))} (the answers file that grade writes has them)")
            marks = {}
            for line, row in enumerate(reader, 2):
                if not (row["points"] or "").strip():
                    continue
                try:
                    points = float(row["points"])
                except ValueError:
                    raise SystemExit(f"{path}, line {line}: points {row['points']!r} is not a number") from None
                key = (row["student"], row["assignment"], row["test"])
                if key in marks:
                    raise SystemExit(f"{path}, line {line}: a second mark for {' '.join(key)}")
                marks[key] = (points, row.get("answer"))
            return marks
    except OSError as e:
        raise SystemExit(f"{path}: cannot read the marks ({e.strerror})") from None


def check_marks(marks, tests):
    """Refuses a mark that would give points the machine must decide, or more than a cell is
    worth. Marks for assignments not graded in this run are left alone."""
    for (student, name, test), (points, _) in marks.items():
        if name not in tests:
            continue
        worth = {t: (w, by_hand) for t, w, by_hand in tests[name]}
        if test not in worth or not worth[test][1]:
            raise SystemExit(f"marks: {student} {name} {test}: only a written answer is marked by hand "
                             f"(the written answers of {name}: {', '.join(t for t, (_, h) in worth.items() if h) or 'none'})")
        if not 0 <= points <= worth[test][0]:
            raise SystemExit(f"marks: {student} {name} {test}: {points:g} points, but it is worth 0 to {worth[test][0]:g}")


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


def graded_cells(source):
    """The instructor notebook's graded cells, in its order: (grade id, points, whether it is a
    written answer, graded by hand)."""
    cells = []
    for cell in json.loads(source.read_text())["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade"):
            cells.append((meta["grade_id"], float(meta["points"]), cell["cell_type"] == "markdown"))
    return cells


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


def write_csv(csv_path, header, rows):
    """Writes a CSV next to its final place, then moves it there in one step."""
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    partial = csv_path.with_name(f".{csv_path.name}.{os.getpid()}.partial")
    with open(partial, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    os.replace(partial, csv_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("assign")
    a.add_argument("--out", type=pathlib.Path, default=ROOT / "target" / "exercises" / "student")
    g = sub.add_parser("grade")
    g.add_argument("--csv", type=pathlib.Path, default=ROOT / "target" / "grades.csv")
    g.add_argument("--answers", type=pathlib.Path, help="where to write the written answers (default: "
                   "grades-answers.csv next to --csv)")
    g.add_argument("--marks", type=pathlib.Path, help="an answers file with the points column filled in by hand")
    g.add_argument("--keep", action="store_true", help="keep the scratch course under target/nbgrader/")
    g.add_argument("--cell-timeout", type=int, metavar="SECONDS", help="for every cell but the first `:dep` one")
    g.add_argument("submissions", nargs="+")
    args = parser.parse_args()
    if args.command == "assign":
        return assign(args.out)
    answers = args.answers or args.csv.with_name(f"{args.csv.stem}-answers.csv")
    return grade(args.submissions, args.csv, answers, args.marks, args.keep, args.cell_timeout)


if __name__ == "__main__":
    sys.exit(main())
