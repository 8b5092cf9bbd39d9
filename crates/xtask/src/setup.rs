//! `cargo xtask setup`: installs what each command needs, at pinned versions, and says what it
//! is doing, how far it is and how long each step took.
//!
//! A reader who only wants the book should not wait half an hour for a Jupyter kernel, a grader
//! and a browser. So every command names the groups of tools it needs ([`Need`], the table
//! [`COMMANDS`]), and its first run installs those and nothing else. `cargo xtask setup` with no
//! command installs everything; `cargo xtask setup --check [COMMAND]` prints the plan, with what
//! is installed (and at which version) and what is missing, and installs nothing.
//!
//! Every step checks first and does nothing when the tool is already there at the right version,
//! so running it again is cheap and safe.

use crate::run as exec;
use anyhow::{Context, Result, anyhow, bail};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The mdBook release the book and its preprocessor are built against.
pub const MDBOOK_VERSION: &str = "0.5.4";
/// The Rust Jupyter kernel.
pub const EVCXR_VERSION: &str = "0.22.0";

/// A group of tools that some commands need and others do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// mdBook: the book, which reads well without JavaScript.
    Book,
    /// The WebAssembly target and wasm-bindgen: the live widgets in the book's pages.
    Live,
    /// The Rust Jupyter kernel (evcxr) and Jupyter: the notebooks.
    Kernel,
    /// nbgrader: the instructor's kit.
    Grading,
    /// scikit-learn and NLTK: what the benchmark compares the library with.
    Bench,
    /// Chromium, chromedriver and axe-core: the browser tests.
    Browser,
    /// JupyterHub, its proxy and the class's shared build of the library: a class on one server.
    Hub,
}

use Need::{Bench, Book, Browser, Grading, Hub, Kernel, Live};

/// Every group, for `cargo xtask setup` and `cargo xtask test`.
const EVERYTHING: &[Need] = &[Book, Live, Kernel, Grading, Bench, Browser, Hub];

/// Each command of `cargo xtask` with the groups its first run installs.
pub const COMMANDS: [(&str, &[Need]); 13] = [
    ("serve", &[Book, Live]),
    ("build", &[Book, Live]),
    ("wasm", &[Live]),
    ("lab", &[Kernel]),
    ("notebooks", &[Kernel]),
    ("assign", &[Kernel, Grading]),
    ("grade", &[Kernel, Grading]),
    // The benchmark runs the notebooks, builds the book with its module and times the live
    // page in Chromium, besides scikit-learn and NLTK.
    ("bench", &[Book, Live, Kernel, Bench, Browser]),
    // cargo-fuzz is installed by `cargo xtask fuzz` itself, on its first run.
    ("fuzz", &[]),
    // The class's hub has the instructor's kit (nbgrader's exchange); its load test does not.
    ("hub", &[Kernel, Grading, Hub]),
    ("hub-load", &[Kernel, Hub]),
    ("test", EVERYTHING),
    ("setup", EVERYTHING),
];

impl Need {
    /// What the group is for, in a reader's words.
    fn describe(self) -> &'static str {
        match self {
            Book => "the book (mdBook)",
            Live => "the live widgets (WebAssembly target, wasm-bindgen)",
            Kernel => "the notebooks (evcxr kernel, JupyterLab, nbclient)",
            Grading => "the instructor's kit (nbgrader)",
            Bench => "the benchmark's comparison (scikit-learn, NLTK)",
            Browser => "the browser tests (Chromium, chromedriver, axe-core)",
            Hub => "a class on one server (JupyterHub, its proxy, the class's shared build)",
        }
    }

    /// The pinned Python requirements of the group, if it has any.
    fn requirements(self) -> Option<&'static str> {
        match self {
            Kernel => Some("requirements.txt"),
            Grading => Some("requirements-grading.txt"),
            Bench => Some("requirements-bench.txt"),
            Hub => Some("requirements-hub.txt"),
            Book | Live | Browser => None,
        }
    }
}

/// The groups `command` needs.
pub fn needs_of(command: &str) -> Result<&'static [Need]> {
    COMMANDS
        .iter()
        .find(|(name, _)| *name == command)
        .map(|&(_, needs)| needs)
        .with_context(|| {
            let names: Vec<&str> = COMMANDS.iter().map(|(name, _)| *name).collect();
            format!(
                "`{command}` is not a command of cargo xtask (one of: {})",
                names.join(", ")
            )
        })
}

/// One thing setup can install, in the order they are installed (the kernelspec in `.venv`
/// needs the environment, the warm-up needs the kernelspec).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Mdbook,
    WasmTarget,
    WasmBindgen,
    RustSrc,
    Evcxr,
    EvcxrKernelspec,
    Python,
    ProjectKernelspec,
    WarmKernel,
    HubProxy,
    SharedBuild,
    AxeCore,
    Chromium,
}

use Step::*;

const STEPS: [Step; 13] = [
    Mdbook,
    WasmTarget,
    WasmBindgen,
    RustSrc,
    Evcxr,
    EvcxrKernelspec,
    Python,
    ProjectKernelspec,
    WarmKernel,
    HubProxy,
    SharedBuild,
    AxeCore,
    Chromium,
];

/// What a step found: ready or not, and what it saw (a version, "not installed").
pub(crate) struct Status {
    /// What the step installs, with the version it wants.
    what: String,
    ready: bool,
    /// What is there now.
    found: String,
}

impl Status {
    pub(crate) fn new(what: impl Into<String>, ready: bool, found: impl Into<String>) -> Status {
        Status {
            what: what.into(),
            ready,
            found: found.into(),
        }
    }
}

