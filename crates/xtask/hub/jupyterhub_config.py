"""JupyterHub's settings for a class on one server (`cargo xtask hub`, `cargo xtask hub-load`).

`cargo xtask hub` starts JupyterHub with this file and says, through the environment, where the
hub keeps its files (`GENAI_HUB_DIR`), which ports it takes (`GENAI_HUB_PORT`,
`GENAI_HUB_API_PORT`, `GENAI_HUB_HUB_PORT`), the students' shared password and the
instructor's (`GENAI_HUB_PASSWORD`, `GENAI_HUB_ADMIN_PASSWORD`), and the kernels' pool with the
class's shared build of the library (`GENAI_KERNEL_POOL`, see crates/xtask/kernel.py).

What it sets, and why:

- Everything listens on 127.0.0.1: the proxy (the one address students open), the hub behind
  it and every student's server.
- A trial's sign-in: any name, with one shared password (JupyterHub's
  SharedPasswordAuthenticator). Fine for trying the hub on one machine; a real class signs in
  with the school's accounts instead (see README, "A class on one server").
- A local spawner that needs no system accounts (JupyterHub's SimpleLocalProcessSpawner): each
  student's server is a process of the user who started the hub, with a home folder of its own
  under `GENAI_HUB_DIR/users/`. The students are not kept apart from one another, which is why
  it suits a trial and not a class (see the README for the spawners that do).
- Each home gets the book's notebooks on its first start (`notebooks/`, never overwritten
  afterwards, so a student's work stays), and `crates`, a link to the book's library, so the
  notebooks' first cell (`:dep genai-demos = { path = "../crates/genai-demos" }`) finds it.
  evcxr resolves the link, so every student's kernel builds the very same library, and the
  class's shared build serves them all.
- nbgrader's exchange, for the instructor's kit: a folder under `GENAI_HUB_DIR/exchange`, the
  course `genai`, and in each home's `.jupyter/nbgrader_config.py` a line that names the student (every
  student's server runs as the same system user here, and nbgrader would otherwise file every
  submission under that one name). Fetched exercises land in `exercises/`.
"""

import os
import shutil
from pathlib import Path

c = get_config()  # noqa: F821 (traitlets provides get_config)

HUB = Path(os.environ["GENAI_HUB_DIR"]).resolve()
ROOT = Path(__file__).resolve().parents[3]
VENV_BIN = ROOT / ".venv" / "bin"
COURSE = "genai"

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["GENAI_HUB_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["GENAI_HUB_HUB_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['GENAI_HUB_API_PORT']}"
c.ConfigurableHTTPProxy.command = [
    str(ROOT / "crates" / "xtask" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy")
]
c.JupyterHub.db_url = f"sqlite:///{HUB / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(HUB / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(HUB / "jupyterhub.pid")
# A class starts together: let every student's server start at once (the default, 100, is
# fine), and give a busy machine time (a student's server starts in seconds when idle).
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 0

c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["GENAI_HUB_PASSWORD"]
c.SharedPasswordAuthenticator.admin_password = os.environ["GENAI_HUB_ADMIN_PASSWORD"]
c.Authenticator.admin_users = {"instructor"}
c.Authenticator.allow_all = True

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(HUB / "users" / "{username}")
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/notebooks/00-start-here.ipynb"
c.Spawner.ip = "127.0.0.1"
# As root (as in many containers), Jupyter's server asks for this flag before it starts.
c.Spawner.args = ["--allow-root"] if os.getuid() == 0 else []
# The spawner gives each server its own HOME; the Rust toolchain and evcxr stay the ones
# installed for the user who started the hub.
KEEP = ["PATH", "RUSTUP_HOME", "CARGO_HOME", "GENAI_KERNEL_POOL", "GENAI_HUB_ID", "TMPDIR"]
c.Spawner.env_keep = [name for name in KEEP if name in os.environ]
home = Path.home()
c.Spawner.environment = {
    "RUSTUP_HOME": os.environ.get("RUSTUP_HOME", str(home / ".rustup")),
    "CARGO_HOME": os.environ.get("CARGO_HOME", str(home / ".cargo")),
    "PATH": f"{VENV_BIN}:{os.environ.get('CARGO_HOME', str(home / '.cargo'))}/bin:{os.environ.get('PATH', '')}",
}


def prepare_home(spawner):
    """The student's home, on every start: the notebooks (only those not there yet), the link to
    the library, and the student's nbgrader settings."""
    folder = Path(spawner.home_dir)
    (folder / "exercises").mkdir(parents=True, exist_ok=True)
    notebooks = folder / "notebooks"
    notebooks.mkdir(exist_ok=True)
    for source in sorted((ROOT / "notebooks").iterdir()):
        target = notebooks / source.name
        if source.is_file() and not target.exists():
            shutil.copy(source, target)
    link = folder / "crates"
    if not link.is_symlink():
        link.symlink_to(ROOT / "crates", target_is_directory=True)
    name = spawner.user.name
    # In the student's own Jupyter settings folder (their HOME is this folder), where nbgrader,
    # run by their server, reads it.
    (folder / ".jupyter").mkdir(exist_ok=True)
    (folder / ".jupyter" / "nbgrader_config.py").write_text(
        "# Written by the class's hub at each start (crates/xtask/hub/jupyterhub_config.py).\n"
        "c = get_config()\n"
        f"c.Exchange.root = {str(HUB / 'exchange')!r}\n"
        f"c.Exchange.assignment_dir = {str(folder / 'exercises')!r}\n"
        f"c.CourseDirectory.course_id = {COURSE!r}\n"
        f"c.CourseDirectory.student_id = {name!r}\n",
        encoding="utf-8",
    )


c.Spawner.pre_spawn_hook = prepare_home
c.Spawner.notebook_dir = "~"
