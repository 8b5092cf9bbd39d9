"""nbgrader configuration for the book's Rust exercise notebooks (the `rust` kernel, evcxr).

`cargo xtask assign` and `cargo xtask grade` copy this file into a scratch course folder and run
nbgrader there; you can also use it in your own nbgrader course.

What it adds to nbgrader's autograde, and why:

- A test earns its points only on positive evidence. Each graded test cell gets, at grading time
  only, one more line that stores a fresh random number in a variable with a fresh random name.
  After the cell, the grader asks the kernel for that variable. It exists only if the test cell
  ran to its very end, so a panic that a student's panic hook silenced, an `exit`, or a swallowed
  error stream cannot pass for a passed test. Nothing a student prints can stand in for it: a
  variable that was never stored makes the question fail to compile.
- Locked cells come back as they were written. A deleted test or setup cell is put back with its
  original Rust source (nbgrader's own restore would prefix it with a Python comment, which does
  not compile in Rust), and a changed one is replaced by the original, as nbgrader does.
- Students' cells are screened. An evcxr command (`:dep`, ...) in a student's cell is removed
  before it runs, and definitions that could change what a test checks (a macro, a name the tests
  use, a panic hook, a thread, `unsafe`, ...) are reported.
- One cell cannot stop the grading. A cell that does not finish is stopped after
  `RustExecute.cell_timeout` seconds (the first `:dep` cell, which compiles the library, has
  `RustExecute.dep_cell_timeout`), the kernel is restarted, the cells that had finished are run
  again, and grading goes on. Output beyond `RustExecute.output_limit` characters per cell is cut.

Everything noticed is written into the graded notebook's metadata, under `genai_grading.notes`,
and logged as a warning; `cargo xtask grade` prints it in its table and CSV.
"""

import copy
import json
import queue
import re
import secrets

from jupyter_core.utils import run_sync
from nbclient.exceptions import CellExecutionComplete, CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_output
from nbgrader.api import Gradebook
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    Execute,
    IgnorePattern,
    LimitOutput,
    NbGraderPreprocessor,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)
from traitlets import Bool, Integer

c = get_config()  # noqa: F821 (traitlets provides get_config)

# What replaces a solution in the student's version. `todo!()` type-checks wherever a value is
# expected, so the student's notebook compiles, and panics when run: nbgrader grades it zero.
c.ClearSolutions.code_stub = {"rust": "// YOUR CODE HERE\ntodo!()"}
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"

c.Execute.startup_timeout = 120

NOTES = "genai_grading"