impl Step {
    /// Whether a command with these needs takes this step.
    fn wanted_by(self, needs: &[Need]) -> bool {
        let serves: &[Need] = match self {
            Mdbook => &[Book],
            WasmTarget | WasmBindgen => &[Live],
            RustSrc | Evcxr | EvcxrKernelspec | ProjectKernelspec | WarmKernel => &[Kernel],
            Python => &[Kernel, Grading, Bench, Hub],
            HubProxy | SharedBuild => &[Hub],
            AxeCore | Chromium => &[Browser],
        };
        serves.iter().any(|need| needs.contains(need))
    }

    /// Whether the rest can go on when this step fails: the kernel only starts slower without
    /// its warm build folder, and only the browser tests need the browser.
    fn optional(self) -> bool {
        matches!(self, WarmKernel | AxeCore | Chromium)
    }

    /// A short name for progress lines.
    fn name(self, root: &Path, plan: &Plan) -> String {
        match self {
            Mdbook => format!("mdbook {MDBOOK_VERSION} (cargo install, a few minutes once)"),
            WasmTarget => format!("rustup target {}", crate::wasm::TARGET),
            WasmBindgen => format!(
                "wasm-bindgen-cli {} (cargo install, a few minutes once)",
                wasm_bindgen_version(root).unwrap_or_else(|_| "?".into())
            ),
            RustSrc => "rustup component rust-src".into(),
            Evcxr => format!(
                "evcxr_jupyter {EVCXR_VERSION} (cargo install, about 12 minutes on 2 cores)"
            ),
            EvcxrKernelspec => "Jupyter kernelspec `rust` (evcxr_jupyter --install)".into(),
            Python => format!(
                "Python packages from {} into .venv (pip)",
                plan.requirements.join(", ")
            ),
            ProjectKernelspec => "the project's kernelspec `rust` in .venv".into(),
            WarmKernel => "the notebook kernel's build folder (compiles the library once)".into(),
            HubProxy => format!(
                "configurable-http-proxy {} (npm ci)",
                crate::hub::proxy_version(root)
            ),
            SharedBuild => {
                "the class's shared build of the library (a copy of the warm build folder, \
                 or compiles it once)"
                    .into()
            }
            AxeCore => "axe-core in tests/node_modules (npm ci)".into(),
            Chromium => "chromium and chromedriver (apt-get)".into(),
        }
    }

    /// What is there now; the Python step gives one status per requirements file.
    fn check(self, root: &Path, plan: &Plan) -> Vec<Status> {
        match self {
            Mdbook => vec![cargo_status("mdbook", "mdbook", MDBOOK_VERSION)],
            WasmTarget => {
                let target = crate::wasm::TARGET;
                let have = rustup_has(&["target", "list", "--installed"], target);
                vec![Status::new(
                    format!("rustup target {target}"),
                    have,
                    installed_word(have),
                )]
            }
            WasmBindgen => {
                let version = wasm_bindgen_version(root).unwrap_or_else(|e| format!("({e:#})"));
                vec![cargo_status("wasm-bindgen-cli", "wasm-bindgen", &version)]
            }
            RustSrc => {
                let have = rustup_has(&["component", "list", "--installed"], "rust-src");
                vec![Status::new(
                    "rustup component rust-src",
                    have,
                    installed_word(have),
                )]
            }
            Evcxr => vec![cargo_status(
                "evcxr_jupyter",
                "evcxr_jupyter",
                EVCXR_VERSION,
            )],
            EvcxrKernelspec => {
                let have = user_kernelspec_ready();
                vec![Status::new(
                    "Jupyter kernelspec `rust` (evcxr_jupyter --install)",
                    have,
                    installed_word(have),
                )]
            }
            Python => python_status(root, &plan.requirements),
            ProjectKernelspec => {
                let have = project_kernelspec_text(root).is_ok_and(|(path, text)| {
                    std::fs::read_to_string(path).is_ok_and(|old| old == text)
                });
                vec![Status::new(
                    "the project's kernelspec `rust` in .venv (kept build folders)",
                    have,
                    installed_word(have),
                )]
            }
            WarmKernel => {
                let have = kernel_is_warm(root);
                vec![Status::new(
                    "the notebook kernel's build folder, compiled once",
                    have,
                    if have { "ready" } else { "not built yet" },
                )]
            }
            AxeCore => vec![axe_status(root)],
            Chromium => vec![browser_status()],
            HubProxy => vec![crate::hub::proxy_status(root)],
            SharedBuild => {
                let have = crate::hub::shared_build_ready(root);
                vec![Status::new(
                    "the class's shared build of the library, made once",
                    have,
                    if have { "ready" } else { "not built yet" },
                )]
            }
        }
    }

    /// Installs it, letting the installer's own output through (a line per crate, per package).
    fn install(self, root: &Path, plan: &Plan) -> Result<()> {
        match self {
            Mdbook => cargo_tool_lightly("mdbook", MDBOOK_VERSION),
            WasmTarget => exec(Command::new("rustup").args(["target", "add", crate::wasm::TARGET])),
            WasmBindgen => cargo_tool_with_binary(
                "wasm-bindgen-cli",
                "wasm-bindgen",
                &wasm_bindgen_version(root)?,
            ),
            RustSrc => exec(Command::new("rustup").args(["component", "add", "rust-src"])),
            Evcxr => cargo_tool("evcxr_jupyter", EVCXR_VERSION),
            EvcxrKernelspec => exec(Command::new(tool("evcxr_jupyter")).arg("--install")),
            Python => install_python(root, &plan.requirements),
            ProjectKernelspec => write_project_kernelspec(root),
            WarmKernel => exec(
                Command::new(venv_bin(root, "python"))
                    .arg(root.join("crates/xtask/kernel.py"))
                    .arg("--warm")
                    .arg(root),
            ),
            AxeCore => install_axe(root),
            Chromium => install_browser(),
            HubProxy => crate::hub::install_proxy(root),
            SharedBuild => crate::hub::prebuild(root),
        }
    }

