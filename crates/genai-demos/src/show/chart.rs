//! Charts: every picture in the book is an SVG drawn by plotters and wrapped in [`Chart`].
//!
//! A chart is only a string of SVG, so the same value can be embedded in a page by the
//! preprocessor, shown inline in a notebook, saved to a file, or compared byte for byte in a
//! test. Axes and text are drawn in `currentColor`, so a chart takes the text colour of the page
//! around it and stays readable in every mdBook theme, light or dark.

use crate::error::{Error, Result};
use crate::show::display::escape_xml;
use plotters::chart::MeshStyle;
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

/// Dark ink for text that sits on a [`tint`] instead of on the page. The page's own text colour
/// (what [`INK`] becomes) is light in a dark theme, and light text on a light fill cannot be
/// read; this ink keeps its colour in every theme. On the palette's green or vermilion at full
/// strength it still has a contrast of 4.9:1 or more, and more on anything lighter.
pub const INK_ON_TINT: RGBColor = RGBColor(17, 17, 17);

/// `colour` at `strength` (0 to 1) laid on white, as one opaque colour. A see-through fill
/// would take on the page's background, so text on it would read in one theme and not in
/// another; a tint looks the same in all of them.
///
/// ```
/// use genai_demos::show::chart::tint;
/// use plotters::style::RGBColor;
///
/// assert_eq!(tint(RGBColor(0, 158, 115), 1.0), RGBColor(0, 158, 115));
/// assert_eq!(tint(RGBColor(0, 158, 115), 0.0), RGBColor(255, 255, 255));
/// ```
pub fn tint(colour: RGBColor, strength: f64) -> RGBColor {
    let s = strength.clamp(0.0, 1.0);
    let mix = |c: u8| (f64::from(c) * s + 255.0 * (1.0 - s)).round() as u8;
    RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
}

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
/// use genai_demos::show::chart::{Chart, Series};
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
        let themed = swap_pixel_placeholders(&raw)
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
        crate::show::display::show(&[("image/svg+xml", &self.svg), ("text/plain", &plain)]);
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
        check_points(series)?;
        let y_range = padded(series.iter().flat_map(|s| s.points.iter()).map(|p| p.1));
        Chart::scatter_in(title, x_label, y_label, series, y_range)
    }

    /// A scatter chart whose y axis runs from 0 to `y_max` (a share out of 100, say), so the
    /// legend in the upper corner stays clear of points that are all low.
    pub fn scatter_to(
        title: &str,
        x_label: &str,
        y_label: &str,
        series: &[Series],
        y_max: f64,
    ) -> Result<Chart> {
        check_points(series)?;
        let top = y_top(series, y_max)?;
        Chart::scatter_in(title, x_label, y_label, series, 0.0..top)
    }

    fn scatter_in(
        title: &str,
        x_label: &str,
        y_label: &str,
        series: &[Series],
        y_range: std::ops::Range<f64>,
    ) -> Result<Chart> {
        let all = || series.iter().flat_map(|s| s.points.iter());
        let x_range = padded(all().map(|p| p.0));
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

impl Chart {
    /// A line chart: each series a coloured line through its points (dots on the points), a
    /// legend, the x axis fitted to the points and the y axis from 0 to `y_max`, so heights
    /// compare honestly (use 100 for percentages).
    ///
    /// ```
    /// use genai_demos::show::chart::{Chart, Series};
    ///
    /// let rising = Series::new("parses", vec![(2.0, 0.0), (3.0, 10.0), (4.0, 40.0)]);
    /// let chart = Chart::lines("More context, more parsing", "n", "%", &[rising], 100.0)?;
    /// assert!(chart.svg().contains("parses"));
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn lines(
        title: &str,
        x_label: &str,
        y_label: &str,
        series: &[Series],
        y_max: f64,
    ) -> Result<Chart> {
        check_points(series)?;
        let all = || series.iter().flat_map(|s| s.points.iter());
        let x_range = padded(all().map(|p| p.0));
        let y_top = y_top(series, y_max)?;
        Chart::draw(title, (WIDTH, HEIGHT), |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(title, font(20))
                .margin(12)
                .x_label_area_size(44)
                .y_label_area_size(56)
                .build_cartesian_2d(x_range, 0.0..y_top)?;
            // Whole numbers read as "2", not "2.0"; anything else keeps one decimal.
            let number = |v: &f64| {
                if (v - v.round()).abs() < 1e-9 {
                    format!("{v:.0}")
                } else {
                    format!("{v:.1}")
                }
            };
            styled(&mut chart.configure_mesh())
                .x_desc(x_label)
                .y_desc(y_label)
                .x_label_formatter(&number)
                .y_label_formatter(&number)
                .draw()?;
            for (i, s) in series.iter().enumerate() {
                let color = PALETTE[i % PALETTE.len()];
                chart
                    .draw_series(LineSeries::new(
                        s.points.iter().copied(),
                        color.stroke_width(3),
                    ))?
                    .label(s.name.as_str())
                    .legend(move |(x, y)| {
                        PathElement::new([(x - 8, y), (x + 8, y)], color.stroke_width(3))
                    });
                chart.draw_series(
                    s.points
                        .iter()
                        .map(|&(x, y)| Circle::new((x, y), 4, color.filled())),
                )?;
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .label_font(font(15))
                .background_style(WHITE.mix(0.0))
                .border_style(INK.mix(0.4))
                .draw()?;
            Ok(())
        })
    }
}

/// Checks that the series hold at least one point and that every point is a finite number:
/// what every chart of points needs before it can choose its axes.
pub fn check_points(series: &[Series]) -> Result<()> {
    let mut points = series.iter().flat_map(|s| s.points.iter());
    let mut any = false;
    for &(x, y) in points.by_ref() {
        any = true;
        if !x.is_finite() || !y.is_finite() {
            return Err(Error::Chart("a point is not a finite number".into()));
        }
    }
    if !any {
        return Err(Error::Chart("there are no points to draw".into()));
    }
    Ok(())
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
    styled(&mut chart.configure_mesh())
        .x_desc(x_label)
        .y_desc(y_label)
        .draw()?;
    Ok(())
}

/// The book's look for a chart's axes and grid (ink axes, a faint grid, the book's fonts), for
/// a chart that also sets its own labels: `styled(&mut chart.configure_mesh()).x_desc(..)`.
/// One place, so every chart in the book matches.
pub fn styled<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    mesh.axis_style(INK)
        .bold_line_style(INK.mix(0.12))
        .light_line_style(INK.mix(0.0))
        .label_style(font(15))
        .axis_desc_style(font(16))
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

/// The top of a y axis that starts at 0: `y_max`, or higher if a point is above it.
fn y_top(series: &[Series], y_max: f64) -> Result<f64> {
    if !y_max.is_finite() || y_max <= 0.0 {
        return Err(Error::Chart("the top of the y axis must be above 0".into()));
    }
    let all = series.iter().flat_map(|s| s.points.iter());
    Ok(all.fold(y_max, |top, p| top.max(p.1)))
}

/// The smallest range holding every value, with a margin so no dot sits on an axis.
pub fn padded(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let pad = ((hi - lo) * 0.08).max(0.5);
    (lo - pad)..(hi + pad)
}

/// Marks the text that [`pixel_grid`] leaves in the SVG for [`Chart::draw`] to swap for an image.
const PIXELS_MARK: &str = "genai-pixels";

/// Draws a grid of grey pixels (`greys`, row by row from the top left, 0 black to 255 white)
/// as one `width` x `height` block of the chart with its top left corner at `at`.
///
/// A picture drawn as one SVG rectangle per pixel costs about 100 bytes a pixel; here the
/// pixels become a small PNG file inside the SVG (an `<image>` with a `data:` address), drawn
/// with hard pixel edges, which costs about 1.4 bytes a pixel. plotters cannot place an image
/// itself, so this draws a placeholder text that [`Chart::draw`] swaps for the image.
pub fn pixel_grid(
    root: &Canvas<'_>,
    at: (i32, i32),
    (width, height): (u32, u32),
    (columns, rows): (usize, usize),
    greys: &[u8],
) -> Painted {
    let png = png_grey(columns, rows, greys)?;
    let mark = format!(
        "{PIXELS_MARK} {width} {height} {}",
        crate::show::display::base64(&png)
    );
    root.draw(&Text::new(mark, at, font(1)))?;
    Ok(())
}

/// Swaps every placeholder [`pixel_grid`] drew for the `<image>` it stands for, at the place
/// plotters wrote for the text (its `x` and `y`, already in the whole chart's coordinates).
fn swap_pixel_placeholders(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    let needle = format!(">\n{PIXELS_MARK} ");
    while let Some(found) = rest.find(&needle) {
        let (Some(open), Some(close)) =
            (rest[..found].rfind("<text "), rest[found..].find("</text>"))
        else {
            break;
        };
        let tag = &rest[open..found];
        let content = rest[found + needle.len()..found + close].trim();
        let mut words = content.split(' ');
        let (width, height, data) = (words.next(), words.next(), words.next());
        let (Some(x), Some(y), Some(width), Some(height), Some(data)) = (
            attribute(tag, "x"),
            attribute(tag, "y"),
            width,
            height,
            data,
        ) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&format!(
            "<image x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"{height}\" \
             preserveAspectRatio=\"none\" image-rendering=\"optimizeSpeed\" \
             style=\"image-rendering:pixelated\" href=\"data:image/png;base64,{data}\"/>"
        ));
        rest = &rest[found + close + "</text>".len()..];
    }
    out.push_str(rest);
    out
}

