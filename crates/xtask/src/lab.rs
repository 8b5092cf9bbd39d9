//! `cargo xtask lab [--port N] [--no-browser] [FOLDER]`: JupyterLab on the chapter notebooks,
//! with the project's Rust kernel, for any user of the machine, root included.
//!
//! A student types one command and gets one address to open. So this module picks a free port
//! (saying so when the usual one is taken), makes the login token itself so that it can print
//! the address before JupyterLab starts, adds `--allow-root` only when JupyterLab would refuse
//! to start without it, and then becomes JupyterLab (`exec`): Ctrl-C, the exit status and the
//! terminal behave exactly as with `jupyter lab`. The end-to-end test `tests/tests/jupyterlab.rs`
//! starts JupyterLab through this very command.

use crate::setup::venv_bin;
use anyhow::{Context, Result, bail};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The port asked for first: Jupyter's own default, the one tutorials show.
const DEFAULT_PORT: u16 = 8888;
/// How many ports after a taken one are tried before any free port will do.
const NEARBY_PORTS: u16 = 20;
/// The notebook a new reader opens first, when the folder has it.
const FIRST_NOTEBOOK: &str = "00-start-here.ipynb";
const USAGE: &str = "usage: cargo xtask lab [--port N] [--no-browser] [FOLDER]  (N = 0: any free port; FOLDER: notebooks/ unless given)";

/// What the command line asked for.
#[derive(Debug, PartialEq)]
struct Options {
    /// The port wanted; 0 means any free port.
    port: u16,
    /// Whether JupyterLab opens a browser tab itself.
    browser: bool,
    /// The folder JupyterLab shows, `notebooks/` by default.
    folder: PathBuf,
}

fn parse(root: &Path, args: &[String]) -> Result<Options> {
    let mut options = Options {
        port: DEFAULT_PORT,
        browser: true,
        folder: root.join("notebooks"),
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--port" => {
                let n = rest.next().context(USAGE)?;
                options.port = n.parse().with_context(|| format!("--port {n}: {USAGE}"))?;
            }
            "--no-browser" => options.browser = false,
            flag if flag.starts_with('-') => bail!("unknown option {flag}; {USAGE}"),
            // A relative folder is relative to the repository, where `cargo xtask` runs.
            folder => options.folder = root.join(folder),
        }
    }
    if !options.folder.is_dir() {
        bail!("{} is not a folder; {USAGE}", options.folder.display());
    }
    Ok(options)
}

/// Starts JupyterLab and never comes back unless it could not start.
pub fn lab(root: &Path, args: &[String]) -> Result<()> {
    let options = parse(root, args)?;
    let port = free_port(options.port)?;
    let token = token()?;
    let start = if options.folder.join(FIRST_NOTEBOOK).is_file() {
        format!("/lab/tree/{FIRST_NOTEBOOK}")
    } else {
        "/lab".to_string()
    };
    let mut jupyter = Command::new(venv_bin(root, "jupyter"));
    jupyter
        .args(["lab", "--ip=127.0.0.1"])
        .arg(format!("--port={port}"))
        // This module already found the port free; JupyterLab must not quietly take another.
        .arg("--ServerApp.port_retries=0")
        .arg(format!("--ServerApp.root_dir={}", options.folder.display()))
        .arg(format!("--LabApp.default_url={start}"))
        // In the environment rather than on the command line, where any user could read it.
        .env("JUPYTER_TOKEN", &token);
    if !options.browser {
        jupyter.arg("--no-browser");
    }
    if is_root() {
        println!(
            "You are root, and JupyterLab refuses root without --allow-root, so it gets that flag."
        );
        jupyter.arg("--allow-root");
    }
    println!(
        "JupyterLab with the Rust kernel on {}/ (Ctrl-C twice stops it).",
        options.folder.display()
    );
    println!("Open this address in your browser: http://127.0.0.1:{port}{start}?token={token}");
    std::io::stdout()
        .flush()
        .context("writing to the terminal")?;
    become_process(&mut jupyter)
}

/// `wanted` if it is free, else a nearby free port (said in one line); any free port for 0.
fn free_port(wanted: u16) -> Result<u16> {
    let is_free = |port: u16| TcpListener::bind(("127.0.0.1", port)).is_ok();
    if wanted != 0 && is_free(wanted) {
        return Ok(wanted);
    }
    let nearby = (1..=NEARBY_PORTS)
        .filter_map(|step| wanted.checked_add(step))
        .find(|&port| wanted != 0 && is_free(port));
    let port = match nearby {
        Some(port) => port,
        None => TcpListener::bind(("127.0.0.1", 0))
            .and_then(|listener| listener.local_addr())
            .context("finding a free port for JupyterLab")?
            .port(),
    };
    if wanted != 0 {
        println!("Port {wanted} is taken (another JupyterLab?), so this one uses port {port}.");
    }
    Ok(port)
}

/// A login token JupyterLab accepts: 24 random bytes from the system, as hex, like its own.
fn token() -> Result<String> {
    let mut bytes = [0u8; 24];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut bytes))
        .context("reading /dev/urandom for JupyterLab's login token")?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether this process runs as root (effective user 0), which JupyterLab refuses by default.
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.status.success() && out.stdout.trim_ascii() == b"0")
}

/// Replaces this process with `cmd`, so the terminal's Ctrl-C and the exit status are its own.
#[cfg(unix)]
fn become_process(cmd: &mut Command) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let error = cmd.exec();
    Err(error).with_context(|| {
        format!("starting {cmd:?} (is the .venv there? `cargo xtask setup` makes it)")
    })
}

/// Elsewhere, runs `cmd` and waits for it.
#[cfg(not(unix))]
fn become_process(cmd: &mut Command) -> Result<()> {
    crate::run(cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_options_default_to_the_notebooks_on_the_usual_port_with_a_browser() {
        let root = crate::root();
        assert_eq!(
            parse(&root, &[]).unwrap(),
            Options {
                port: DEFAULT_PORT,
                browser: true,
                folder: root.join("notebooks"),
            }
        );
        let chosen = parse(&root, &args(&["--no-browser", "--port", "0", "crates"])).unwrap();
        assert_eq!(
            chosen,
            Options {
                port: 0,
                browser: false,
                folder: root.join("crates"),
            }
        );
        assert!(parse(&root, &args(&["--port"])).is_err());
        assert!(parse(&root, &args(&["--port", "eighty"])).is_err());
        assert!(parse(&root, &args(&["--open"])).is_err());
        assert!(parse(&root, &args(&["no-such-folder"])).is_err());
    }

    #[test]
    fn a_taken_port_gives_another_free_one() {
        let taken = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        let other = free_port(port).unwrap();
        assert_ne!(other, port);
        assert!(TcpListener::bind(("127.0.0.1", other)).is_ok());
        drop(taken);
        assert_eq!(free_port(port).unwrap(), port);
        assert_ne!(free_port(0).unwrap(), 0);
    }

    #[test]
    fn tokens_are_long_hex_and_differ() {
        let (a, b) = (token().unwrap(), token().unwrap());
        assert_eq!(a.len(), 48);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