    /// What a reader can do when this step fails.
    fn remedy(self) -> &'static str {
        match self {
            Mdbook | WasmBindgen | Evcxr => {
                "check that crates.io can be reached and that a C linker (`cc`) is installed, \
                 then run the command again; cargo's own message above says which crate failed"
            }
            WasmTarget | RustSrc => {
                "rustup downloads it from static.rust-lang.org: check that it can be reached, or \
                 add it yourself with the rustup command above"
            }
            EvcxrKernelspec | ProjectKernelspec => {
                "check that your Jupyter data folder (~/.local/share/jupyter) and .venv are \
                 writable, then run the command again"
            }
            Python => {
                "python3 with its venv and pip modules is needed (Debian and Ubuntu: `apt-get \
                 install python3-venv`), and PyPI must be reachable; delete .venv to start over"
            }
            WarmKernel => {
                "nothing is needed: each notebook compiles the library itself on its first \
                 start, which takes a minute; `cargo xtask setup lab` tries again"
            }
            AxeCore | HubProxy => {
                "install Node.js with npm (https://nodejs.org), then `cargo xtask setup test`"
            }
            SharedBuild => {
                "check the kernel's own message above (the library must compile); `cargo xtask \
                 setup hub` tries again"
            }
            Chromium => {
                "install Chromium and its chromedriver (the same version) with your system's \
                 package manager, or point the tests at ones you have: `CHROMIUM=/path/to/chromium \
                 CHROMEDRIVER=/path/to/chromedriver cargo xtask test`"
            }
        }
    }
}

/// What one command installs: its needs, the steps they take and the Python requirement files.
pub struct Plan {
    command: String,
    needs: Vec<Need>,
    steps: Vec<Step>,
    requirements: Vec<&'static str>,
}

impl Plan {
    /// The plan for `cargo xtask COMMAND` (`setup` means everything).
    pub fn for_command(command: &str) -> Result<Plan> {
        Ok(Plan::of(command, needs_of(command)?))
    }

    /// The plan for a set of needs, named after the command that has them.
    pub fn of(command: &str, needs: &[Need]) -> Plan {
        Plan {
            command: command.to_string(),
            needs: needs.to_vec(),
            steps: STEPS
                .into_iter()
                .filter(|step| step.wanted_by(needs))
                .collect(),
            requirements: EVERYTHING
                .iter()
                .filter(|need| needs.contains(need))
                .filter_map(|need| need.requirements())
                .collect(),
        }
    }

    /// A plan of only some steps, for a command that takes them in its own order.
    fn steps(command: &str, steps: &[Step]) -> Plan {
        Plan {
            command: command.to_string(),
            needs: Vec::new(),
            steps: steps.to_vec(),
            requirements: Vec::new(),
        }
    }

    /// The groups the command leaves out, described. (Measured against all the command needs:
    /// `serve` installs the live widgets' tools in a plan of their own, later.)
    fn left_out(&self) -> Vec<&'static str> {
        let wanted = needs_of(&self.command).unwrap_or(&self.needs);
        EVERYTHING
            .iter()
            .filter(|need| !wanted.contains(need))
            .map(|need| need.describe())
            .collect()
    }

    /// Whether every step of the plan is already done.
    pub fn ready(&self, root: &Path) -> bool {
        self.steps
            .iter()
            .all(|step| step.check(root, self).iter().all(|s| s.ready))
    }
}

/// Installs what `cargo xtask COMMAND` needs (`setup`: everything), printing each step.
pub fn run(root: &Path, command: &str) -> Result<()> {
    install(root, &Plan::for_command(command)?)
}

/// Installs what the plan lacks, one numbered step at a time, each with its time.
pub fn install(root: &Path, plan: &Plan) -> Result<()> {
    let started = Instant::now();
    let described: Vec<&str> = plan.needs.iter().map(|n| n.describe()).collect();
    println!(
        "== setup for `cargo xtask {}`: {} ==",
        plan.command,
        if described.is_empty() {
            "nothing to install".to_string()
        } else {
            described.join(", ")
        }
    );
    let (todo, warnings) = take_steps(root, plan)?;
    let left_out = plan.left_out();
    println!(
        "== setup for `cargo xtask {}`: {} in {}{}{} ==",
        plan.command,
        if todo == 0 {
            "everything was already there".to_string()
        } else {
            format!("installed {} of {todo} steps", todo - warnings)
        },
        took(started.elapsed()),
        if warnings == 0 {
            ""
        } else {
            " (with warnings above)"
        },
        if left_out.is_empty() {
            String::new()
        } else {
            format!(
                "; not needed here, so not installed: {}",
                left_out.join(", ")
            )
        }
    );
    Ok(())
}

/// Takes the steps of the plan that are not done yet, numbered, each with its time; returns
/// how many it took and how many of those only warned.
fn take_steps(root: &Path, plan: &Plan) -> Result<(usize, usize)> {
    let mut todo = Vec::new();
    for &step in &plan.steps {
        let statuses = step.check(root, plan);
        if statuses.iter().all(|s| s.ready) {
            for s in statuses {
                println!("ok: {} ({})", s.what, s.found);
            }
        } else {
            todo.push(step);
        }
    }
    let mut warnings = 0;
    for (n, &step) in todo.iter().enumerate() {
        println!(
            "[{}/{}] installing: {} ...",
            n + 1,
            todo.len(),
            step.name(root, plan)
        );
        let step_started = Instant::now();
        match step.install(root, plan) {
            Ok(()) => println!(
                "[{}/{}] done: {} in {}",
                n + 1,
                todo.len(),
                step.name(root, plan),
                took(step_started.elapsed())
            ),
            Err(error) => {
                let message = failure(root, plan, step, &error);
                if step.optional() {
                    println!("warning: {message}");
                    warnings += 1;
                } else {
                    return Err(anyhow!(message));
                }
            }
        }
    }
    Ok((todo.len(), warnings))
}