/// The value of `name="..."` in an SVG tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')?;
    Some(&tag[start..start + end])
}

/// A greyscale PNG file of `width` x `height` pixels, 8 bits each, row by row from the top left.
///
/// A PNG is a signature and three chunks: `IHDR` (the size and pixel format), `IDAT` (the
/// pixels, in a zlib stream) and `IEND`. Each chunk ends with a CRC-32 check of its type and
/// data. The zlib stream uses *stored* deflate blocks, which hold the bytes as they are: no
/// compression, but a picture of 20 x 20 pixels is only 420 bytes anyway.
///
/// ```
/// let png = genai_demos::show::chart::png_grey(2, 1, &[0, 255])?;
/// assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
/// assert_eq!(&png[png.len() - 8..png.len() - 4], b"IEND");
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn png_grey(width: usize, height: usize, greys: &[u8]) -> Result<Vec<u8>> {
    if width == 0 || height == 0 || width > 4096 || height > 4096 {
        return Err(Error::InvalidParameter {
            name: "width and height",
            value: format!("{width} x {height}"),
            expected: "from 1 to 4096 pixels each",
        });
    }
    if greys.len() != width * height {
        return Err(Error::InvalidParameter {
            name: "greys",
            value: format!("{} values", greys.len()),
            expected: "one grey value per pixel, width x height of them",
        });
    }
    // Each row starts with its filter type: 0, "none", the bytes are the pixels as they are.
    let mut raw = Vec::with_capacity((width + 1) * height);
    for row in greys.chunks(width) {
        raw.push(0);
        raw.extend_from_slice(row);
    }
    // The zlib stream: a two-byte header (deflate, no preset dictionary; 0x7801 is a multiple
    // of 31 as the format requires), stored blocks of at most 65 535 bytes, then Adler-32.
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        let last = i + 1 == blocks.len();
        zlib.push(u8::from(last)); // BFINAL in bit 0, block type 00 (stored) in bits 1-2
        let len = block.len() as u16;
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());

    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&(width as u32).to_be_bytes());
    header.extend_from_slice(&(height as u32).to_be_bytes());
    // 8 bits per pixel, colour type 0 (grey), deflate, standard filters, no interlacing.
    header.extend_from_slice(&[8, 0, 0, 0, 0]);

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", &header[..]),
        (b"IDAT", &zlib[..]),
        (b"IEND", &[][..]),
    ] {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let crc = crc32(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    }
    Ok(png)
}

