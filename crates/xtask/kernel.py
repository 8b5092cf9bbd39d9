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

The kernel's settings make each cell cheaper to build (measured by `cargo xtask bench`, whose
breakdown found rustc's work on each cell's small crate the largest part of a cell's time):
evcxr's own settings file (`evcxr/evcxr.toml` beside this file, through `$EVCXR_CONFIG_DIR`)
builds the cells without optimisation, and a cargo settings file in the pool's folder
(`.cargo/config.toml`, which cargo reads for every crate below that folder) turns off
incremental builds and splits a cell into one piece of machine code, while the library and
its dependencies stay optimised (`opt-level = 2`, evcxr's default), so the models train as
fast as before. A student loses nothing they can see: a cell's own code runs unoptimised, and
the library, where the work is, does not.

evcxr's process runs rust-analyzer, which evcxr asks for the type of each variable a cell
defines so that the next cell can use it. rust-analyzer reads and parses the standard library
at the kernel's start and again, with the library and its dependencies, at the first `:dep`:
most of the time a student waits for both (the benchmark's breakdown). evcxr has no setting to
turn that off, so the launcher gives rust-analyzer less to do through two settings evcxr does
read, from its environment: the allocator's (no transparent huge pages, `ALLOCATOR`) and
rust-analyzer's own (`RUST_SRC_PATH`, the standard library's sources seen without their cargo
workspace, `standard_library_view`). A student loses nothing: the variables' types are the
same; a kernel takes less memory. A user's own value for either wins.

Usage (from kernel.json): python kernel.py PATH/TO/evcxr_jupyter CONNECTION_FILE
       (from `cargo xtask setup`): python kernel.py --warm REPOSITORY
       (from `cargo xtask setup --check`): python kernel.py --is-warm
       (from `cargo xtask setup hub`): python kernel.py --prebuild REPOSITORY | --is-prebuilt
The second form compiles the book's library once into the pool's first folder, through the
real kernel, so that even a student's very first notebook starts in seconds. The third exits
with 0 when that is done and 1 when not.

A class on one server (`cargo xtask hub`) starts many kernels at once, and each takes a folder
of its own: with the warm build in the first folder only, every other student's first cell
would compile the library and its dependencies again (about 25 s each on 2 cores, all at once).
So the hub's pool also holds one shared build, `prebuilt/`, made once (`--prebuild`, see
below) and never used by a kernel directly. A kernel that takes a folder with no
build of its own copies `prebuilt/target` into it first (a plain copy, modification times kept,
so cargo finds everything up to date): the shared build is only ever read, never written, so
any number of kernels can seed from it at once. The copy goes into a temporary name and is
renamed into place, so a kernel stopped halfway leaves no half-built folder behind.

The shared build is the same build as the notebooks' warm folder (same settings, same crates,
same copy of the book), so `--prebuild` copies the warm folder when setup has made it, in
seconds, and compiles through a kernel only when it has not (about five minutes on a fresh
2-core machine).
"""

import fcntl
import hashlib
import os
import shutil
import subprocess
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
    return default_pool()


def default_pool():
    """The pool the notebooks' kernels take when nothing chooses another, which holds the warm
    build `cargo xtask setup` made (`--warm`)."""
    return Path(tempfile.gettempdir()) / f"what-is-genai-kernels-{os.getuid()}"


# The cargo settings for every crate in the pool (see the module's comment). A package override
# ("*": every crate but the cell's own) keeps the library and its dependencies as evcxr builds
# them by default.
CARGO_SETTINGS = """\
# Written by crates/xtask/kernel.py at each kernel start: how the notebook kernel builds cells.
[profile.dev]
incremental = false
codegen-units = 1

[profile.dev.package."*"]
opt-level = 2
codegen-units = 16
"""
# evcxr's settings folder, with `evcxr.toml`.
EVCXR_SETTINGS = Path(__file__).resolve().parent / "evcxr"


# What the benchmark's lever `GENAI_KERNEL_SETTINGS=evcxr` gives instead: evcxr's defaults.
DEFAULT_SETTINGS = "# evcxr's own defaults (GENAI_KERNEL_SETTINGS=evcxr)\n"


def cargo_settings():
    """The pool's cargo settings: the book's, or evcxr's defaults for the benchmark's lever."""
    return DEFAULT_SETTINGS if os.environ.get("GENAI_KERNEL_SETTINGS") == "evcxr" \
        else CARGO_SETTINGS


def write_settings(pool):
    """Writes the pool's cargo settings unless they are already there."""
    config = pool / ".cargo" / "config.toml"
    wanted = cargo_settings()
    try:
        if config.read_text(encoding="utf-8") == wanted:
            return
    except OSError:
        pass
    config.parent.mkdir(mode=0o700, exist_ok=True)
    config.write_text(wanted, encoding="utf-8")