/// The message for a step that failed: what failed, what to do, and what still works.
fn failure(root: &Path, plan: &Plan, step: Step, error: &anyhow::Error) -> String {
    let still: Vec<String> = COMMANDS
        .iter()
        .filter(|(name, needs)| *name != "setup" && !step.wanted_by(needs))
        .map(|(name, _)| format!("`cargo xtask {name}`"))
        .collect();
    let mut message = format!(
        "could not install {}.\n  what failed: {error:#}\n  what to do: {}\n  works without it: {}",
        step.name(root, plan),
        step.remedy(),
        if still.is_empty() {
            "no command".to_string()
        } else {
            still.join(", ")
        }
    );
    if step == Chromium {
        message.push_str(", and every test that does not open a browser");
    }
    message
}

/// Prints the plan for `cargo xtask COMMAND`: each step with what is there, and what the
/// command leaves out. Installs nothing.
pub fn check(root: &Path, command: &str) -> Result<()> {
    let plan = Plan::for_command(command)?;
    println!("setup plan for `cargo xtask {command}` (--check installs nothing):");
    let mut missing = 0;
    let mut total = 0;
    for &step in &plan.steps {
        for status in step.check(root, &plan) {
            total += 1;
            if !status.ready {
                missing += 1;
            }
            println!(
                "  {:<10}{} ({})",
                if status.ready { "[ok]" } else { "[missing]" },
                status.what,
                status.found
            );
        }
    }
    let left_out = plan.left_out();
    if !left_out.is_empty() {
        println!(
            "not needed by `cargo xtask {command}`: {}",
            left_out.join(", ")
        );
    }
    if missing == 0 {
        println!("all {total} ready");
    } else if command == "setup" {
        println!("{missing} of {total} missing: `cargo xtask setup` installs them");
    } else {
        println!(
            "{missing} of {total} missing: `cargo xtask {command}` installs them on its first run \
             (`cargo xtask setup {command}` installs them and does nothing else)"
        );
    }
    Ok(())
}

/// Adds the WebAssembly target unless it is there: the first step of the live widgets' plan,
/// which `cargo xtask serve` takes on its own, to start compiling the module early.
pub fn install_wasm_target(root: &Path) -> Result<()> {
    let plan = Plan::steps("wasm", &[WasmTarget]);
    // Quiet when it is there: the plan installed next lists the target again and says "ok" once.
    if WasmTarget.check(root, &plan).iter().all(|s| s.ready) {
        return Ok(());
    }
    take_steps(root, &plan).map(|_| ())
}

/// A duration as people say it: "12.3 s", "4 min 06 s".
pub fn took(time: Duration) -> String {
    let seconds = time.as_secs_f64();
    if seconds < 60.0 {
        format!("{seconds:.1} s")
    } else {
        let whole = time.as_secs();
        format!("{} min {:02} s", whole / 60, whole % 60)
    }
}

fn installed_word(have: bool) -> &'static str {
    if have { "installed" } else { "not installed" }
}

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether `rustup ARGS` lists `name` (a component or target of the active toolchain).
fn rustup_has(args: &[&str], name: &str) -> bool {
    output(Command::new("rustup").args(args)).is_some_and(|list| {
        list.lines()
            .any(|l| l.trim() == name || l.starts_with(&format!("{name}-")))
    })
}

/// The version of the `wasm-bindgen` crate in `Cargo.lock`: the command-line tool must match
/// it exactly, or it refuses the module.
pub fn wasm_bindgen_version(root: &Path) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    locked_version(&lock, "wasm-bindgen").context("Cargo.lock has no wasm-bindgen package")
}

/// The version of package `name` in the text of a `Cargo.lock`.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return Some(version.trim_end_matches('"').to_string());
        }
    }
    None
}

/// The path of a tool: `$CARGO_HOME/bin` first (where `cargo install` puts it), then `PATH`.
pub fn tool(name: &str) -> PathBuf {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    if let Some(path) = cargo_home.map(|h| h.join("bin").join(name))
        && path.is_file()
    {
        return path;
    }
    PathBuf::from(name)
}

/// The version cargo's record (`cargo install --list`) has of package `name`, if any.
/// (evcxr_jupyter has no `--version` flag, so cargo's own record is the one check that fits all.)
fn cargo_installed(name: &str) -> Option<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let list = output(Command::new(&cargo).args(["install", "--list"])).unwrap_or_default();
    list.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} v")))
        .map(|rest| rest.trim_end_matches(':').to_string())
}

/// Whether package `name` is installed at `version` with its program `binary` in place.
fn cargo_status(name: &str, binary: &str, version: &str) -> Status {
    let have = cargo_installed(name);
    let ready = have.as_deref() == Some(version) && tool(binary).is_file();
    let found = match have {
        Some(v) if ready => format!("{v} in {}", tool(binary).display()),
        Some(v) => format!("found {v}"),
        None => "not installed".into(),
    };
    Status::new(format!("{name} {version}"), ready, found)
}

/// Installs a tool from crates.io unless it is already there at `version`.
pub fn cargo_tool(name: &str, version: &str) -> Result<()> {
    cargo_install(name, name, version, &[])
}

