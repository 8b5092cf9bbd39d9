//! The notebooks as a student meets them: JupyterLab started by `cargo xtask lab`, in real
//! headless Chromium, cells run from the page with Shift+Enter. Chapter 1 opens in the
//! project's Rust kernel and draws its first chart as SVG, chapter 2 gives an audio player,
//! no cell shows an error, and the student's version of an exercise notebook (made by nbgrader)
//! keeps its locked cells read-only and shows the panic of a `todo!()` in words.
//!
//! JupyterLab runs on copies in a scratch folder, with its settings and runtime files there too,
//! so the committed notebooks and the user's Jupyter settings are never touched.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_e2e::jupyterlab::Lab;
use genai_e2e::paths::{root, scratch, venv_python};
use genai_e2e::webdriver::{Browser, keys};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The chapter notebook whose first chart is drawn.
const CHAPTER_1: &str = "01-telling-apart-vs-creating.ipynb";
/// The chapter notebook with the audio player.
const CHAPTER_2: &str = "02-modalities.ipynb";
/// The exercise notebook whose student version is opened.
const EXERCISE: &str = "01-telling-apart.ipynb";
/// How long one step may hang: the first cell may compile the library (a minute or more on a
/// busy 2-core machine). A bound on a hang, not a speed target.
const HANG: Duration = Duration::from_secs(420);

