//! A class on one server (`cargo xtask hub`): the real JupyterHub, two students signing in and
//! running a notebook at the same time through the hub's REST API and the kernel's websocket,
//! and an exercise released and collected through nbgrader's exchange; then the files that
//! take the hub to a cluster (`deploy/`), checked against the project's pins.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_e2e::paths::{root, scratch, venv_python};
use std::process::Command;
use std::time::{Duration, Instant};

/// A bound on a hang, not a speed target: a cold, busy machine can take minutes.
const BOUND: Duration = Duration::from_secs(20 * 60);

/// The processes that still carry the hub's mark in their environment.
fn left_over(hub_id: &str) -> Vec<u32> {
    let mark = format!("GENAI_HUB_ID={hub_id}");
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|b| *b == 0).any(|item| item == mark.as_bytes()))
        })
        .collect()
}

#[test]
fn two_students_run_a_notebook_on_the_hub_and_hand_in_an_exercise() {
    let dir = scratch("hub").unwrap();
    let report_path = dir.join("report.json");
    let started = Instant::now();
    // hub.py starts the hub on free ports in `dir`, and stops it and every process it started
    // when it ends, also when it fails or is stopped (SIGTERM).
    let mut child = Command::new(venv_python().unwrap())
        .arg(root().join("crates/xtask/hub.py"))
        .args(["check", "--dir"])
        .arg(dir.join("hub"))
        .arg("--out")
        .arg(&report_path)
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > BOUND {
            // SIGTERM: hub.py stops the hub and its processes before it exits.
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
            panic!("the hub check did not end within {BOUND:?}");
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    println!(
        "hub test: the hub, two students and the exchange took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(status.success(), "hub.py check failed ({status})");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();

    for student in ["alice", "bob"] {
        let ran = &report["students"][student];
        assert_eq!(
            ran["cells_run"], ran["cells"],
            "{student} did not run every cell: {ran}"
        );
        assert!(ran["cells"].as_u64().unwrap() > 0);
        assert_eq!(ran["errors"], serde_json::json!([]), "{student}: {ran}");
        // The outputs each student got equal the committed notebook's.
        assert_eq!(ran["stale"], serde_json::json!([]), "{student}: {ran}");
        assert_eq!(report["exchange"][student], "submitted", "{report}");
        // The instructor collected each student's own notebook (it carries their name).
        assert_eq!(report["collected"][student], student, "{report}");
    }
    let hub_id = report["hub_id"].as_str().unwrap();
    assert!(!hub_id.is_empty());
    let left = left_over(hub_id);
    assert!(
        left.is_empty(),
        "processes of the hub left running: {left:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A value after `prefix` on a line of `text` (`FROM rust:`, `ARG EVCXR_VERSION=`).
fn after<'a>(text: &'a str, prefix: &str) -> &'a str {
    text.lines()
        .find_map(|line| line.trim().strip_prefix(prefix))
        .unwrap_or_else(|| panic!("no line starting with {prefix:?}"))
        .trim()
}

/// A Kubernetes quantity of memory in bytes ("1.5G", "3Gi").
fn bytes(quantity: &serde_json::Value) -> f64 {
    let text = quantity.as_str().unwrap();
    let (number, unit) = text.split_at(text.find(|c: char| c.is_ascii_alphabetic()).unwrap());
    let scale = match unit {
        "G" => 1e9,
        "Gi" => f64::from(1u32 << 30),
        "M" => 1e6,
        "Mi" => f64::from(1u32 << 20),
        other => panic!("unit {other}"),
    };
    number.parse::<f64>().unwrap() * scale
}

/// The user image and the chart's settings cannot be built here (no container engine, no
/// Kubernetes): what can be checked is that they say what the project pins.
#[test]
fn the_cluster_files_match_the_projects_pins() {
    let read = |path: &str| std::fs::read_to_string(root().join(path)).unwrap();
    let docker = read("deploy/Dockerfile");
    // The Rust kernel at the version setup installs, a toolchain the workspace accepts.
    let setup = read("crates/xtask/src/setup.rs");
    let evcxr = after(&setup, "pub const EVCXR_VERSION: &str = ").trim_matches([';', '"']);
    assert_eq!(after(&docker, "ARG EVCXR_VERSION="), evcxr);
    let image = after(&docker, "FROM rust:");
    let version: Vec<u32> = image
        .split('-')
        .next()
        .unwrap()
        .split('.')
        .map(|n| n.parse().unwrap())
        .collect();
    let workspace = read("Cargo.toml");
    let wanted: Vec<u32> = after(&workspace, "rust-version = ")
        .trim_matches('"')
        .split('.')
        .map(|n| n.parse().unwrap())
        .collect();
    assert!(version >= wanted, "rust:{image} is older than {wanted:?}");
    // Jupyter, nbgrader and the single-user server from the pinned files, the shared build.
    for file in [
        "requirements.txt",
        "requirements-grading.txt",
        "requirements-hub.txt",
    ] {
        assert!(docker.contains(&format!("-r {file}")), "{file}");
        assert!(root().join(file).is_file());
    }
    assert!(docker.contains("kernel.py --prebuild"));
    let pool = after(&docker, "GENAI_KERNEL_POOL=");

    // The chart's settings, read by a YAML parser (PyYAML, in the project's environment).
    let out = Command::new(venv_python().unwrap())
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
        ])
        .arg(root().join("deploy/values.yaml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let values: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let user = &values["singleuser"];
    assert_eq!(user["extraEnv"]["GENAI_KERNEL_POOL"], pool);
    let page = user["defaultUrl"].as_str().unwrap();
    let notebook = page.strip_prefix("/lab/tree/").unwrap();
    assert!(root().join(notebook).is_file(), "{page}");
    assert!(bytes(&user["memory"]["guarantee"]) <= bytes(&user["memory"]["limit"]));
    assert!(user["cpu"]["guarantee"].as_f64().unwrap() <= user["cpu"]["limit"].as_f64().unwrap());
    // The chart must run the JupyterHub the image's single-user server was made for.
    let hub = after(&read("requirements-hub.txt"), "jupyterhub==").to_string();
    let minor: Vec<&str> = hub.split('.').take(2).collect();
    assert!(
        read("deploy/values.yaml").contains(&format!("JupyterHub {}", minor.join("."))),
        "values.yaml must name the JupyterHub release of requirements-hub.txt ({hub})"
    );
    // The proxy's npm pin and its lockfile agree.
    let package = read("crates/xtask/hub/package.json");
    let lock = read("crates/xtask/hub/package-lock.json");
    let pinned = after(&package, "\"configurable-http-proxy\": ").trim_matches('"');
    assert!(lock.contains(&format!(
        "\"node_modules/configurable-http-proxy\": {{\n      \"version\": \"{pinned}\""
    )));
}