/// Like [`cargo_tool`], compiled with light optimisation (`opt-level = 1`). For mdBook: on a
/// fresh machine the reader waits for its compile before the first page, while its own work on
/// this book (Markdown to HTML, the search index) is a small part of a build that the
/// preprocessor's experiments dominate.
pub fn cargo_tool_lightly(name: &str, version: &str) -> Result<()> {
    cargo_install(
        name,
        name,
        version,
        &[("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")],
    )
}

/// Like [`cargo_tool`], for a package whose program has another name (`wasm-bindgen-cli`
/// installs `wasm-bindgen`).
pub fn cargo_tool_with_binary(name: &str, binary: &str, version: &str) -> Result<()> {
    cargo_install(name, binary, version, &[])
}

/// `cargo install --locked NAME --version VERSION`, with `env` for cargo, unless `binary` is
/// already there at `version`.
fn cargo_install(name: &str, binary: &str, version: &str, env: &[(&str, &str)]) -> Result<()> {
    let status = cargo_status(name, binary, version);
    if status.ready {
        println!("ok: {name} {version}");
        return Ok(());
    }
    println!("cargo install --locked {name} {version} ({})", status.found);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let install = |locked: bool| {
        let mut command = Command::new(&cargo);
        command.arg("install");
        if locked {
            command.arg("--locked");
        }
        command
            .args(["--force", name, "--version", version])
            .envs(env.iter().copied());
        exec(&mut command)
    };
    if let Err(e) = install(true) {
        // A tool's lockfile can name a dependency version the registry has since yanked;
        // the tool itself stays at the pinned version either way.
        println!("note: {e:#}; installing {name} {version} again with fresh dependency versions");
        install(false)?;
    }
    Ok(())
}

fn jupyter_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("JUPYTER_DATA_DIR") {
        return Some(dir.into());
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".local/share")))?;
    Some(data.join("jupyter"))
}

/// Whether the user's `rust` kernelspec (evcxr's own) runs the installed evcxr_jupyter.
fn user_kernelspec_ready() -> bool {
    let evcxr = tool("evcxr_jupyter");
    jupyter_data_dir()
        .and_then(|d| std::fs::read_to_string(d.join("kernels/rust/kernel.json")).ok())
        .is_some_and(|text| text.contains(&*evcxr.to_string_lossy()))
}

/// The project's own `rust` kernelspec: where it goes and what it says. It lives in the
/// virtual environment, which Jupyter started from that environment prefers to the user's; it
/// runs evcxr through `crates/xtask/kernel.py`, which gives each kernel a build folder kept
/// between starts, so a notebook's first cell does not compile the library again (see that
/// file).
fn project_kernelspec_text(root: &Path) -> Result<(PathBuf, String)> {
    let argv = [
        venv_bin(root, "python"),
        root.join("crates/xtask/kernel.py"),
        tool("evcxr_jupyter"),
    ]
    .map(|p| serde_json::Value::from(p.to_string_lossy().into_owned()));
    let spec = serde_json::json!({
        "argv": [argv[0], argv[1], argv[2], "{connection_file}"],
        "display_name": "Rust",
        "interrupt_mode": "message",
        "language": "rust",
    });
    let text = serde_json::to_string_pretty(&spec)? + "\n";
    Ok((
        root.join(".venv/share/jupyter/kernels/rust/kernel.json"),
        text,
    ))
}

/// Writes the project's kernelspec. The support files (logo, editor modes) are the ones
/// `evcxr_jupyter --install` wrote.
fn write_project_kernelspec(root: &Path) -> Result<()> {
    let (path, text) = project_kernelspec_text(root)?;
    let dir = path.parent().context("the kernelspec has a folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    if let Some(user) = jupyter_data_dir().map(|d| d.join("kernels/rust"))
        && let Ok(entries) = std::fs::read_dir(&user)
    {
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name != "kernel.json" {
                // Only the logo and editor support; a missing one costs nothing but looks.
                let _ = std::fs::copy(entry.path(), dir.join(name));
            }
        }
    }
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
}

/// Whether the kernel's first kept build folder holds a build (`kernel.py --is-warm` knows
/// where the pool is).
fn kernel_is_warm(root: &Path) -> bool {
    let python = venv_bin(root, "python");
    let python = if python.is_file() {
        python
    } else {
        PathBuf::from("python3")
    };
    Command::new(python)
        .arg(root.join("crates/xtask/kernel.py"))
        .arg("--is-warm")
        .output()
        .is_ok_and(|out| out.status.success())
}

/// A program inside the project's Python virtual environment.
pub fn venv_bin(root: &Path, name: &str) -> PathBuf {
    root.join(".venv/bin").join(name)
}

/// The record of a requirements file as last installed, to skip pip when it has not changed.
fn stamp(root: &Path, file: &str) -> PathBuf {
    root.join(".venv/installed").join(file)
}

/// The `name==version` pins of a requirements file, names as pip normalises them.
fn pins(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter_map(|line| line.split_once("=="))
        .map(|(name, version)| (normalise(name), version.trim().to_string()))
        .collect()
}

