//! Every input the fuzzers ever kept (`fuzz/regressions/<target>/`) and a few hand-picked seeds,
//! replayed through the same checks the fuzz targets run.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut inputs = 0;
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let data = std::fs::read(entry.path()).expect("reading a kept input");
            check(&data);
            inputs += 1;
        }
    }
    // Seeds every run checks, whether or not the fuzzers kept anything.
    for seed in [
        "",
        "\t",
        "spam\t",
        "\tham",
        "tune:\nC4/1",
        "R/0.5",
        "fn main() { let x = 'a'; }",
        "\"",
        "'",
        "r#\"",
        "é\u{0}\u{fffd}",
    ] {
        check(seed.as_bytes());
        inputs += 1;
    }
    inputs
}

#[test]
fn messages_inputs_replay() {
    assert!(replay("messages", targets::messages) > 0);
}

#[test]
fn text_inputs_replay() {
    assert!(replay("text", targets::text) > 0);
}

#[test]
fn code_inputs_replay() {
    assert!(replay("code", targets::code) > 0);
}

#[test]
fn tune_inputs_replay() {
    assert!(replay("tunes", targets::tunes) > 0);
}
