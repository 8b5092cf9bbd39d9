//! Charts: every picture in the book is an SVG drawn by plotters and wrapped in [`Chart`].
//!
//! A chart is only a string of SVG, so the same value can be embedded in a page by the
//! preprocessor, shown inline in a notebook, saved to a file, or compared byte for byte in a
//! test. Axes and text are drawn in `currentColor`, so a chart takes the text colour of the page
//! around it and stays readable in every mdBook theme, light or dark.

use crate::error::{Error, Result};
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The width of every chart, in SVG pixels; pages scale it down to fit.
pub const WIDTH: u32 = 640;
/// The height of a standard chart, in SVG pixels.
pub const HEIGHT: u32 = 420;

/// Series colours chosen to read well on light and dark backgrounds and for colour-blind readers
/// (the Okabe-Ito palette).
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
];

/// The ink plotters draws axes and labels with. It is swapped for `currentColor` afterwards, so
/// it must be a colour no data series uses. Draw every axis, label and outline with it.
pub const INK: RGBColor = RGBColor(0, 0, 0);

/// The drawing area a chart function paints on.
pub type Canvas<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// What a chart's paint function returns: plotters' errors, boxed.
pub type Painted = std::result::Result<(), Box<dyn std::error::Error>>;

/// A font of `size` in the ink colour.
pub fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&INK)
}

/// A finished picture: an SVG document and the title that describes it.
///
/// ```
/// use genai_demos::chart::{Chart, Series};
///
/// let dots = Series::new("dots", vec![(1.0, 2.0), (2.0, 3.5)]);
/// let chart = Chart::scatter("Two dots", "x", "y", &[dots])?;
/// assert!(chart.svg().contains("Two dots"));
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    title: String,
    svg: String,
}

/// A named set of points drawn in one colour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// The name shown in the legend.
    pub name: String,
    /// The points, as `(x, y)`.
    pub points: Vec<(f64, f64)>,
}

impl Series {
    /// A series from a name and its points.
    pub fn new(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Series {
            name: name.into(),
            points,
        }
    }
}

impl Chart {
    /// Wraps an SVG drawn with [`INK`] for axes and text: the ink becomes `currentColor`, and the
    /// title is added for screen readers.
    fn from_plotters(title: &str, raw: String) -> Chart {
        let ink = "#000000";
        let themed = raw
            .replace(&format!("stroke=\"{ink}\""), "stroke=\"currentColor\"")
            .replace(&format!("fill=\"{ink}\""), "fill=\"currentColor\"");
        let escaped = escape_xml(title);
        let svg = match themed.find('>') {
            Some(end) if themed.starts_with("<svg") => format!(
                "{} role=\"img\" class=\"genai-chart\"><title>{escaped}</title>{}",
                &themed[..end],
                &themed[end + 1..]
            ),
            _ => themed,
        };
        Chart {
            title: title.to_string(),
            svg,
        }
    }

    /// The chart's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The SVG document.
    pub fn svg(&self) -> &str {
        &self.svg
    }