/// A Python package name as pip compares them: lower case, runs of `-`, `_`, `.` as one `-`.
fn normalise(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Every package installed in `.venv`, by normalised name, with its version.
fn venv_packages(root: &Path) -> HashMap<String, String> {
    let script = "import importlib.metadata as m, json\n\
                  print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))";
    let text = output(Command::new(venv_bin(root, "python")).args(["-c", script]));
    let found: HashMap<String, String> = text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    found
        .into_iter()
        .map(|(name, version)| (normalise(&name), version))
        .collect()
}

/// One status per requirements file: ready when it was installed as it reads now (its stamp)
/// and every pin is there at its version.
fn python_status(root: &Path, files: &[&str]) -> Vec<Status> {
    let have_python = venv_bin(root, "python").is_file();
    let installed = if have_python {
        venv_packages(root)
    } else {
        HashMap::new()
    };
    files
        .iter()
        .map(|file| {
            let what = format!("Python packages in .venv from {file}");
            let Ok(wanted) = std::fs::read_to_string(root.join(file)) else {
                return Status::new(what, false, format!("{file} is missing"));
            };
            let stamped =
                std::fs::read_to_string(stamp(root, file)).is_ok_and(|have| have == wanted);
            let mut all_there = true;
            let listed: Vec<String> = pins(&wanted)
                .into_iter()
                .map(|(name, version)| match installed.get(&name) {
                    Some(have) if *have == version => format!("{name} {have}"),
                    Some(have) => {
                        all_there = false;
                        format!("{name} {have}, wants {version}")
                    }
                    None => {
                        all_there = false;
                        format!("{name} {version} not installed")
                    }
                })
                .collect();
            let found = if have_python {
                listed.join(", ")
            } else {
                "no .venv yet".to_string()
            };
            Status::new(what, have_python && stamped && all_there, found)
        })
        .collect()
}

/// Creates `.venv` if needed and installs the plan's requirement files in one pip run, so the
/// resolver sees every pin at once; already installed ones cost pip a look.
fn install_python(root: &Path, files: &[&str]) -> Result<()> {
    if !venv_bin(root, "python").is_file() {
        println!("creating the Python virtual environment .venv");
        exec(
            Command::new("python3")
                .args(["-m", "venv"])
                .arg(root.join(".venv")),
        )
        .context("python3 with the venv module is needed")?;
    }
    let mut pip = Command::new(venv_bin(root, "python"));
    pip.args(["-m", "pip", "install", "--disable-pip-version-check"]);
    // pip prints a line per package; its progress bars only where a terminal shows them.
    if !std::io::stdout().is_terminal() {
        pip.args(["--progress-bar", "off"]);
    }
    for file in files {
        pip.arg("-r").arg(root.join(file));
    }
    exec(&mut pip)?;
    for file in files {
        let wanted =
            std::fs::read_to_string(root.join(file)).with_context(|| format!("reading {file}"))?;
        let path = stamp(root, file);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        std::fs::write(&path, wanted).context("writing the .venv stamp")?;
    }
    Ok(())
}

/// The axe-core version `tests/package-lock.json` pins.
fn axe_version(lock: &str) -> Option<String> {
    npm_version(lock, "axe-core")
}

/// The version of npm package `name` in a `package-lock.json` (or npm's record of what it
/// installed, which has the same form).
pub(crate) fn npm_version(lock: &str, name: &str) -> Option<String> {
    let key = format!("\"node_modules/{name}\"");
    let mut lines = lock.lines().skip_while(|l| !l.contains(&key));
    lines.find_map(|l| {
        l.trim()
            .strip_prefix("\"version\": \"")
            .map(|v| v.trim_end_matches([',', '"']).to_string())
    })
}

/// axe-core, the accessibility checker the browser tests run on every page, as npm's record of
/// what it installed says, against the lockfile.
fn axe_status(root: &Path) -> Status {
    let tests = root.join("tests");
    let lock = std::fs::read_to_string(tests.join("package-lock.json")).unwrap_or_default();
    let wanted = axe_version(&lock).unwrap_or_else(|| "?".into());
    let installed = std::fs::read_to_string(tests.join("node_modules/.package-lock.json"));
    let ready = installed
        .as_ref()
        .is_ok_and(|have| same_packages(have, &lock));
    let found = match installed {
        Ok(have) if ready => format!(
            "{} in tests/node_modules",
            axe_version(&have).unwrap_or_default()
        ),
        Ok(have) => format!("found {}", axe_version(&have).unwrap_or_else(|| "?".into())),
        Err(_) if on_path("npm") => "not installed".into(),
        Err(_) => "not installed, and npm is not on PATH".into(),
    };
    Status::new(format!("axe-core {wanted} (npm)"), ready, found)
}

/// Installs axe-core from the npm registry at the version pinned in `tests/package-lock.json`.
fn install_axe(root: &Path) -> Result<()> {
    if !on_path("npm") {
        bail!("npm is not installed (it comes with Node.js)");
    }
    exec(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(root.join("tests")),
    )
}

/// Whether npm's record of what it installed names the same versions as the lockfile.
pub(crate) fn same_packages(installed: &str, lock: &str) -> bool {
    let versions = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.trim_start().starts_with("\"version\""))
            .map(|l| l.trim().to_string())
            .collect()
    };
    // The lockfile also records the root package's own version first.
    let wanted = versions(lock);
    let have = versions(installed);
    !have.is_empty() && have.iter().all(|v| wanted.contains(v))
}