def note(nb, log, text):
    """Records something the instructor should know about this submission."""
    notes = nb.metadata.setdefault(NOTES, {}).setdefault("notes", [])
    if text not in notes:
        notes.append(text)
        log.warning("%s", text)


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def is_trusted(cell):
    """A locked code cell whose source nbgrader has checked against the assignment (or that the
    grader put back): the setup cells and the tests. Every other code cell is the student's."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("grade_id")) and bool(meta.get("locked"))


def is_test(cell):
    return is_trusted(cell) and bool(nbgrader_meta(cell).get("grade"))


class RestoreLockedCells(OverwriteCells):
    """nbgrader's OverwriteCells, which puts the assignment's source back into changed locked
    cells, plus: every missing locked code cell is put back where it was, with its original Rust
    source; a cell's grade and solution marks are reset to the assignment's; and each of these
    is recorded as a note."""

    def preprocess(self, nb, resources):
        # A submission cannot bring notes of its own.
        nb.metadata[NOTES] = {"notes": []}
        self._nb = nb
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        with Gradebook(resources["nbgrader"]["db_url"]) as gb:
            source = gb.find_notebook(self.notebook_id, self.assignment_id)
            points = {g.name: g.max_score for g in source.grade_cells}
            solutions = {s.name for s in source.solution_cells}
            self._cells = [
                {
                    "name": s.name,
                    "cell_type": s.cell_type,
                    "locked": s.locked,
                    "source": s.source,
                    "checksum": s.checksum,
                    "grade": s.name in points,
                    "points": points.get(s.name),
                    "solution": s.name in solutions,
                }
                for s in source.source_cells
            ]
        nb, resources = super().preprocess(nb, resources)
        self.put_back_missing(nb)
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        meta = nbgrader_meta(cell)
        known = next((s for s in self._cells if s["name"] == meta.get("grade_id")), None)
        if known is not None:
            for mark in ("grade", "solution"):
                if bool(meta.get(mark, False)) != known[mark]:
                    note(self._nb, self.log, f"{known['name']}: its {mark} mark was changed (reset to the assignment's)")
                    meta[mark] = known[mark]
            if known["grade"] and "points" not in meta:
                meta["points"] = known["points"]
        return super().preprocess_cell(cell, resources, index)

    def report_change(self, name, attr, old, new):
        if attr == "checksum":
            note(self._nb, self.log, f"{name}: a locked cell was changed (the original was run)")
        else:
            note(self._nb, self.log, f"{name}: its {attr} was changed (reset to the assignment's)")

    def put_back_missing(self, nb):
        present = {nbgrader_meta(cell).get("grade_id") for cell in nb.cells}
        for position, known in enumerate(self._cells):
            if known["name"] in present or known["cell_type"] != "code" or not known["locked"]:
                continue
            meta = {
                "grade": known["grade"],
                "grade_id": known["name"],
                "locked": True,
                "schema_version": 3,
                "solution": False,
                "task": False,
                "checksum": known["checksum"],
            }
            if known["grade"]:
                meta["points"] = known["points"]
            cell = new_code_cell(known["source"], metadata={"nbgrader": meta, "editable": False, "deletable": False})
            # Right after the last cell that came before it in the assignment.
            earlier = {s["name"] for s in self._cells[:position]}
            at = max((i + 1 for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("grade_id") in earlier), default=0)
            nb.cells.insert(at, cell)
            present.add(known["name"])
            kind = "test cell" if known["grade"] else "locked cell"
            note(nb, self.log, f"{known['name']}: {kind} was missing (put back and run)")


# Rust's keywords: never a name a student could define.
KEYWORDS = set(
    "as async await break const continue crate dyn else enum extern false fn for if impl in let loop "
    "match mod move mut pub ref return self Self static struct super trait true type unsafe use where "
    "while".split()
)
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
DEFINED = re.compile(
    r"\b(?:fn|struct|enum|union|trait|type|mod|const|static|macro_rules!)\s+(?:mut\s+)?(?:r#)?([A-Za-z_][A-Za-z0-9_]*)"
)
USE = re.compile(r"\b(?:use|extern\s+crate)\s+([^;]*);")
# In a `use` or `extern crate`: the name after `as`, else the last name of each path.
IMPORTED = re.compile(r"\bas\s+([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*)\s*(?=,|\}|$)")
# An evcxr command (`:dep`, `:opt`, `:clear`, ...), not a path such as `::std::println!`.
EVCXR_COMMAND = re.compile(r"\s*:[A-Za-z]")
# Code in a student's cell that can hide a failing test or reach past the notebook.
RISKY = {
    "a panic hook": re.compile(r"\b(?:set_hook|take_hook|update_hook|always_abort)\b"),
    "an exit or abort": re.compile(r"\b(?:exit|abort)\s*\("),
    "a thread": re.compile(r"\bthread\s*::|\bspawn\s*\("),
    "`unsafe` or `extern`": re.compile(r"\bunsafe\b|\bextern\b|no_mangle"),
    "files, processes or the environment": re.compile(r"\b(?:fs|process|env|net|os)\s*::|\bFile\b|\bCommand\b"),
    "a macro": re.compile(r"\bmacro_rules\s*!"),
    "a trait or an impl block": re.compile(r"\btrait\s+[A-Za-z_]|^\s*impl\b", re.M),
}


def strip_comments_and_strings(source):
    """The code without comments and string literals, so that names in them do not count."""
    source = re.sub(r"//[^\n]*", " ", source)
    source = re.sub(r"/\*.*?\*/", " ", source, flags=re.S)
    source = re.sub(r'r#*"(?:.|\n)*?"#*', '""', source)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', source)


def definitions(source):
    """The names a cell defines or imports at its top level (a close guess, not a parser)."""
    code = strip_comments_and_strings(source)
    found = set(DEFINED.findall(code))
    for body in USE.findall(code):
        for renamed, last in IMPORTED.findall(body.strip()):
            found.add(renamed or last)
    return found - KEYWORDS - {"_", "self"}


class ScreenStudentCells(NbGraderPreprocessor):
    """Looks at every code cell that is not a locked cell (the solutions, and any cell a student
    added): removes evcxr commands from them, and notes definitions and code that could change
    what a test checks. The tests call the library and the assertions by full paths, so none of
    this can earn points; the notes show the instructor who tried."""

    def preprocess(self, nb, resources):
        trusted = [c for c in nb.cells if is_trusted(c)]
        used = set()
        for cell in trusted:
            used |= set(IDENT.findall(strip_comments_and_strings(cell.source)))
        # The names the assignment asks students to define are theirs to define.
        with Gradebook(resources["nbgrader"]["db_url"]) as gb:
            source = gb.find_notebook(resources["nbgrader"]["notebook"], resources["nbgrader"]["assignment"])
            solutions = {s.name for s in source.solution_cells}
            expected = set()
            for s in source.source_cells:
                if s.name in solutions:
                    expected |= definitions(s.source)
        for cell in nb.cells:
            if cell.cell_type != "code" or is_trusted(cell):
                continue
            where = nbgrader_meta(cell).get("grade_id") or "a cell the student added"
            kept = []
            for line in cell.source.split("\n"):
                if EVCXR_COMMAND.match(line):
                    note(nb, self.log, f"{where}: an evcxr command was removed ({line.strip()[:60]})")
                    kept.append("// (removed by the grader) " + line)
                else:
                    kept.append(line)
            cell.source = "\n".join(kept)
            clashes = sorted((definitions(cell.source) & (used | {"core", "std", "alloc"})) - expected)
            if clashes:
                names = ", ".join(f"`{n}`" for n in clashes[:8])
                note(nb, self.log, f"{where}: suspicious definitions: {names} (names the tests use)")
            code = strip_comments_and_strings(cell.source)
            risky = [what for what, pattern in RISKY.items() if pattern.search(code)]
            if risky:
                note(nb, self.log, f"{where}: suspicious code: {', '.join(risky)}")
        return nb, resources


class RustExecute(Execute):
    """nbgrader's Execute step, made for evcxr and for a class of students.

    - evcxr's error replies lack the `ename`, `evalue` and `traceback` that nbgrader 0.9 reads
      (it would stop grading the whole notebook with `KeyError: 'ename'`); they are filled in.
    - evcxr forwards a panic's message late; each cell listens a moment longer for it.
    - Each test cell must prove it ran to its end (see the module's docstring).
    - Per-cell timeouts, a restart when a cell does not finish, and cut output.
    """

    dep_cell_timeout = Integer(1200, help="Seconds for a locked cell with `:dep` (it compiles the library).").tag(
        config=True
    )
    cell_timeout = Integer(60, help="Seconds for every other cell.").tag(config=True)
    output_limit = Integer(100_000, help="Characters of output kept per cell; the rest is cut.").tag(config=True)
    restarts = Integer(3, help="Kernel restarts per notebook before the remaining cells are skipped.").tag(
        config=True
    )

    # How long to keep listening after a cell has finished, for output that arrives late.
    late_output_seconds = 1.0

    # Output can arrive slowly after a cell that printed a lot: wait for it, and never fail the
    # notebook for it (the output is cut instead).
    iopub_timeout = Integer(60).tag(config=True)
    raise_on_iopub_timeout = Bool(False).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._finished = []  # indices of the cells that ran to their end, for a replay
        self._restarts_left = self.restarts
        self._iopub_wait = self.iopub_timeout
        return super().preprocess(nb, resources, km)

    def _get_timeout(self, cell):
        if cell is not None and is_trusted(cell) and re.search(r"^\s*:dep\b", cell.source, re.M):
            return self.dep_cell_timeout
        return self.cell_timeout

    async def _async_handle_timeout(self, timeout, cell=None):
        self._timed_out = True
        # After the interrupt, wait only briefly for the kernel to go quiet: it is restarted
        # anyway.
        self.iopub_timeout = 5
        return await super()._async_handle_timeout(timeout, cell)

    def output(self, outs, msg, display_id, cell_index):
        """Keeps at most `output_limit` characters of a cell's output; an error is always kept."""
        content = msg["content"]
        if msg["msg_type"] == "stream":
            text = content.get("text", "")
            if content.get("name") == "stderr":
                self._stderr = True
            room = self.output_limit - self._output_size
            self._output_size += len(text)
            if room <= 0:
                self._cut = True
                return None
            if len(text) > room:
                content["text"] = text[:room] + "\n"
                self._cut = True
        elif msg["msg_type"] in ("display_data", "execute_result", "update_display_data"):
            size = len(json.dumps(content.get("data", {})))
            self._output_size += size
            if self._output_size > self.output_limit:
                self._cut = True
                return None
        return super().output(outs, msg, display_id, cell_index)

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        """Collects the cell's output as nbclient does, then keeps listening a moment longer.

        evcxr forwards a panic's message from its worker process on a separate thread, so the
        message (on stderr) can arrive after the kernel has said the cell is done. Without this
        wait it would land in the next cell, and a `todo!()` that panicked would score points.
        """
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        while True:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=self.late_output_seconds))
            except queue.Empty:
                return
            if msg["parent_header"].get("msg_id") != parent_msg_id:
                continue
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                pass

    def on_cell_executed(self, **kwargs):
        content = kwargs["execute_reply"]["content"]
        if content.get("status") == "error":
            # evcxr's own error outputs are named "Error"; the same name keeps nbgrader from
            # adding a second copy of the error to the cell.
            content.setdefault("ename", "Error")
            content.setdefault("evalue", "the cell did not compile")
            content.setdefault("traceback", [])
        return super().on_cell_executed(**kwargs)

    def run(self, cell, index):
        """Runs one cell; returns whether it finished (no timeout, the kernel still alive)."""
        self._timed_out = False
        self._cut = False
        self._stderr = False
        self._output_size = 0
        self.iopub_timeout = self._iopub_wait
        try:
            self.execute_cell(cell, index, store_history=True)
        except (CellTimeoutError, DeadKernelError, RuntimeError) as e:
            cell.outputs.append(error_output("GradingError", f"the cell was stopped: {e}"))
            return False
        return not self._timed_out

    def preprocess_cell(self, cell, resources, index):
        self._check_assign_resources(resources)
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, self.resources
        nb = self.nb
        if self._restarts_left < 0:
            cell.outputs = [error_output("GradingError", "not run: the kernel had to be restarted too often")]
            return cell, self.resources
        name = nbgrader_meta(cell).get("grade_id") or f"cell {index + 1}"
        original = cell.source
        proof = None
        if is_test(cell):
            # The line that proves the test ran to its end, with a name and a value made now.
            proof = (f"grader_proof_{secrets.token_hex(12)}", secrets.randbelow(10**15) + 1)
            cell.source = f"{original}\n;\nlet {proof[0]}: ::core::primitive::u64 = {proof[1]};"
        finished = self.run(cell, index)
        stderr = self._stderr
        cell.source = original
        nb.cells[index] = cell
        if self._cut:
            note(nb, self.log, f"{name}: output cut at {self.output_limit} characters")
        if not finished:
            seconds = self._get_timeout(cell)
            what = f"timed out after {seconds} s" if self._timed_out else "stopped the kernel"
            note(nb, self.log, f"{name}: {what}; the kernel was restarted")
            self.restart_and_replay(index)
        else:
            self._finished.append(index)
        if proof is not None:
            self.settle_test(cell, index, name, proof, finished, stderr)
        return cell, self.resources

    def settle_test(self, cell, index, name, proof, finished, stderr):
        """Asks the kernel for the test's proof variable; without it the test scores zero."""
        proven = False
        if finished:
            ask = new_code_cell(proof[0])
            answered = self.run(ask, index)
            # A panic's message can arrive late, after the test cell was closed.
            stderr = stderr or self._stderr
            self.nb.cells[index] = cell
            value = [o.get("data", {}).get("text/plain", "").strip() for o in ask.outputs if o.output_type == "execute_result"]
            errors = [o for o in ask.outputs if o.output_type == "error"]
            proven = answered and not errors and value == [str(proof[1])]
        errors = [o for o in cell.outputs if o.output_type == "error"]
        # A test scores from its outputs (nbgrader's rule: no error and no stderr). So that a
        # result a student's code printed cannot count as partial credit, results become plain
        # displays; and a test that did not prove itself gets an error in front.
        for o in cell.outputs:
            if o.output_type == "execute_result":
                o.output_type = "display_data"
                o.pop("execution_count", None)
        if not proven:
            cell.outputs.insert(
                0, error_output("GradingError", "the test did not run to its end, so it scores zero")
            )
            if finished and not errors and not stderr:
                note(self.nb, self.log, f"{name}: the test stopped before its end without showing an error")

    def restart_and_replay(self, index):
        """A fresh kernel, and the cells that had finished before `index` run again in it."""
        self._restarts_left -= 1
        if self._restarts_left < 0:
            return
        run_sync(self.km.restart_kernel)(now=True)
        run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)
        for i in list(self._finished):
            again = copy.deepcopy(self.nb.cells[i])
            kept = self.nb.cells[i]
            ok = self.run(again, i)
            self.nb.cells[i] = kept
            if not ok:
                self._finished.remove(i)
                note(self.nb, self.log, f"cell {i + 1}: did not finish when run again after a restart")
                return self.restart_and_replay(index)


def error_output(name, text):
    return new_output("error", ename=name, evalue=text, traceback=[f"{name}: {text}"])


c.Autograde.sanitize_preprocessors = [
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
    RestoreLockedCells,
    ScreenStudentCells,
    CheckCellMetadata,
]
c.Autograde.autograde_preprocessors = [
    RustExecute,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
