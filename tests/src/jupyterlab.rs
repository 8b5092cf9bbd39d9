//! JupyterLab started the way a student starts it, with `cargo xtask lab`, for the browser
//! tests: its settings, workspaces, runtime files and data in a scratch folder (never the
//! user's), and always shut down, kernels included, even when a test fails.

use crate::paths::root;
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long `cargo xtask lab` may take to print its address and answer: it may compile xtask
/// and run the setup check first. A bound on a hang, not a speed target.
const START_LIMIT: Duration = Duration::from_secs(600);

/// A running JupyterLab; it is shut down (kernels first) when dropped.
pub struct Lab {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The login token `cargo xtask lab` printed.
    pub token: String,
    /// When `cargo xtask lab` was started.
    pub started: Instant,
    log: PathBuf,
    agent: ureq::Agent,
}

impl Lab {
    /// Runs `cargo xtask lab --no-browser --port 0 FOLDER` and waits until JupyterLab answers.
    /// `scratch` receives Jupyter's config, data, runtime, settings and workspace folders and
    /// its log. The user's own `rust` kernelspec, if any, is copied into the scratch data
    /// folder, so the project's kernel must win over it there as it must on the real machine.
    pub fn start(folder: &Path, scratch: &Path) -> Result<Lab> {
        let jupyter = scratch.join("jupyter");
        let dir = |name: &str| -> Result<PathBuf> {
            let path = jupyter.join(name);
            std::fs::create_dir_all(&path)
                .with_context(|| format!("creating {}", path.display()))?;
            Ok(path)
        };
        copy_user_kernelspec(&dir("data/kernels/rust")?);
        let log = scratch.join("jupyterlab.log");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let started = Instant::now();
        let mut child = Command::new(cargo)
            .current_dir(root())
            .args(["run", "--quiet", "--package", "xtask", "--", "lab"])
            .args(["--no-browser", "--port", "0"])
            .arg(folder)
            .env("JUPYTER_CONFIG_DIR", dir("config")?)
            .env("JUPYTER_DATA_DIR", dir("data")?)
            .env("JUPYTER_RUNTIME_DIR", dir("runtime")?)
            .env("JUPYTERLAB_SETTINGS_DIR", dir("settings")?)
            .env("JUPYTERLAB_WORKSPACES_DIR", dir("workspaces")?)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).context("creating the JupyterLab log")?)
            .spawn()
            .context("starting cargo xtask lab")?;
        let stdout = child
            .stdout
            .take()
            .context("no stdout from cargo xtask lab")?;
        let (lines, printed) = mpsc::channel();
        // Reads what the command prints, to the end, so that it never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                println!("cargo xtask lab: {line}");
                let _ = lines.send(line);
            }
        });
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(60))
            .build();
        let mut lab = Lab {
            child,
            base: String::new(),
            token: String::new(),
            started,
            log,
            agent,
        };
        let address = loop {
            let left = START_LIMIT.saturating_sub(started.elapsed());
            match printed.recv_timeout(left) {
                Ok(line) => {
                    if let Some(at) = line.find("http://127.0.0.1:") {
                        break line[at..].trim().to_string();
                    }
                }
                Err(_) => bail!(
                    "cargo xtask lab printed no address within {START_LIMIT:?}:\n{}",
                    lab.log_text()
                ),
            }
        };
        let (base, token) = split_address(&address)
            .with_context(|| format!("cannot read the address `{address}`"))?;
        lab.base = base;
        lab.token = token;
        while lab.get("/api/status").is_err() {
            if let Some(status) = lab.child.try_wait()? {
                bail!("JupyterLab stopped ({status}):\n{}", lab.log_text());
            }
            if started.elapsed() > START_LIMIT {
                bail!(
                    "JupyterLab did not answer within {START_LIMIT:?}:\n{}",
                    lab.log_text()
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(lab)
    }

    /// The address that opens `path` (relative to the folder shown) in JupyterLab, logged in,
    /// with no tab left open from before (`reset`).
    pub fn open_url(&self, path: &str) -> String {
        format!("{}/lab/tree/{path}?reset&token={}", self.base, self.token)
    }

    /// GETs a path of Jupyter's REST API, as JSON.
    pub fn get(&self, path: &str) -> Result<Value> {
        self.agent
            .get(&format!("{}{path}", self.base))
            .set("Authorization", &format!("token {}", self.token))
            .call()
            .with_context(|| format!("GET {path}"))?
            .into_json()
            .with_context(|| format!("GET {path}: not JSON"))
    }

    /// Shuts down every running kernel, as "Shut Down All Kernels" does; waits until each is
    /// gone (each frees its kept build folder for the next notebook).
    pub fn shut_down_kernels(&self) -> Result<()> {
        for kernel in self.get("/api/kernels")?.as_array().into_iter().flatten() {
            let id = kernel["id"].as_str().context("a kernel without an id")?;
            self.agent
                .delete(&format!("{}/api/kernels/{id}", self.base))
                .set("Authorization", &format!("token {}", self.token))
                .call()
                .with_context(|| format!("shutting down kernel {id}"))?;
        }
        Ok(())
    }

    /// The end of JupyterLab's log, to explain a failure.
    pub fn log_text(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(60)..].join("\n")
    }

    fn wait_for_exit(&mut self, limit: Duration) -> bool {
        let since = Instant::now();
        while since.elapsed() < limit {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }
}

impl Drop for Lab {
    /// Asks JupyterLab to shut down, which stops its kernels too; if it does not, asks the
    /// process to terminate (Jupyter still stops its kernels then), and last kills it.
    fn drop(&mut self) {
        if !self.base.is_empty() {
            let _ = self
                .agent
                .post(&format!("{}/api/shutdown", self.base))
                .set("Authorization", &format!("token {}", self.token))
                .call();
            if self.wait_for_exit(Duration::from_secs(60)) {
                return;
            }
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        if !self.wait_for_exit(Duration::from_secs(30)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `http://127.0.0.1:PORT/...?token=TOKEN` as (`http://127.0.0.1:PORT`, `TOKEN`).
fn split_address(address: &str) -> Option<(String, String)> {
    let after_host = address.strip_prefix("http://")?;
    let host_end = after_host.find('/')? + "http://".len();
    let token = address.split_once("token=")?.1;
    Some((address[..host_end].to_string(), token.to_string()))
}

/// Copies the user's `rust` kernelspec (evcxr's own, which `cargo xtask setup` installs) into
/// the scratch data folder, when there is one.
fn copy_user_kernelspec(into: &Path) {
    let data = std::env::var_os("JUPYTER_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            let share = std::env::var_os("XDG_DATA_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".local/share")));
            share.map(|s| s.join("jupyter"))
        });
    let Some(user) = data.map(|d| d.join("kernels/rust")) else {
        return;
    };
    for entry in std::fs::read_dir(user).into_iter().flatten().flatten() {
        let _ = std::fs::copy(entry.path(), into.join(entry.file_name()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_address_gives_the_server_and_the_token() {
        assert_eq!(
            split_address("http://127.0.0.1:8890/lab/tree/00-start-here.ipynb?token=ab12"),
            Some(("http://127.0.0.1:8890".into(), "ab12".into()))
        );
        assert_eq!(split_address("http://127.0.0.1:8890/lab"), None);
    }
}