    /// Writes the SVG to `path`, for a report or a slide.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, &self.svg).map_err(|e| Error::Io(format!("{}: {e}", path.display())))
    }

    /// Shows the chart in a notebook (evcxr calls this when a cell ends with a chart).
    pub fn evcxr_display(&self) {
        let plain = format!("[chart: {}]", self.title);
        crate::display::show(&[("image/svg+xml", &self.svg), ("text/plain", &plain)]);
    }

    /// Draws a chart of `size` pixels with `paint`, then themes it (see [`INK`]).
    ///
    /// Every chart in the library goes through here, so every chart gets the same treatment:
    /// theme colours, a `<title>` for screen readers, and a clear error instead of a panic.
    pub fn draw<F>(title: &str, size: (u32, u32), paint: F) -> Result<Chart>
    where
        F: FnOnce(&Canvas<'_>) -> Painted,
    {
        let mut raw = String::new();
        {
            let root = SVGBackend::with_string(&mut raw, size).into_drawing_area();
            paint(&root).map_err(chart_error)?;
            root.present().map_err(chart_error)?;
        }
        Ok(Chart::from_plotters(title, raw))
    }

    /// A scatter chart: each series a colour, a legend, and axes that fit all the points.
    pub fn scatter(title: &str, x_label: &str, y_label: &str, series: &[Series]) -> Result<Chart> {
        let all = || series.iter().flat_map(|s| s.points.iter());
        if all().next().is_none() {
            return Err(Error::Chart("there are no points to draw".into()));
        }
        if all().any(|(x, y)| !x.is_finite() || !y.is_finite()) {
            return Err(Error::Chart("a point is not a finite number".into()));
        }
        let x_range = padded(all().map(|p| p.0));
        let y_range = padded(all().map(|p| p.1));
        Chart::draw(title, (WIDTH, HEIGHT), |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(title, font(22))
                .margin(12)
                .x_label_area_size(44)
                .y_label_area_size(56)
                .build_cartesian_2d(x_range, y_range)?;
            mesh(&mut chart, x_label, y_label)?;
            for (i, s) in series.iter().enumerate() {
                let color = PALETTE[i % PALETTE.len()];
                chart
                    .draw_series(
                        s.points
                            .iter()
                            .map(|&(x, y)| Circle::new((x, y), 4, color.filled())),
                    )?
                    .label(s.name.as_str())
                    .legend(move |(x, y)| Circle::new((x, y), 5, color.filled()));
            }
            legend(&mut chart)?;
            Ok(())
        })
    }
}

/// Draws the axes, labels and faint grid in the book's style.
pub fn mesh<XT, YT, X, Y>(
    chart: &mut ChartContext<'_, SVGBackend<'_>, Cartesian2d<X, Y>>,
    x_label: &str,
    y_label: &str,
) -> Painted
where
    X: Ranged<ValueType = XT> + ValueFormatter<XT>,
    Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
{
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .axis_style(INK)
        .bold_line_style(INK.mix(0.12))
        .light_line_style(INK.mix(0.0))
        .label_style(font(15))
        .axis_desc_style(font(16))
        .draw()?;
    Ok(())
}

/// Draws the legend of the labelled series in the book's style.
pub fn legend<'a, X, Y>(chart: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>) -> Painted
where
    X: Ranged,
    Y: Ranged,
{
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font(font(15))
        .border_style(INK.mix(0.4))
        .draw()?;
    Ok(())
}

/// The smallest range holding every value, with a margin so no dot sits on an axis.
pub fn padded(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let pad = ((hi - lo) * 0.08).max(0.5);
    (lo - pad)..(hi + pad)
}

fn chart_error<E: std::fmt::Display>(e: E) -> Error {
    Error::Chart(e.to_string())
}

/// Escapes the characters that would break XML or HTML text (`&`, `<`, `>`, `"`).
pub fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ink_becomes_current_color() {
        let chart = Chart::scatter("t", "x", "y", &[Series::new("a", vec![(0.0, 1.0)])]).unwrap();
        assert!(
            !chart.svg().contains("#000000"),
            "black ink left in the SVG"
        );
        assert!(chart.svg().contains("currentColor"));
        assert!(chart.svg().contains("<title>t</title>"));
    }

    #[test]
    fn empty_and_non_finite_points_are_errors() {
        assert!(matches!(
            Chart::scatter("t", "x", "y", &[]),
            Err(Error::Chart(_))
        ));
        let bad = Series::new("a", vec![(f64::NAN, 1.0)]);
        assert!(matches!(
            Chart::scatter("t", "x", "y", &[bad]),
            Err(Error::Chart(_))
        ));
    }

    #[test]
    fn titles_are_escaped() {
        let chart =
            Chart::scatter("a < b & c", "x", "y", &[Series::new("a", vec![(0.0, 1.0)])]).unwrap();
        assert!(chart.svg().contains("<title>a &lt; b &amp; c</title>"));
    }
}
