//! `cargo xtask hub` and `cargo xtask hub-load`: the book's notebooks for a class, on one
//! server with JupyterHub, and that server measured under a class's load.
//!
//! The hub itself is Python (JupyterHub, nbgrader), so the work is in `crates/xtask/hub.py`
//! and the hub's settings in `crates/xtask/hub/jupyterhub_config.py`; this module installs what
//! they need (the setup steps [`proxy_status`], [`install_proxy`], [`prebuild`]) and runs them.
//!
//! - `hub [--port N]`: JupyterHub on 127.0.0.1 (port 8000, or the next free one).
//! - `hub release NAME`, `hub collect NAME`: the instructor's side of nbgrader's exchange.
//! - `hub-load N [--notebook FILE]`: N simulated students at once, measured (see hub.py).

use crate::setup::{self, Status};
use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::Command;

/// Where the proxy's npm pin lives (`package.json` and its lockfile).
const PROXY_DIR: &str = "crates/xtask/hub";

/// `cargo xtask hub [--port N] | hub release NAME | hub collect NAME`.
pub fn hub(root: &Path, args: &[String]) -> Result<()> {
    match args.first().map(String::as_str) {
        Some("release" | "collect") if args.len() == 2 => {
            setup::run(root, "hub")?;
            hub_py(root, args)
        }
        None | Some("--port") => {
            if args.len() == 1 || args.len() > 2 {
                bail!("usage: cargo xtask hub [--port N]");
            }
            setup::run(root, "hub")?;
            let mut line = vec!["serve".to_string()];
            line.extend(args.iter().cloned());
            hub_py(root, &line)
        }
        Some(_) => bail!(
            "usage: cargo xtask hub [--port N] | cargo xtask hub release NAME | cargo xtask hub \
             collect NAME (NAME: an exercise, such as 01-telling-apart)"
        ),
    }
}

/// `cargo xtask hub-load N [--notebook FILE]`.
pub fn hub_load(root: &Path, args: &[String]) -> Result<()> {
    let students: usize = args
        .first()
        .and_then(|n| n.parse().ok())
        .filter(|n| (1..=MAX_STUDENTS).contains(n))
        .with_context(|| {
            format!("usage: cargo xtask hub-load N [--notebook FILE] (N from 1 to {MAX_STUDENTS})")
        })?;
    setup::run(root, "hub-load")?;
    let mut line = vec!["load".to_string(), students.to_string()];
    line.extend(args[1..].iter().cloned());
    hub_py(root, &line)
}

/// The load test's bound: more simulated students than this would only measure swapping.
pub const MAX_STUDENTS: usize = 40;

fn hub_py(root: &Path, args: &[String]) -> Result<()> {
    crate::run(
        Command::new(setup::venv_bin(root, "python"))
            .arg(root.join("crates/xtask/hub.py"))
            .args(args),
    )
}

/// The version of configurable-http-proxy the lockfile pins.
pub fn proxy_version(root: &Path) -> String {
    std::fs::read_to_string(root.join(PROXY_DIR).join("package-lock.json"))
        .ok()
        .and_then(|lock| setup::npm_version(&lock, "configurable-http-proxy"))
        .unwrap_or_else(|| "?".into())
}

/// Whether the proxy is installed at the lockfile's versions.
pub(crate) fn proxy_status(root: &Path) -> Status {
    let dir = root.join(PROXY_DIR);
    let lock = std::fs::read_to_string(dir.join("package-lock.json")).unwrap_or_default();
    let installed = std::fs::read_to_string(dir.join("node_modules/.package-lock.json"));
    let ready = installed
        .as_ref()
        .is_ok_and(|have| setup::same_packages(have, &lock));
    let found = match installed {
        Ok(_) if ready => format!("{} in {PROXY_DIR}/node_modules", proxy_version(root)),
        Ok(have) => format!(
            "found {}",
            setup::npm_version(&have, "configurable-http-proxy").unwrap_or_else(|| "?".into())
        ),
        Err(_) if setup::on_path("npm") => "not installed".into(),
        Err(_) => "not installed, and npm is not on PATH".into(),
    };
    Status::new(
        format!("configurable-http-proxy {} (npm)", proxy_version(root)),
        ready,
        found,
    )
}

/// Installs the proxy from the npm registry at the versions of its lockfile.
pub fn install_proxy(root: &Path) -> Result<()> {
    if !setup::on_path("npm") {
        bail!("npm is not installed (it comes with Node.js)");
    }
    crate::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(root.join(PROXY_DIR)),
    )
}

/// Whether the class's shared build of the library is there (hub.py knows the hub's pool).
pub fn shared_build_ready(root: &Path) -> bool {
    let python = setup::venv_bin(root, "python");
    python.is_file()
        && Command::new(python)
            .arg(root.join("crates/xtask/hub.py"))
            .arg("is-prebuilt")
            .output()
            .is_ok_and(|out| out.status.success())
}

/// Makes the class's shared build once: a copy of the notebooks' warm build folder when setup
/// made it from this copy of the book with today's settings, else compiled through the real
/// kernel.
pub fn prebuild(root: &Path) -> Result<()> {
    hub_py(root, &["prebuild".to_string()])
}
