"""Starts the Rust kernel (evcxr) with a build folder that outlives the kernel.

Why: evcxr compiles every notebook cell as a small crate that depends on the book's library.
By default it builds in a fresh temporary folder at each kernel start, so the library and its
dependencies are compiled again each time a student opens a notebook (most of a minute on a
2-core machine). Given a kept folder (`EVCXR_TMPDIR`), cargo finds its earlier build there and
the first cell answers in a couple of seconds.

Two kernels must never share a folder (evcxr rewrites the crate in it), so the folders form a
pool: `kernel-0`, `kernel-1`, ... in a folder of the system's temporary folder, where evcxr
keeps its own folders too. (Not in the home folder: the compiled cells find Rust's standard
library through a path relative to themselves that cargo computes one folder too deep, which
only works when the build folder and the toolchain share no folder but the root. Not in the
repository either: cargo would take the crate there for a member of this workspace.) This
launcher takes the first folder whose lock is free, holds the lock for the life of the kernel
(the lock file stays open through `exec`, and the operating system drops the lock when the
kernel exits, even if it is killed), and then becomes evcxr. A restarted kernel gets its
folder back.

`cargo xtask setup` writes the kernelspec that runs this file into the project's virtual
environment (`.venv/share/jupyter/kernels/rust`), which Jupyter, nbclient and nbgrader started
from that environment prefer to the user's own `rust` kernel.

Usage (from kernel.json): python kernel.py PATH/TO/evcxr_jupyter CONNECTION_FILE
       (from `cargo xtask setup`): python kernel.py --warm REPOSITORY
       (from `cargo xtask setup --check`): python kernel.py --is-warm
The second form compiles the book's library once into the pool's first folder, through the
real kernel, so that even a student's very first notebook starts in seconds. The third exits
with 0 when that is done and 1 when not.
"""

import fcntl
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

# More kernels than this at once would be unusual on one machine; past it, evcxr falls back to
# its own temporary folder (slower, still correct).
POOL_SIZE = 32


def pool_dir():
    """The pool's folder: `$GENAI_KERNEL_POOL` if set (the benchmark points it at an empty
    folder to measure a cold start; `none` gives evcxr's own new folder at each start), else
    `what-is-genai-kernels-UID` in the temporary folder."""
    chosen = os.environ.get("GENAI_KERNEL_POOL")
    if chosen == "none":
        return None
    if chosen:
        return Path(chosen)
    return Path(tempfile.gettempdir()) / f"what-is-genai-kernels-{os.getuid()}"


def take_folder():
    """Locks the first free folder of the pool and returns its path, or None if all are busy
    or the pool's folder is not ours (a shared temporary folder)."""
    pool = pool_dir()
    if pool is None:
        return None
    pool.mkdir(mode=0o700, parents=True, exist_ok=True)
    if pool.stat().st_uid != os.getuid():
        return None
    for n in range(POOL_SIZE):
        fd = os.open(pool / f"kernel-{n}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        # Keep the descriptor (and so the lock) open in the kernel that replaces this process.
        os.set_inheritable(fd, True)
        folder = pool / f"kernel-{n}"
        folder.mkdir(exist_ok=True)
        return folder
    return None


def is_warm():
    """Whether the pool's first folder holds a build (or there is no pool to fill)."""
    pool = pool_dir()
    return pool is None or (pool / "kernel-0" / "target").is_dir()


def still_working(done, started, every=30):
    """Prints a line every `every` seconds until `done` is set: the kernel's first build says
    nothing for minutes, and a line at a time stays readable in a log."""
    while not done.wait(every):
        minutes, seconds = divmod(int(time.monotonic() - started), 60)
        print(f"  still starting the kernel and compiling the library ({minutes} min "
              f"{seconds:02d} s)", flush=True)


def warm(repository):
    """Runs the library's `:dep` and one variable in a kernel started from the project's
    kernelspec, which fills a pool folder; does nothing when the first folder is built."""
    if is_warm():
        print("ok: the notebook kernel's build folder")
        return
    print("preparing: the notebook kernel's build folder (compiles the book's library once, "
          "a few minutes on 2 cores)", flush=True)
    started = time.monotonic()
    done = threading.Event()
    threading.Thread(target=still_working, args=(done, started), daemon=True).start()
    from jupyter_client.manager import start_new_kernel

    library = Path(repository).resolve() / "crates" / "genai-demos"
    # On a fresh, busy 2-core machine evcxr took more than two minutes to answer its first
    # start (other builds had both cores); a slow start is no failure.
    manager, client = start_new_kernel(kernel_name="rust", startup_timeout=900)
    errors = []

    def look(message):
        kind, content = message["msg_type"], message["content"]
        if kind == "error" or (kind == "stream" and content.get("name") == "stderr"):
            errors.append(content.get("text") or content.get("evalue") or kind)

    try:
        reply = client.execute_interactive(
            f':dep genai-demos = {{ path = "{library}" }}\nlet ready = 1;\nready',
            timeout=1800,
            output_hook=look,
        )
        if reply["content"].get("status") != "ok" or errors:
            sys.exit(f"the kernel could not build the library: {errors or reply['content']}")
    finally:
        done.set()
        manager.shutdown_kernel()
    print(f"  the kernel built the library in {time.monotonic() - started:.0f} s")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--warm":
        warm(sys.argv[2])
        return
    if sys.argv[1:] == ["--is-warm"]:
        sys.exit(0 if is_warm() else 1)
    if len(sys.argv) != 3:
        sys.exit("usage: kernel.py PATH/TO/evcxr_jupyter CONNECTION_FILE | --warm REPOSITORY")
    evcxr, connection_file = sys.argv[1], sys.argv[2]
    env = dict(os.environ)
    # A folder the user chose wins; otherwise take one from the pool.
    if "EVCXR_TMPDIR" not in env:
        folder = take_folder()
        if folder is not None:
            env["EVCXR_TMPDIR"] = str(folder)
    os.execve(evcxr, [evcxr, "--control_file", connection_file], env)


if __name__ == "__main__":
    main()
