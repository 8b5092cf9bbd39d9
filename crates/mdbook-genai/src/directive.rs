//! Finding the book's directives in a page and replacing each with its HTML or text.

use crate::catalog;
use anyhow::{Result, bail};

/// The kinds of directive this preprocessor owns. Other `{{#...}}` forms belong to mdBook.
const KINDS: [&str; 3] = ["chart", "value", "widget"];

/// Expands every directive in `content`. `file` names the page in error messages.
///
/// ```
/// let page = mdbook_genai::directive::expand("A tray of {{#value intro.tray-size}} pastries.", "intro.md")?;
/// assert!(!page.contains("{{#"));
/// # Ok::<(), anyhow::Error>(())
/// ```
pub fn expand(content: &str, file: &str) -> Result<String> {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(start) = rest.find("{{#") {
        let escaped = rest[..start].ends_with('\\');
        let (before, after) = rest.split_at(start);
        let Some(end) = after.find("}}") else {
            out.push_str(before);
            out.push_str(after);
            return Ok(out);
        };
        let inner = &after[3..end];
        let mut words = inner.split_whitespace();
        let kind = words.next().unwrap_or_default();
        if !KINDS.contains(&kind) {
            // Not ours: leave it for mdBook (or as text).
            out.push_str(before);
            out.push_str(&after[..end + 2]);
            rest = &after[end + 2..];
            continue;
        }
        if escaped {
            out.push_str(&before[..before.len() - 1]);
            out.push_str(&after[..end + 2]);
            rest = &after[end + 2..];
            continue;
        }
        let line = content[..content.len() - rest.len() + start]
            .matches('\n')
            .count()
            + 1;
        let (Some(name), None) = (words.next(), words.next()) else {
            bail!("{file}:{line}: `{{{{#{inner}}}}}` must name exactly one {kind}");
        };
        out.push_str(before);
        out.push_str(&render(kind, name).map_err(|e| anyhow::anyhow!("{file}:{line}: {e}"))?);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The HTML or text that replaces one directive.
fn render(kind: &str, name: &str) -> Result<String> {
    Ok(match kind {
        "chart" => {
            let chart = catalog::chart(name)?;
            // A blank line would end Markdown's HTML block in the middle of the SVG.
            let svg: Vec<&str> = chart
                .svg()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .collect();
            format!(
                "<figure class=\"genai-figure\" id=\"chart-{name}\">\n{}\n</figure>",
                svg.join("\n")
            )
        }
        "value" => escape_html(&catalog::value(name)?),
        _ => catalog::widget(name)?.to_html(name),
    })
}

/// Escapes text for HTML: the library's own escaping, so a page and a chart agree.
pub use genai_demos::show::display::escape_xml as escape_html;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_becomes_an_inline_svg_figure() {
        let page = expand("Look:\n\n{{#chart intro.tray}}\n\nNice.", "x.md").unwrap();
        assert!(page.contains("<figure class=\"genai-figure\" id=\"chart-intro.tray\">\n<svg"));
        assert!(page.ends_with("</figure>\n\nNice."));
        assert!(!page.contains("{{#"));
    }

    #[test]
    fn unknown_names_fail_with_file_and_line() {
        let err = expand("one\ntwo\n{{#chart no-such-chart}}\n", "src/ch.md").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("src/ch.md:3: "), "{msg}");
        assert!(msg.contains("no-such-chart"), "{msg}");
    }

    #[test]
    fn other_directives_and_escapes_are_left_alone() {
        let src = "{{#include foo.rs}} and \\{{#chart intro.tray}}";
        assert_eq!(
            expand(src, "x.md").unwrap(),
            "{{#include foo.rs}} and {{#chart intro.tray}}"
        );
    }

    #[test]
    fn a_directive_needs_exactly_one_name() {
        assert!(expand("{{#value}}", "x.md").is_err());
        assert!(expand("{{#value a b}}", "x.md").is_err());
    }

    #[test]
    fn unclosed_braces_are_kept_as_text() {
        assert_eq!(expand("a {{#chart b", "x.md").unwrap(), "a {{#chart b");
    }
}
