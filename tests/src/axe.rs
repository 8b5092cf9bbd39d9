//! axe-core, the accessibility checker, run on what the browser shows right now. The tests
//! fail on its serious and critical findings.

use crate::paths::root;
use crate::webdriver::Browser;
use anyhow::{Context, Result};
use serde_json::{Value, json};

/// Every axe violation in `scope` (a CSS selector; `None` is the whole page), each as
/// `{id, impact, help, nodes}` with up to three of the nodes it found.
pub fn violations(browser: &Browser, scope: Option<&str>) -> Result<Vec<Value>> {
    let axe = std::fs::read_to_string(root().join("tests/node_modules/axe-core/axe.min.js"))
        .context("axe-core is missing: run `cargo xtask setup`")?;
    browser.script_timeout(60)?;
    browser.execute(&format!("{axe}\nreturn true;"), json!([]))?;
    let found = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         const scope = arguments[0] ? document.querySelector(arguments[0]) : document;
         axe.run(scope, { resultTypes: ['violations'] }).then((r) => done(
             r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))));",
        json!([scope]),
    )?;
    Ok(found.as_array().cloned().unwrap_or_default())
}

/// The serious and critical ones among `violations`.
pub fn serious(violations: &[Value]) -> Vec<Value> {
    violations
        .iter()
        .filter(|v| v["impact"] == "serious" || v["impact"] == "critical")
        .cloned()
        .collect()
}

/// The serious and critical violations in `scope` (see [`violations`]).
pub fn problems(browser: &Browser, scope: Option<&str>) -> Result<Vec<Value>> {
    Ok(serious(&violations(browser, scope)?))
}