# evcxr's memory allocator (mimalloc) asks the system for transparent huge pages, which the
# system then fills with zeros 2 MB at a time as rust-analyzer, inside evcxr, parses the
# standard library and the library's crates; without them a kernel started about a second
# sooner and held about 100 MB less (see "evcxr's process" in the module's comment).
ALLOCATOR = {"MIMALLOC_ALLOW_THP": "0"}


def kernel_env(environ, folder, library_view=None):
    """The kernel's environment: `environ` with the build folder, evcxr's settings folder, its
    allocator's setting and the standard library's sources for rust-analyzer
    (`library_view`), unless the user chose their own (or the benchmark asks for evcxr's
    defaults)."""
    env = dict(environ)
    if "EVCXR_TMPDIR" not in env and folder is not None:
        env["EVCXR_TMPDIR"] = str(folder)
    if env.pop("GENAI_KERNEL_SETTINGS", None) != "evcxr":
        env.setdefault("EVCXR_CONFIG_DIR", str(EVCXR_SETTINGS))
        for key, value in ALLOCATOR.items():
            env.setdefault(key, value)
        if library_view is not None:
            env.setdefault("RUST_SRC_PATH", str(library_view))
    return env


def standard_library_view(pool):
    """A folder that shows rust-analyzer the standard library's sources without their cargo
    workspace file, or None if the toolchain has no sources (`rust-src`) or anything fails.

    Why: given the sources as rustup installs them, rust-analyzer runs `cargo metadata` on
    the standard library's own workspace at every kernel start and every `:dep`, which reads
    (and on a machine that never did it, downloads) some fifty crates the standard library is
    built from, then loads them all. Shown the same sources without `Cargo.toml`, it takes
    core, alloc, std and their siblings straight from their folders: the types a cell's
    variables have are the same. The view is one symbolic link per entry, made once per
    toolchain (named after the sources' path) in the pool's folder."""
    try:
        sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True,
                                 text=True, check=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    library = Path(sysroot) / "lib" / "rustlib" / "src" / "rust" / "library"
    if not (library / "core" / "src" / "lib.rs").is_file():
        return None
    name = hashlib.sha256(str(library).encode()).hexdigest()[:16]
    view = pool / "rust-src" / name
    if (view / "core" / "src" / "lib.rs").is_file():
        return view
    making = pool / "rust-src" / f"{name}.making-{os.getpid()}"
    try:
        making.mkdir(parents=True)
        for entry in library.iterdir():
            if entry.name not in ("Cargo.toml", "Cargo.lock"):
                (making / entry.name).symlink_to(entry)
        os.rename(making, view)
    except OSError:
        shutil.rmtree(making, ignore_errors=True)
        # Another kernel starting at the same moment may have made it first.
        return view if (view / "core" / "src" / "lib.rs").is_file() else None
    return view


def take_folder():
    """Locks the first free folder of the pool and returns its path, or None if all are busy
    or the pool's folder is not ours (a shared temporary folder)."""
    pool = pool_dir()
    if pool is None:
        return None
    pool.mkdir(mode=0o700, parents=True, exist_ok=True)
    if pool.stat().st_uid != os.getuid():
        return None
    write_settings(pool)
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
        seed(folder, pool)
        return folder
    return None


def is_warm():
    """Whether the pool's first folder holds a build made with today's settings (or there is
    no pool to fill): a build made with other settings would be built again at the first cell."""
    pool = pool_dir()
    if pool is None:
        return True
    try:
        made_with = (pool / "kernel-0" / WARM_STAMP).read_text(encoding="utf-8")
    except OSError:
        return False
    return (pool / "kernel-0" / "target").is_dir() and made_with == warm_stamp()


