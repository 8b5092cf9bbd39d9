"""nbgrader configuration for the book's Rust exercise notebooks (the `rust` kernel, evcxr).

`cargo xtask assign` and `cargo xtask grade` copy this file into a scratch course folder and run
nbgrader there; you can also use it in your own nbgrader course.
"""

from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    Execute,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async
import queue

c = get_config()  # noqa: F821 (traitlets provides get_config)

# What replaces a solution in the student's version. `todo!()` type-checks wherever a value is
# expected, so the student's notebook compiles, and panics when run: nbgrader grades it zero.
c.ClearSolutions.code_stub = {"rust": "// YOUR CODE HERE\ntodo!()"}
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"

# The first cell compiles the book's library: minutes on a cold machine, seconds after.
c.Execute.timeout = 1200
c.Execute.startup_timeout = 120


class RustExecute(Execute):
    """nbgrader's Execute step, made to survive evcxr's error replies.

    When a cell fails to compile, evcxr answers with status "error" but without the `ename`,
    `evalue` and `traceback` fields that the Jupyter protocol asks for. nbgrader 0.9 reads
    `ename` from that reply and stops grading the whole submission with `KeyError: 'ename'`.
    Here the missing fields are filled in, so the broken cell is graded zero and the rest of the
    notebook is still graded.
    """

    # How long to keep listening after a cell has finished, for output that arrives late.
    late_output_seconds = 1.0

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        """Collects the cell's output as nbclient does, then keeps listening a moment longer.

        evcxr forwards a panic's message from its worker process on a separate thread, so the
        message (on stderr) can arrive after the kernel has said the cell is done. Without this
        wait it would land in the next cell, and a `todo!()` that panicked would score points.
        """
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        while True:
            try:
                msg = await ensure_async(
                    self.kc.iopub_channel.get_msg(timeout=self.late_output_seconds)
                )
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


c.Autograde.autograde_preprocessors = [
    RustExecute,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