pub(crate) fn on_path(name: &str) -> bool {
    find_on_path(name).is_some()
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// Chromium and its WebDriver, for the browser tests: each program with the environment
/// variable that points the tests at another copy (see `tests/src/paths.rs`), and the Debian
/// package that provides it. (mold, the linker evcxr picks up when it is installed, is not
/// here: the benchmark measures no gain from it for the notebooks' cells.)
const BROWSER: [(&str, &str, &str); 2] = [
    ("chromium", "CHROMIUM", "chromium"),
    ("chromedriver", "CHROMEDRIVER", "chromium-driver"),
];

/// Where the tests will find a browser program: the environment variable, else `PATH`.
fn browser_program(program: &str, variable: &str) -> Option<PathBuf> {
    match std::env::var_os(variable) {
        Some(path) => Some(PathBuf::from(path)).filter(|p| p.is_file()),
        None => find_on_path(program),
    }
}

fn browser_status() -> Status {
    let mut ready = true;
    let mut found = Vec::new();
    for (program, variable, _) in BROWSER {
        match browser_program(program, variable) {
            Some(path) => {
                let version = output(Command::new(&path).arg("--version"))
                    .map(|v| v.trim().to_string())
                    .unwrap_or_else(|| "version unknown".into());
                found.push(format!("{version} at {}", path.display()));
            }
            None => {
                ready = false;
                found.push(format!("no {program} (on PATH or in ${variable})"));
            }
        }
    }
    Status::new("chromium and chromedriver", ready, found.join("; "))
}

/// Installs the missing browser programs with apt-get (Debian's own packages).
fn install_browser() -> Result<()> {
    let missing: Vec<&str> = BROWSER
        .iter()
        .filter(|(program, variable, _)| browser_program(program, variable).is_none())
        .map(|&(_, _, package)| package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !on_path("apt-get") {
        bail!(
            "apt-get is not available (not Debian or Ubuntu), so {} cannot be installed here",
            missing.join(" and ")
        );
    }
    println!("apt-get install {} (Debian packages)", missing.join(" "));
    let sudo = |args: &[&str]| {
        let mut cmd = if is_root() {
            Command::new(args[0])
        } else {
            let mut c = Command::new("sudo");
            c.arg(args[0]);
            c
        };
        cmd.args(&args[1..])
            .env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    // `-q` keeps apt's output to plain lines, readable in a log.
    exec(&mut sudo(&["apt-get", "update", "-q"]))?;
    let mut install = vec!["apt-get", "install", "-y", "-q"];
    install.extend(&missing);
    exec(&mut sudo(&install))
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `crates/xtask/kernel.py ARGS` with its pool in `pool`; returns whether it exited 0.
    fn kernel_py(pool: &Path, args: &[&str]) -> bool {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        Command::new("python3")
            .arg(root.join("crates/xtask/kernel.py"))
            .args(args)
            .env("GENAI_KERNEL_POOL", pool)
            .env_remove("GENAI_KERNEL_SETTINGS")
            .status()
            .expect("python3 runs kernel.py")
            .success()
    }

    #[test]
    fn a_build_folder_made_with_other_kernel_settings_is_not_warm() {
        let pool = std::env::temp_dir().join(format!("genai-pool-test-{}", std::process::id()));
        let first = pool.join("kernel-0");
        std::fs::create_dir_all(first.join("target")).unwrap();
        // A build from before the kernel's settings (no record of them): cells would rebuild.
        assert!(!kernel_py(&pool, &["--is-warm"]));
        std::fs::write(first.join("warm-settings.toml"), "[profile.dev]\n").unwrap();
        assert!(!kernel_py(&pool, &["--is-warm"]));
        let python = |expression: &str| {
            Command::new("python3")
                .args([
                    "-c",
                    &format!("import kernel, sys; sys.stdout.write({expression})"),
                ])
                .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
                .output()
                .unwrap()
                .stdout
        };
        // Today's settings, but a build from before the networks joined it: notebook 03's
        // networks would compile the tensor crate in a lesson.
        let settings = python("kernel.CARGO_SETTINGS");
        assert!(String::from_utf8_lossy(&settings).contains("[profile.dev]"));
        std::fs::write(first.join("warm-settings.toml"), settings).unwrap();
        assert!(!kernel_py(&pool, &["--is-warm"]));
        // The record `--warm` leaves: today's settings and every crate the notebooks load.
        let stamp = python("kernel.warm_stamp()");
        assert!(String::from_utf8_lossy(&stamp).contains("genai-neural"));
        std::fs::write(first.join("warm-settings.toml"), stamp).unwrap();
        assert!(kernel_py(&pool, &["--is-warm"]));
        std::fs::remove_dir_all(&pool).ok();
    }

    /// The class's shared build is the notebooks' warm build under another name, so setup copies
    /// it (seconds) instead of compiling it again through a kernel (minutes): checked here with a
    /// pretend warm build in a temporary folder of its own, which no kernel is ever started for.
    #[test]
    fn the_class_shared_build_is_copied_from_a_warm_build_made_with_the_same_settings() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .canonicalize()
            .unwrap();
        let scratch =
            std::env::temp_dir().join(format!("genai-prebuild-test-{}", std::process::id()));
        std::fs::remove_dir_all(&scratch).ok();
        std::fs::create_dir_all(&scratch).unwrap();
        let kernel_py = |args: &[&str]| {
            Command::new("python3")
                .arg(root.join("crates/xtask/kernel.py"))
                .args(args)
                // The notebooks' pool lives in the temporary folder; the hub's is chosen.
                .env("TMPDIR", &scratch)
                .env("GENAI_KERNEL_POOL", scratch.join("hub-pool"))
                .env_remove("GENAI_KERNEL_SETTINGS")
                .output()
                .expect("python3 runs kernel.py")
        };
        let stamp = Command::new("python3")
            .args([
                "-c",
                "import kernel, sys; sys.stdout.write(kernel.warm_stamp())",
            ])
            .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
            .output()
            .unwrap()
            .stdout;
        let uid = output(Command::new("id").arg("-u")).unwrap();
        let warm = scratch
            .join(format!("what-is-genai-kernels-{}", uid.trim()))
            .join("kernel-0");
        std::fs::create_dir_all(warm.join("target/debug")).unwrap();
        std::fs::write(warm.join("target/debug/libgenai_demos.rlib"), "compiled").unwrap();
        std::fs::write(warm.join("warm-settings.toml"), &stamp).unwrap();
        std::fs::write(warm.join("made-from.txt"), root.to_str().unwrap()).unwrap();
        assert!(!kernel_py(&["--is-prebuilt"]).status.success());

        let made = kernel_py(&["--prebuild", root.to_str().unwrap()]);
        let said = String::from_utf8_lossy(&made.stdout);
        assert!(made.status.success(), "{said}");
        assert!(
            said.contains("copied the notebook kernel's warm build"),
            "{said}"
        );
        let copied = scratch.join("hub-pool/prebuilt/target/debug/libgenai_demos.rlib");
        assert_eq!(std::fs::read_to_string(copied).unwrap(), "compiled");
        assert!(kernel_py(&["--is-prebuilt"]).status.success());
        // Nothing half-made is left beside it.
        let left: Vec<_> = std::fs::read_dir(scratch.join("hub-pool"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("prebuilt."))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        std::fs::remove_dir_all(&scratch).ok();
    }

    /// rust-analyzer (inside evcxr) is shown the standard library's sources without their
    /// cargo workspace file, through a view made once in the pool; the kernel's environment
    /// carries it and the allocator's setting, and a user's own value wins over either.
    #[test]
    fn the_kernel_shows_rust_analyzer_the_standard_library_without_its_workspace() {
        let scratch = std::env::temp_dir().join(format!("genai-view-test-{}", std::process::id()));
        std::fs::remove_dir_all(&scratch).ok();
        std::fs::create_dir_all(&scratch).unwrap();
        let python = |code: &str| {
            let out = Command::new("python3")
                .args([
                    "-c",
                    &format!("import kernel, os, sys\nfrom pathlib import Path\n{code}"),
                ])
                .env("SCRATCH", &scratch)
                .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
                .output()
                .expect("python3 imports kernel.py");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        };
        let made = "view = kernel.standard_library_view(Path(os.environ['SCRATCH']))\n";
        // `cargo xtask setup` installs the sources (`rust-src`), so the view is there.
        let first = python(&format!("{made}sys.stdout.write(str(view))"));
        let view = PathBuf::from(&first);
        assert!(view.join("core/src/lib.rs").is_file(), "{first}");
        assert!(view.join("std/src/lib.rs").is_file(), "{first}");
        assert!(!view.join("Cargo.toml").exists());
        assert!(!view.join("Cargo.lock").exists());
        // Made once: a second kernel finds the same view.
        assert_eq!(python(&format!("{made}sys.stdout.write(str(view))")), first);
        let env = |environ: &str| {
            python(&format!(
                "{made}env = kernel.kernel_env({environ}, None, view)\n\
                 sys.stdout.write(env.get('RUST_SRC_PATH', '-') + ' ' + \
                 env.get('MIMALLOC_ALLOW_THP', '-'))"
            ))
        };
        assert_eq!(env("{}"), format!("{first} 0"));
        assert_eq!(
            env("{'RUST_SRC_PATH': '/mine', 'MIMALLOC_ALLOW_THP': '1'}"),
            "/mine 1"
        );
        assert_eq!(env("{'GENAI_KERNEL_SETTINGS': 'evcxr'}"), "- -");
        std::fs::remove_dir_all(&scratch).ok();
    }

    #[test]
    fn the_locked_version_is_read_for_the_exact_name() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"9.9.9\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(lock, "wasm-bindgen-macro").as_deref(),
            Some("9.9.9")
        );
        assert_eq!(locked_version(lock, "serde"), None);
    }

    #[test]
    fn the_book_needs_no_kernel_no_python_and_no_browser() {
        let plan = Plan::for_command("serve").unwrap();
        assert_eq!(plan.steps, [Mdbook, WasmTarget, WasmBindgen]);
        assert!(plan.requirements.is_empty());
    }

    #[test]
    fn each_command_gets_the_python_files_of_its_needs() {
        let files = |command| Plan::for_command(command).unwrap().requirements;
        assert_eq!(files("lab"), ["requirements.txt"]);
        assert_eq!(
            files("grade"),
            ["requirements.txt", "requirements-grading.txt"]
        );
        assert_eq!(
            files("bench"),
            ["requirements.txt", "requirements-bench.txt"]
        );
        assert_eq!(files("test").len(), 4);
        assert_eq!(
            files("hub"),
            [
                "requirements.txt",
                "requirements-grading.txt",
                "requirements-hub.txt"
            ]
        );
        let hub = Plan::for_command("hub").unwrap().steps;
        assert!(hub.contains(&HubProxy) && hub.contains(&SharedBuild));
        assert!(
            !Plan::for_command("lab")
                .unwrap()
                .steps
                .contains(&SharedBuild)
        );
        assert!(!Plan::for_command("lab").unwrap().steps.contains(&Chromium));
        assert!(Plan::for_command("nonsense").is_err());
    }

    #[test]
    fn pins_are_read_with_the_names_pip_uses() {
        let text =
            "# a comment\njupyter_client==8.10.0  # why\n\nScikit-Learn==1.9.1\nnot-pinned\n";
        assert_eq!(
            pins(text),
            [
                ("jupyter-client".to_string(), "8.10.0".to_string()),
                ("scikit-learn".to_string(), "1.9.1".to_string())
            ]
        );
    }

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(took(Duration::from_millis(12_340)), "12.3 s");
        assert_eq!(took(Duration::from_secs(246)), "4 min 06 s");
    }

    #[test]
    fn the_axe_version_is_read_from_the_lockfile() {
        let lock = "{\n \"packages\": {\n  \"\": {\"version\": \"1.0.0\"},\n  \
                    \"node_modules/axe-core\": {\n   \"version\": \"4.14.1\",\n";
        assert_eq!(axe_version(lock).as_deref(), Some("4.14.1"));
    }
}