fn read_notebook(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A copy of a notebook without outputs, so whatever the page shows came from running it here.
fn without_outputs(mut nb: Value) -> Value {
    for cell in nb["cells"].as_array_mut().unwrap() {
        if cell["cell_type"] == "code" {
            cell["outputs"] = json!([]);
            cell["execution_count"] = Value::Null;
        }
    }
    nb
}

/// The index of the first cell whose committed outputs contain `needle`.
fn first_output_with(nb: &Value, needle: &str) -> usize {
    nb["cells"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["outputs"].to_string().contains(needle))
        .unwrap_or_else(|| panic!("no committed output contains {needle}"))
}

/// The index of the cell with nbgrader id `grade_id`.
fn cell_with_id(nb: &Value, grade_id: &str) -> usize {
    nb["cells"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["metadata"]["nbgrader"]["grade_id"] == grade_id)
        .unwrap_or_else(|| panic!("no cell {grade_id}"))
}

/// The folder JupyterLab shows: copies of the two chapter notebooks without outputs, and the
/// student version of the exercises (`grading.py assign`, nbgrader's generate_assignment) in
/// `exercises/`. A link to the repository's `crates/` sits beside it, so the notebooks'
/// `:dep` paths (`../crates/genai-demos`, `../../crates/genai-demos`) reach the library, as
/// they do in a clone.
fn student_folder(dir: &Path) -> PathBuf {
    let folder = dir.join("notebooks");
    std::fs::create_dir_all(&folder).unwrap();
    std::os::unix::fs::symlink(root().join("crates"), dir.join("crates")).unwrap();
    for name in [CHAPTER_1, CHAPTER_2] {
        let nb = without_outputs(read_notebook(&root().join("notebooks").join(name)));
        std::fs::write(
            folder.join(name),
            serde_json::to_string_pretty(&nb).unwrap(),
        )
        .unwrap();
    }
    let out = Command::new(venv_python().unwrap())
        .arg(root().join("crates/xtask/grading.py"))
        .args(["assign", "--out"])
        .arg(folder.join("exercises"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "grading.py assign failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    folder
}

/// Runs `script` in the page until it returns something other than null or false, and returns
/// that. A result with an `error` field stops the test at once with it.
fn wait_for(browser: &Browser, what: &str, script: &str, args: Value) -> Value {
    let since = Instant::now();
    loop {
        let found = browser.execute(script, args.clone()).unwrap();
        if let Some(error) = found.get("error") {
            panic!("{what}: {error}");
        }
        if !found.is_null() && found != false {
            return found;
        }
        if since.elapsed() > HANG {
            let cells = browser
                .execute(&format!("{CELLS} {DESCRIBE}"), json!([]))
                .unwrap();
            panic!("{what}: not within {HANG:?}; the cells show {cells:#}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The notebook panel on show and its cells, for the scripts below.
const CELLS: &str = "const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
        .find((p) => !p.classList.contains('lm-mod-hidden') && p.offsetParent !== null);
    const cells = panel ? [...panel.querySelectorAll('.jp-Notebook .jp-Cell')] : [];";

/// What each code cell shows (its prompt and the start of its output), to explain a failure.
const DESCRIBE: &str = "return cells.filter((c) => c.classList.contains('jp-CodeCell')).map((c) =>
    c.querySelector('.jp-InputPrompt').textContent + ' ' + c.querySelector('.jp-OutputArea').innerHTML.slice(0, 300));";

/// Opens `path` in JupyterLab, waits until its kernel is idle, and returns the kernel name the
/// toolbar shows.
fn open(browser: &Browser, lab: &Lab, path: &str) -> String {
    browser.goto(&lab.open_url(path)).unwrap();
    let shown = wait_for(
        browser,
        &format!("{path} opens with an idle kernel"),
        &format!(
            "{CELLS}
            if (cells.length === 0) return null;
            const dialog = document.querySelector('.jp-Dialog');
            if (dialog) return {{ error: 'a dialog: ' + dialog.innerText }};
            const name = panel.querySelector('.jp-KernelName');
            const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
            // Until the kernel has started, the toolbar says 'No Kernel' and 'idle'.
            const shown = name ? name.innerText.trim() : '';
            if (!status || status.dataset.status !== 'idle' || ['', 'No Kernel'].includes(shown)) return null;
            return shown;"
        ),
        json!([]),
    );
    shown.as_str().unwrap().to_string()
}

/// Selects the first cell and presses Shift+Enter `count` times, as a student runs the cells
/// one after another from the top.
fn run_from_top(browser: &Browser, count: usize) {
    let first = browser
        .find(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell .jp-InputPrompt")
        .unwrap();
    browser.click(&first).unwrap();
    for _ in 0..count {
        browser.press(&[keys::SHIFT, keys::ENTER]).unwrap();
    }
}

/// Waits until the code cells up to `last` have run, failing at once if one shows an error, and
/// returns what `check` (a script on `cells[last]`, called `cell`) finds there.
fn wait_for_cells(browser: &Browser, what: &str, last: usize, check: &str) -> Value {
    wait_for(
        browser,
        what,
        &format!(
            "{CELLS}
            const last = arguments[0];
            for (const [i, c] of cells.slice(0, last + 1).entries()) {{
                const error = c.querySelector('[data-mime-type=\"application/vnd.jupyter.stderr\"]');
                if (error) return {{ error: `cell ${{i}} shows an error: ${{error.textContent}}` }};
            }}
            const pending = cells.slice(0, last + 1).filter((c) => c.classList.contains('jp-CodeCell'))
                .some((c) => !/\\[\\d+\\]/.test(c.querySelector('.jp-InputPrompt').textContent));
            if (pending) return null;
            const cell = cells[last];
            {check}"
        ),
        json!([last]),
    )
}

/// Waits as [`wait_for_cells`] does until cell `last` holds an element that matches `selector`
/// and for which `ready` (JavaScript, the element is `found`) holds; returns the element's size
/// on the page with the fields of `report` (a JavaScript object literal).
fn wait_for_output(
    browser: &Browser,
    what: &str,
    last: usize,
    [selector, ready, report]: [&str; 3],
) -> Value {
    wait_for_cells(
        browser,
        what,
        last,
        &format!(
            "const found = cell.querySelector('{selector}');
            if (!found || !({ready})) return null;
            const box = found.getBoundingClientRect();
            return Object.assign({{ width: box.width, height: box.height }}, {report});"
        ),
    )
}

/// Opens chapter notebook `name` in a new browser, checks that it runs in the project's
/// kernel, runs its cells from the top to the first whose committed output contains `needle`,
/// and returns what [`wait_for_output`] finds there, and when (since `cargo xtask lab`
/// started). Then it shuts the kernel down, which frees its build folder for the next one.
fn run_chapter(
    lab: &Lab,
    name: &str,
    needle: &str,
    what: &str,
    output: [&str; 3],
) -> (Value, Duration) {
    let last = first_output_with(&read_notebook(&root().join("notebooks").join(name)), needle);
    let browser = Browser::start().unwrap();
    let shown = open(&browser, lab, name);
    assert_eq!(shown, "Rust", "{name}: the toolbar shows kernel {shown:?}");
    assert_project_kernel(lab, name, &shown);
    run_from_top(&browser, last + 1);
    let found = wait_for_output(&browser, what, last, output);
    let when = lab.started.elapsed();
    drop(browser);
    lab.shut_down_kernels().unwrap();
    (found, when)
}

/// Checks, in the API, that the kernel of the notebook at `path` is the project's own `rust`
/// kernelspec (it runs `crates/xtask/kernel.py`) and that its name is what the toolbar shows.
fn assert_project_kernel(lab: &Lab, path: &str, shown: &str) {
    let sessions = lab.get("/api/sessions").unwrap();
    let session = sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["path"] == path)
        .unwrap_or_else(|| panic!("no session for {path}: {sessions}"));
    let kernel = session["kernel"]["name"].as_str().unwrap();
    let specs = lab.get("/api/kernelspecs").unwrap();
    let spec = &specs["kernelspecs"][kernel]["spec"];
    let launcher = root().join("crates/xtask/kernel.py");
    assert!(
        spec["argv"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| Path::new(a.as_str().unwrap()) == launcher),
        "{path} runs kernel `{kernel}`, not the project's: {spec}"
    );
    assert_eq!(
        spec["display_name"], shown,
        "the toolbar names another kernel"
    );
}

#[test]
fn a_student_runs_the_notebooks_in_jupyterlab() {
    let committed: Vec<(PathBuf, Vec<u8>)> = [CHAPTER_1, CHAPTER_2]
        .iter()
        .map(|n| root().join("notebooks").join(n))
        .chain([root().join("notebooks/exercises").join(EXERCISE)])
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    let dir = scratch("jupyterlab").unwrap();
    let folder = student_folder(&dir);
    let lab = Lab::start(&folder, &dir).unwrap();
    let answering = lab.started.elapsed();

    // Chapter 1: the project's kernel, and the cells up to the first chart.
    let (drawn, first_chart) = run_chapter(
        &lab,
        CHAPTER_1,
        "image/svg+xml",
        "chapter 1 draws its first chart",
        [
            ".jp-RenderedSVG img",
            "found.complete",
            "{ src: found.src.slice(0, 30), natural: found.naturalWidth }",
        ],
    );
    assert!(
        drawn["src"]
            .as_str()
            .unwrap()
            .starts_with("data:image/svg+xml"),
        "the chart is not an SVG: {drawn}"
    );
    assert!(
        drawn["natural"].as_f64().unwrap() > 0.0 && drawn["width"].as_f64().unwrap() > 200.0,
        "the chart is not drawn: {drawn}"
    );
    println!(
        "cargo xtask lab to JupyterLab answering: {:.1} s; to the first chart drawn in the page: {:.1} s",
        answering.as_secs_f64(),
        first_chart.as_secs_f64()
    );

    // Chapter 2: the cells up to the first audio player.
    let (player, _) = run_chapter(
        &lab,
        CHAPTER_2,
        "<audio",
        "chapter 2 gives an audio player",
        [
            ".jp-OutputArea-output audio",
            "found.readyState >= 1",
            "{ controls: found.controls, src: found.src.slice(0, 20), seconds: found.duration }",
        ],
    );
    assert_eq!(
        player["controls"], true,
        "the player has no controls: {player}"
    );
    assert_eq!(player["src"], "data:audio/wav;base6", "{player}");
    assert!(player["seconds"].as_f64().unwrap() > 1.0, "{player}");
    assert!(player["width"].as_f64().unwrap() > 100.0, "{player}");

    // The student's exercise notebook: locked cells read-only, and a `todo!()` that explains.
    let path = format!("exercises/{EXERCISE}");
    let student = read_notebook(&folder.join(&path));
    // nbgrader marks a locked cell `editable: false`; JupyterLab makes its editor read-only.
    let locked: Vec<bool> = student["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["cell_type"] == "code")
        .map(|c| c["metadata"]["editable"] == false)
        .collect();
    assert!(locked.iter().any(|l| *l) && !locked.iter().all(|l| *l));
    let test = cell_with_id(&student, "test_sigmoid");
    let browser = Browser::start().unwrap();
    open(&browser, &lab, &path);
    // CodeMirror marks a read-only editor `aria-readonly`, which screen readers announce too. An
    // editor is made when its cell first scrolls into view, so each cell is brought there.
    let read_only = wait_for(
        &browser,
        "every code cell has its editor",
        &format!(
            "{CELLS}
            const code = cells.filter((c) => c.classList.contains('jp-CodeCell'));
            const missing = code.find((c) => !c.querySelector('.cm-content'));
            if (missing) {{ missing.scrollIntoView(); return null; }}
            return code.map((c) => c.querySelector('.cm-content').getAttribute('aria-readonly') === 'true');"
        ),
        json!([]),
    );
    assert_eq!(
        read_only,
        json!(locked),
        "the page's read-only cells differ from nbgrader's locked ones"
    );
    run_from_top(&browser, test + 1);
    let panic = wait_for(
        &browser,
        "the todo!() test cell shows its panic",
        &format!(
            "{CELLS}
            const cell = cells[arguments[0]];
            const text = cell.querySelector('.jp-OutputArea') ? cell.querySelector('.jp-OutputArea').textContent : '';
            return text.includes('not yet implemented') ? text : null;"
        ),
        json!([test]),
    );
    println!("the student sees: {panic}");
    drop(browser);
    drop(lab);

    for (path, bytes) in committed {
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{} changed",
            path.display()
        );
    }
}
