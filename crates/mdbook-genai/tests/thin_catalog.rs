//! The catalog stays thin: it maps names to the library's results and writes their HTML, and
//! the experiments themselves live in `genai_demos::experiments`. When the chapters' experiments
//! were written in the catalog, its files held about 3,400 lines; moving them into the library
//! promised at most a third of that. A catalog that grows past it is taking experiments back.

use std::path::Path;

/// A third of the 3,400 lines the catalog held before the experiments moved to the library.
const MOST_LINES: usize = 3_400 / 3;

#[test]
fn the_catalog_files_together_hold_at_most_a_third_of_the_old_catalog() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.join("catalog.rs")];
    let pages = std::fs::read_dir(src.join("catalog")).expect("the catalog folder");
    files.extend(pages.map(|e| e.expect("a catalog file").path()));
    let mut total = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a readable catalog file");
        total += text.lines().count();
    }
    assert!(
        files.len() >= 8,
        "the catalog has a file per page: {files:?}"
    );
    assert!(
        total <= MOST_LINES,
        "the catalog files hold {total} lines, more than {MOST_LINES}: move experiments, \
         analyses and sentences about results into genai_demos::experiments"
    );
}
