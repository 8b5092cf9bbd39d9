//! How results show themselves in a Jupyter notebook through evcxr.
//!
//! evcxr calls a value's `evcxr_display` method when a cell ends with that value. The method
//! prints blocks framed by `EVCXR_BEGIN_CONTENT <mime>` and `EVCXR_END_CONTENT`; evcxr gathers
//! the blocks into one rich output, and the notebook front end shows the richest kind it can.

use std::fmt::Write as _;

/// Frames each `(mime type, content)` pair in evcxr's display protocol.
///
/// ```
/// let out = genai_demos::display::mime_bundle(&[("text/plain", "hello")]);
/// assert_eq!(out, "EVCXR_BEGIN_CONTENT text/plain\nhello\nEVCXR_END_CONTENT\n");
/// ```
pub fn mime_bundle(parts: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (mime, content) in parts {
        // Writing into a String cannot fail.
        let _ = writeln!(
            out,
            "EVCXR_BEGIN_CONTENT {mime}\n{content}\nEVCXR_END_CONTENT"
        );
    }
    out
}

/// Prints a bundle in one call, so no other output can land between its blocks.
pub(crate) fn show(parts: &[(&str, &str)]) {
    print!("{}", mime_bundle(parts));
}
