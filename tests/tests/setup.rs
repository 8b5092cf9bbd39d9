//! Each command installs what it needs and no more: the plan `cargo xtask setup --check COMMAND`
//! prints (which installs nothing) is read line by line. A reader who runs `cargo xtask serve`
//! must not wait for the notebooks' kernel, the grader, the benchmark's libraries or a browser;
//! a student who runs `cargo xtask lab` must not wait for a browser.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_e2e::paths::root;
use std::process::Command;

/// The steps of the plan for `command`, one line each (`  [ok] ...` or `  [missing] ...`),
/// lower-cased.
fn plan(command: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "run", "-q", "-p", "xtask", "--", "setup", "--check", command,
        ])
        .current_dir(root())
        .output()
        .expect("running cargo xtask setup --check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "cargo xtask setup --check {command} failed:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let steps: Vec<String> = stdout
        .lines()
        .filter(|line| line.starts_with("  [ok]") || line.starts_with("  [missing]"))
        .map(str::to_lowercase)
        .collect();
    assert!(!steps.is_empty(), "no plan was printed:\n{stdout}");
    steps
}

/// Whether any step of the plan mentions `word`.
fn mentions(steps: &[String], word: &str) -> bool {
    steps.iter().any(|step| step.contains(word))
}

#[test]
fn serve_plans_the_book_and_its_live_widgets_and_nothing_else() {
    let steps = plan("serve");
    assert!(
        mentions(&steps, "mdbook"),
        "serve must plan mdbook: {steps:#?}"
    );
    assert!(
        mentions(&steps, "wasm-bindgen"),
        "serve must plan what the live widgets need: {steps:#?}"
    );
    for other in [
        "evcxr",
        "jupyter",
        "python",
        "nbgrader",
        "scikit-learn",
        "nltk",
        "chromium",
        "chromedriver",
        "axe-core",
    ] {
        assert!(
            !mentions(&steps, other),
            "serve plans {other}, which the book does not need: {steps:#?}"
        );
    }
}

#[test]
fn lab_plans_the_kernel_and_jupyter_and_no_browser() {
    let steps = plan("lab");
    for needed in ["evcxr", "requirements.txt", "kernelspec"] {
        assert!(
            mentions(&steps, needed),
            "lab must plan {needed}: {steps:#?}"
        );
    }
    for other in [
        "chromium",
        "chromedriver",
        "axe-core",
        "nbgrader",
        "requirements-bench",
    ] {
        assert!(
            !mentions(&steps, other),
            "lab plans {other}, which the notebooks do not need: {steps:#?}"
        );
    }
}

#[test]
fn setup_with_no_command_plans_everything() {
    let steps = plan("setup");
    for needed in [
        "mdbook",
        "wasm-bindgen",
        "evcxr",
        "requirements-grading.txt",
        "requirements-bench.txt",
        "chromium",
        "axe-core",
    ] {
        assert!(
            mentions(&steps, needed),
            "setup must plan {needed}: {steps:#?}"
        );
    }
}

#[test]
fn hub_plans_jupyterhub_its_proxy_and_the_shared_build_and_lab_does_not() {
    let steps = plan("hub");
    for needed in [
        "evcxr",
        "requirements-hub.txt",
        "requirements-grading.txt",
        "configurable-http-proxy",
        "shared build",
    ] {
        assert!(
            mentions(&steps, needed),
            "hub must plan {needed}: {steps:#?}"
        );
    }
    let lab = plan("lab");
    for other in [
        "requirements-hub",
        "configurable-http-proxy",
        "shared build",
    ] {
        assert!(
            !mentions(&lab, other),
            "lab plans {other}, which only the hub needs: {lab:#?}"
        );
    }
}
