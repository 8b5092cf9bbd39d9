//! How results show themselves in a Jupyter notebook through evcxr.
//!
//! evcxr calls a value's `evcxr_display` method when a cell ends with that value. The method
//! prints blocks framed by `EVCXR_BEGIN_CONTENT <mime>` and `EVCXR_END_CONTENT`; evcxr gathers
//! the blocks into one rich output, and the notebook front end shows the richest kind it can.

use std::fmt::Write as _;

use base64::Engine as _;

/// Frames each `(mime type, content)` pair in evcxr's display protocol.
///
/// ```
/// let out = genai_demos::show::display::mime_bundle(&[("text/plain", "hello")]);
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

/// A small table of results, shown as an HTML table in a notebook and as aligned text elsewhere.
///
/// ```
/// use genai_demos::show::display::Table;
///
/// let table = Table::new(["kind", "width"], vec![vec!["muffin".into(), "7.8".into()]]);
/// assert!(table.to_html().contains("<td>muffin</td>"));
/// assert!(table.to_string().contains("muffin"));
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Table {
    /// The column names.
    pub headers: Vec<String>,
    /// The rows, each as many cells as there are headers.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table from its column names and rows.
    pub fn new<H: Into<String>>(
        headers: impl IntoIterator<Item = H>,
        rows: Vec<Vec<String>>,
    ) -> Self {
        Table {
            headers: headers.into_iter().map(Into::into).collect(),
            rows,
        }
    }

    /// The table as HTML, with every cell escaped.
    pub fn to_html(&self) -> String {
        let mut html = String::from("<table>\n<thead><tr>");
        for h in &self.headers {
            let _ = write!(html, "<th>{}</th>", escape_xml(h));
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            html.push_str("<tr>");
            for cell in row {
                let _ = write!(html, "<td>{}</td>", escape_xml(cell));
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>");
        html
    }

    /// Shows the table in a notebook.
    pub fn evcxr_display(&self) {
        show(&[
            ("text/html", &self.to_html()),
            ("text/plain", &self.to_string()),
        ]);
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let line = |f: &mut std::fmt::Formatter<'_>, cells: &[String]| -> std::fmt::Result {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            writeln!(f, "{}", padded.join("  ").trim_end())
        };
        line(f, &self.headers)?;
        for row in &self.rows {
            line(f, row)?;
        }
        Ok(())
    }
}

/// Escapes the characters that would break XML or HTML text (`&`, `<`, `>`, `"`).
///
/// ```
/// let safe = genai_demos::show::display::escape_xml("<b>\"fish & chips\"</b>");
/// assert_eq!(safe, "&lt;b&gt;&quot;fish &amp; chips&quot;&lt;/b&gt;");
/// ```
pub fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes bytes as base64 text, the form a `data:` address needs (the `base64` crate's
/// standard alphabet, with `=` padding): a sound or a picture can then sit inside a page.
///
/// ```
/// assert_eq!(genai_demos::show::display::base64(b"Man"), "TWFu");
/// ```
pub fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
