//! No module of the library imports a module that imports it back.
//!
//! A newcomer reads the library from the bottom up: `error`, `math` and `random` first, then the
//! data, then the models built on them, then the charts. That order only exists if the imports
//! never go round in a circle. This test reads every `crate::...` path in the sources (the tests
//! inside a module, under `#[cfg(test)]`, included), builds the graph
//! of which module uses which, and fails naming the modules of any circle it finds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, with its module path (`generate/ngram.rs` is `generate::ngram`,
/// `generate/mod.rs` is `generate`, `lib.rs` is the crate itself, the empty path).
fn modules(root: &Path, dir: &Path, found: &mut BTreeMap<String, PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            modules(root, &path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(root).expect("under the root");
            let mut parts: Vec<String> = relative
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts
                .last()
                .is_some_and(|last| last == "mod" || last == "lib")
            {
                parts.pop();
            }
            found.insert(parts.join("::"), path);
        }
    }
}

/// The source without comments and string contents. Test code (`#[cfg(test)]` modules) stays:
/// a test that imports a module which imports the tested one back is a circle too.
fn code_only(source: &str) -> String {
    // A quote as a character is not the start of a string.
    let source = source.replace("'\\\"'", "' '").replace("'\"'", "' '");
    let mut code = String::new();
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        code.push('\n');
                        break;
                    }
                }
            }
            'r' if chars.peek() == Some(&'#') => {
                // A raw string, r#"..."#: skip to its closing quote and hash.
                code.push('r');
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '"' && c == '#' {
                        break;
                    }
                    last = c;
                }
                code.push_str("\"\"");
            }
            '"' => {
                code.push('"');
                while let Some(c) = chars.next() {
                    if c == '\\' {
                        chars.next();
                    } else if c == '"' {
                        break;
                    }
                }
                code.push('"');
            }
            _ => code.push(c),
        }
    }
    code
}

/// Reads one path after `crate::` starting at `at`, following `{a, b::c}` groups, and adds every
/// full path it names to `paths`. Returns where the path ends.
fn read_path(
    code: &[char],
    mut at: usize,
    prefix: Vec<String>,
    paths: &mut Vec<Vec<String>>,
) -> usize {
    let skip_space = |at: &mut usize| {
        while *at < code.len() && code[*at].is_whitespace() {
            *at += 1;
        }
    };
    let mut path = prefix;
    loop {
        skip_space(&mut at);
        if at < code.len() && code[at] == '{' {
            at += 1;
            loop {
                skip_space(&mut at);
                if at >= code.len() {
                    return at;
                }
                if code[at] == '}' {
                    return at + 1;
                }
                at = read_path(code, at, path.clone(), paths);
                skip_space(&mut at);
                if at < code.len() && code[at] == ',' {
                    at += 1;
                }
            }
        }
        let start = at;
        while at < code.len() && (code[at].is_alphanumeric() || code[at] == '_') {
            at += 1;
        }
        if at == start {
            paths.push(path);
            return at;
        }
        path.push(code[start..at].iter().collect());
        if code.get(at) == Some(&':') && code.get(at + 1) == Some(&':') {
            at += 2;
        } else {
            paths.push(path);
            return at;
        }
    }
}

/// Which modules each module uses through `crate::` paths.
fn graph(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut found = BTreeMap::new();
    modules(root, root, &mut found);
    let mut uses = BTreeMap::new();
    for (module, file) in &found {
        let source = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let code: Vec<char> = code_only(&source).chars().collect();
        let mut paths = Vec::new();
        let mut at = 0;
        while at + 7 <= code.len() {
            let word_start = at == 0 || !(code[at - 1].is_alphanumeric() || code[at - 1] == '_');
            if word_start && code[at..at + 7].iter().collect::<String>() == "crate::" {
                at = read_path(&code, at + 7, Vec::new(), &mut paths);
            } else {
                at += 1;
            }
        }
        let mut used = BTreeSet::new();
        for path in paths {
            // The longest leading part of the path that is a module is the module used.
            let target = (1..=path.len())
                .rev()
                .map(|k| path[..k].join("::"))
                .find(|candidate| found.contains_key(candidate));
            if let Some(target) = target
                && target != *module
                && !module.starts_with(&format!("{target}::"))
            {
                used.insert(target);
            }
        }
        uses.insert(module.clone(), used);
    }
    uses
}

/// A circle of modules, each using the next and the last using the first, if there is one.
fn find_cycle(uses: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    // Depth-first search: a module met again while still on the current path closes a circle.
    fn visit(
        module: &str,
        uses: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| m == module) {
            return Some(path[at..].to_vec());
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_string());
        for next in uses.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, uses, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for module in uses.keys() {
        if let Some(cycle) = visit(module, uses, &mut Vec::new(), &mut done) {
            return Some(cycle);
        }
    }
    None
}

fn library() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let uses = graph(&library());
    assert!(uses.len() > 20, "the graph missed the modules: {uses:?}");
    if let Some(cycle) = find_cycle(&uses) {
        panic!(
            "these modules import each other in a circle: {} -> {}",
            cycle.join(" -> "),
            cycle[0]
        );
    }
}

#[test]
fn the_reader_sees_uses_through_groups_and_tests_and_ignores_comments() {
    let source = "use crate::a::{b, c::{d, e}};\n// crate::zz\nfn f() { crate::g::h(); }\n\
                  #[cfg(test)]\nmod tests { use crate::t; }\n";
    let code: Vec<char> = code_only(source).chars().collect();
    let text: String = code.iter().collect();
    assert!(
        !text.contains("zz") && text.contains("use crate::t;"),
        "{text}"
    );
    let mut paths = Vec::new();
    let start = text.find("crate::").expect("a path") + 7;
    read_path(&code, start, Vec::new(), &mut paths);
    let joined: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(joined, ["a::b", "a::c::d", "a::c::e"]);

    let mut circle = BTreeMap::new();
    circle.insert("x".to_string(), BTreeSet::from(["y".to_string()]));
    circle.insert("y".to_string(), BTreeSet::from(["x".to_string()]));
    circle.insert("z".to_string(), BTreeSet::new());
    assert_eq!(
        find_cycle(&circle),
        Some(vec!["x".to_string(), "y".to_string()])
    );
    circle.insert("y".to_string(), BTreeSet::new());
    assert_eq!(find_cycle(&circle), None);
}