/// The CRC-32 checksum PNG chunks end with (the same one zip and Ethernet use), from the
/// `crc32fast` crate.
fn crc32(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

/// The Adler-32 checksum a zlib stream ends with (two running sums modulo 65 521), from the
/// `adler2` crate.
fn adler32(bytes: &[u8]) -> u32 {
    adler2::adler32_slice(bytes)
}

fn chart_error<E: std::fmt::Display>(e: E) -> Error {
    Error::Chart(e.to_string())
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
    fn line_charts_check_their_points() {
        let line = Series::new("a", vec![(1.0, 10.0), (2.0, 20.0)]);
        let chart = Chart::lines("t", "x", "y", std::slice::from_ref(&line), 100.0).unwrap();
        assert!(chart.svg().contains("<polyline"));
        assert!(!chart.svg().contains("#000000"));
        assert!(Chart::lines("t", "x", "y", &[], 100.0).is_err());
        let bad = Series::new("a", vec![(1.0, f64::INFINITY)]);
        assert!(Chart::lines("t", "x", "y", &[bad], 100.0).is_err());
        assert!(Chart::lines("t", "x", "y", &[line], 0.0).is_err());
    }

    #[test]
    fn titles_are_escaped() {
        let chart =
            Chart::scatter("a < b & c", "x", "y", &[Series::new("a", vec![(0.0, 1.0)])]).unwrap();
        assert!(chart.svg().contains("<title>a &lt; b &amp; c</title>"));
    }

    #[test]
    fn checksums_match_their_published_check_values() {
        // The standard check values: CRC-32 of "123456789" and Adler-32 of "Wikipedia".
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        assert_eq!(adler32(b""), 1);
        // Every PNG ends with the same IEND chunk: its CRC is AE 42 60 82.
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn a_one_pixel_png_byte_by_byte() {
        let png = png_grey(1, 1, &[200]).unwrap();
        let mut expected = b"\x89PNG\r\n\x1a\n".to_vec();
        // IHDR: length 13, width 1, height 1, 8-bit grey, then its CRC.
        expected.extend_from_slice(&[0, 0, 0, 13]);
        expected.extend_from_slice(b"IHDR");
        expected.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        expected.extend_from_slice(&crc32(&expected[12..29]).to_be_bytes());
        // IDAT: zlib header, one final stored block of 2 bytes (filter 0, the pixel 200), and
        // Adler-32 of those bytes: a = 1 + 0 + 200 = 201, b = 1 + 201 = 202.
        let idat = [0x78, 0x01, 1, 2, 0, 0xFD, 0xFF, 0, 200, 0, 202, 0, 201];
        expected.extend_from_slice(&[0, 0, 0, 13]);
        let start = expected.len();
        expected.extend_from_slice(b"IDAT");
        expected.extend_from_slice(&idat);
        expected.extend_from_slice(&crc32(&expected[start..]).to_be_bytes());
        expected.extend_from_slice(&[0, 0, 0, 0]);
        expected.extend_from_slice(b"IEND");
        expected.extend_from_slice(&[0xAE, 0x42, 0x60, 0x82]);
        assert_eq!(png, expected);
        // zlib's own rule: the header, read as a 16-bit number, is a multiple of 31.
        assert_eq!(0x7801 % 31, 0);
    }

    #[test]
    fn big_pictures_use_several_stored_blocks_and_bad_sizes_are_errors() {
        // 300 x 300 pixels: 90 300 bytes with the filter bytes, two stored blocks.
        let png = png_grey(300, 300, &vec![7; 90_000]).unwrap();
        let idat_len = u32::from_be_bytes([png[33], png[34], png[35], png[36]]) as usize;
        assert_eq!(&png[37..41], b"IDAT");
        assert_eq!(idat_len, 2 + (5 + 65_535) + (5 + 90_300 - 65_535) + 4);
        assert_eq!(png[41 + 2], 0, "the first block is not the last");
        assert_eq!(png[41 + 2 + 5 + 65_535], 1, "the second block is the last");
        assert!(png_grey(0, 1, &[]).is_err());
        assert!(png_grey(2, 2, &[0; 3]).is_err());
    }

    #[test]
    fn pixel_grids_become_images_in_place() {
        let chart = Chart::draw("grid", (100, 80), |root| {
            root.draw(&Text::new("before", (1, 1), font(10)))?;
            pixel_grid(root, (10, 20), (40, 30), (2, 1), &[0, 255])?;
            root.draw(&Text::new("after", (1, 60), font(10)))?;
            Ok(())
        })
        .unwrap();
        let svg = chart.svg();
        assert!(!svg.contains(PIXELS_MARK), "{svg}");
        let png = crate::show::display::base64(&png_grey(2, 1, &[0, 255]).unwrap());
        let image = format!(
            "<image x=\"10\" y=\"20\" width=\"40\" height=\"30\" preserveAspectRatio=\"none\" \
             image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\" \
             href=\"data:image/png;base64,{png}\"/>"
        );
        let at = svg.find(&image).expect("no image in the SVG");
        assert!(svg.find("before").unwrap() < at && at < svg.find("after").unwrap());
    }
}