# Beside the warm build: the cargo settings it was made with, and what it holds.
WARM_STAMP = "warm-settings.toml"
MADE_FROM = "made-from.txt"
# The crates a warm build holds, each loaded by the notebooks with `:dep NAME = { path = ... }`:
# the book's library, and its neural networks (notebook 03 fine-tunes one; the tensor crate
# behind them takes minutes to compile, so it is compiled here once rather than in a lesson).
LIBRARIES = ("genai-demos", "genai-neural")


def warm_stamp():
    """What a warm build's stamp says: the cargo settings, and the crates it holds (a build
    from before a crate joined the list is warmed again)."""
    return f"{cargo_settings()}# holds: {', '.join(LIBRARIES)}\n"
# The pool's shared build (see the module's comment), and in a folder seeded from it, which
# build it was (the shared build's own stamp: its settings and when it was made).
PREBUILT = "prebuilt"
SEEDED_STAMP = "seeded-from.toml"


def prebuilt_stamp(pool):
    """The stamp of the pool's shared build, or None if there is none made with today's
    settings."""
    try:
        stamp = (pool / PREBUILT / WARM_STAMP).read_text(encoding="utf-8")
    except OSError:
        return None
    return stamp if stamp.startswith(warm_stamp()) else None


def copy_build(source, destination):
    """Copies a cargo build folder to `destination` (which must not exist yet), as a kernel's
    own: `cp -a` keeps modification times, which cargo compares to decide what to rebuild, and
    shares blocks where the file system can (`--reflink=auto`). Raises on failure."""
    subprocess.run(["cp", "-a", "--reflink=auto", str(source), str(destination)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def seed(folder, pool):
    """Gives a kernel's folder the pool's shared build, unless it has it already (or a build of
    its own made from it). Any failure leaves the folder as it was: the kernel then builds the
    library itself, slower but correct."""
    stamp = prebuilt_stamp(pool)
    if stamp is None:
        return
    try:
        if (folder / SEEDED_STAMP).read_text(encoding="utf-8") == stamp:
            return
    except OSError:
        pass
    fresh = folder / f"target.seeding-{os.getpid()}"
    try:
        copy_build(pool / PREBUILT / "target", fresh)
        shutil.rmtree(folder / "target", ignore_errors=True)
        os.rename(fresh, folder / "target")
        (folder / SEEDED_STAMP).write_text(stamp, encoding="utf-8")
    except (OSError, subprocess.CalledProcessError):
        shutil.rmtree(fresh, ignore_errors=True)


def prebuild(repository):
    """Compiles the pool's shared build through the real kernel, in a folder of its own, then
    puts it in place of the old one in one rename. Does nothing when it is there."""
    pool = pool_dir()
    if pool is None:
        sys.exit("no kernel pool to hold a shared build (GENAI_KERNEL_POOL=none)")
    if prebuilt_stamp(pool) is not None:
        print("ok: the class's shared build of the library")
        return
    pool.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_settings(pool)
    building = pool / f"{PREBUILT}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    os.environ["EVCXR_TMPDIR"] = str(building)
    try:
        if copy_warm_build(repository, pool, building):
            print("ok: copied the notebook kernel's warm build into the class's shared build "
                  "(same settings, same library)", flush=True)
        else:
            compile_library(repository, "the class's shared build of the library")
        # The settings, and when: a new shared build makes every folder seed again.
        stamp = f"{warm_stamp()}# made {time.time_ns()}\n"
        (building / WARM_STAMP).write_text(stamp, encoding="utf-8")
        old = pool / f"{PREBUILT}.old-{os.getpid()}"
        if (pool / PREBUILT).exists():
            os.rename(pool / PREBUILT, old)
        os.rename(building, pool / PREBUILT)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def warm_build_of(repository):
    """The notebooks' warm build (the first folder of the default pool) if it was made with
    today's settings from this copy of the book, else None. (The build names the library by its
    full path: a build of another copy would be compiled again at the first cell.)"""
    folder = default_pool() / "kernel-0"
    try:
        made_with = (folder / WARM_STAMP).read_text(encoding="utf-8")
        made_from = (folder / MADE_FROM).read_text(encoding="utf-8")
    except OSError:
        return None
    here = str(Path(repository).resolve())
    if made_with != warm_stamp() or made_from != here or not (folder / "target").is_dir():
        return None
    return folder


def copy_warm_build(repository, pool, building):
    """Copies the notebooks' warm build into `building` when it is the same build the shared
    one would be (same settings, same copy of the book): compiling it again through a kernel
    takes minutes, a copy seconds. Holds the warm folder's lock while copying, so no kernel
    writes to it meanwhile; if a kernel holds it, or anything fails, returns False (and the
    caller compiles)."""
    if pool.resolve() == default_pool().resolve():
        return False
    try:
        fd = os.open(default_pool() / "kernel-0.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        folder = warm_build_of(repository)
        if folder is None:
            return False
        copy_build(folder / "target", building / "target")
        return True
    except (OSError, subprocess.CalledProcessError):
        shutil.rmtree(building / "target", ignore_errors=True)
        return False
    finally:
        os.close(fd)


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
    compile_library(repository, "the notebook kernel's build folder")
    # The first kernel (nothing else ran) had the pool's first folder.
    first = pool_dir() / "kernel-0"
    (first / MADE_FROM).write_text(str(Path(repository).resolve()), encoding="utf-8")
    (first / WARM_STAMP).write_text(warm_stamp(), encoding="utf-8")


def compile_library(repository, what):
    """Starts a kernel from the project's kernelspec and has it load the libraries, which
    compiles them in the kernel's build folder."""
    print(f"preparing: {what} (compiles the book's library once, a few minutes on 2 cores)",
          flush=True)
    started = time.monotonic()
    done = threading.Event()
    threading.Thread(target=still_working, args=(done, started), daemon=True).start()
    from jupyter_client.manager import start_new_kernel

    crates = Path(repository).resolve() / "crates"
    # On a fresh, busy 2-core machine evcxr took more than two minutes to answer its first
    # start (other builds had both cores); a slow start is no failure.
    manager, client = start_new_kernel(kernel_name="rust", startup_timeout=900)
    errors = []

    def look(message):
        kind, content = message["msg_type"], message["content"]
        if kind == "error" or (kind == "stream" and content.get("name") == "stderr"):
            errors.append(content.get("text") or content.get("evalue") or kind)

    try:
        # One crate at a time, in the notebooks' order: the first cell of every notebook loads
        # the library, and notebook 03 adds the networks in a later cell.
        for n, name in enumerate(LIBRARIES):
            reply = client.execute_interactive(
                f':dep {name} = {{ path = "{crates / name}" }}\nlet ready{n} = 1;\nready{n}',
                timeout=1800,
                output_hook=look,
            )
            if reply["content"].get("status") != "ok" or errors:
                sys.exit(f"the kernel could not build {name}: {errors or reply['content']}")
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
    if len(sys.argv) == 3 and sys.argv[1] == "--prebuild":
        prebuild(sys.argv[2])
        return
    if sys.argv[1:] == ["--is-prebuilt"]:
        pool = pool_dir()
        sys.exit(0 if pool is not None and prebuilt_stamp(pool) is not None else 1)
    if len(sys.argv) != 3:
        sys.exit("usage: kernel.py PATH/TO/evcxr_jupyter CONNECTION_FILE | --warm REPOSITORY")
    evcxr, connection_file = sys.argv[1], sys.argv[2]
    # A folder the user chose wins; otherwise take one from the pool.
    folder = None if "EVCXR_TMPDIR" in os.environ else take_folder()
    pool = pool_dir()
    view = None
    if "RUST_SRC_PATH" not in os.environ and os.environ.get("GENAI_KERNEL_SETTINGS") != "evcxr" \
            and pool is not None and pool.is_dir() and pool.stat().st_uid == os.getuid():
        view = standard_library_view(pool)
    env = kernel_env(os.environ, folder, view)
    argv = [evcxr, "--control_file", connection_file]
    trace = env.pop("GENAI_KERNEL_TRACE", None)
    if trace:
        argv = trace_command(trace) + argv
    os.execve(argv[0], argv, env)


def trace_command(log):
    """The benchmark's breakdown (`cargo xtask bench`, crates/xtask/bench.py) asks, through
    `$GENAI_KERNEL_TRACE`, for the kernel to run under `strace`, which writes to `log` when each
    program starts and ends (the kernel, cargo, rustc, the linker), with the time of day. Only
    those two system calls are stopped at, so the kernel runs at nearly its usual speed."""
    strace = shutil.which("strace")
    if strace is None:
        return []
    return [strace, "-f", "-q", "--seccomp-bpf", "-ttt", "-e", "trace=execve,exit_group",
            "-e", "signal=none", "-s", "200", "-o", log]


if __name__ == "__main__":
    main()
