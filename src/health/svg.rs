//! The two small charts of the HTML report, written as inline SVG: columns over the months of
//! a series, and horizontal bars of named counts.
//!
//! Written by hand rather than with plotters or charts-rs: both lay out text with a font
//! library (plotters' `ttf` reads the system's fonts through font-kit, charts-rs embeds fonts
//! and pulls in an image stack), which makes the bytes depend on the machine or weighs more
//! than cop itself, while these charts are a dozen rectangles each. Here every coordinate is a
//! whole number computed from the data alone, so the same data gives the same bytes, text is
//! left to the browser, and colours come from the page's style sheet (so print can adjust them).

use std::fmt::Write as _;

use super::html::escape;

/// Width and height of a column chart's view box.
const COLUMNS_W: i64 = 360;
const COLUMNS_H: i64 = 150;

/// A column chart of `points` (label, value; `None` is drawn as a gap), titled `title` for
/// screen readers and with each value written above its column (so print needs no colour).
pub fn columns(title: &str, points: &[(String, Option<usize>)]) -> String {
    let (left, right, top, bottom) = (30, 6, 14, 22);
    let plot_w = COLUMNS_W - left - right;
    let plot_h = COLUMNS_H - top - bottom;
    let max = points
        .iter()
        .filter_map(|(_, v)| *v)
        .max()
        .unwrap_or(0)
        .max(1) as i64;
    let n = points.len().max(1) as i64;
    let slot = plot_w / n;
    let bar = (slot * 2 / 3).max(1);
    let y = |v: i64| top + plot_h - v * plot_h / max;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"chart columns\" viewBox=\"0 0 {COLUMNS_W} {COLUMNS_H}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        t = escape(title)
    );
    // The axis: 0 and the maximum, with a light line at each.
    for v in [0, max] {
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{left}\" y1=\"{yy}\" x2=\"{x2}\" y2=\"{yy}\"/><text class=\"axis\" x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\">{v}</text>",
            yy = y(v),
            x2 = COLUMNS_W - right,
            tx = left - 4,
            ty = y(v) + 3
        );
    }
    for (i, (label, value)) in points.iter().enumerate() {
        let x = left + i as i64 * slot + (slot - bar) / 2;
        let cx = x + bar / 2;
        match value {
            Some(v) => {
                let v = *v as i64;
                let h = (top + plot_h - y(v)).max(if v > 0 { 1 } else { 0 });
                let _ = write!(
                    out,
                    "<rect class=\"bar\" x=\"{x}\" y=\"{ry}\" width=\"{bar}\" height=\"{h}\"><title>{l}: {v}</title></rect><text class=\"value\" x=\"{cx}\" y=\"{vy}\" text-anchor=\"middle\">{v}</text>",
                    ry = top + plot_h - h,
                    l = escape(label),
                    vy = top + plot_h - h - 3
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<text class=\"gap\" x=\"{cx}\" y=\"{gy}\" text-anchor=\"middle\">–</text>",
                    gy = top + plot_h - 3
                );
            }
        }
        let _ = write!(
            out,
            "<text class=\"label\" x=\"{cx}\" y=\"{ly}\" text-anchor=\"middle\">{}</text>",
            escape(short_month(label)),
            ly = COLUMNS_H - 8
        );
    }
    out.push_str("</svg>");
    out
}

/// A horizontal bar per named count, with the count after its bar.
pub fn bars(title: &str, counts: &[(String, usize)]) -> String {
    let (width, label_w, row, pad) = (360_i64, 110_i64, 20_i64, 6_i64);
    let height = counts.len() as i64 * row + pad * 2;
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as i64;
    let bar_max = width - label_w - 40;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"chart bars\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        t = escape(title)
    );
    for (i, (label, n)) in counts.iter().enumerate() {
        let top = pad + i as i64 * row;
        let w = *n as i64 * bar_max / max;
        let _ = write!(
            out,
            "<text class=\"label\" x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{l}</text><rect class=\"bar\" x=\"{label_w}\" y=\"{by}\" width=\"{w}\" height=\"{bh}\"><title>{l}: {n}</title></rect><text class=\"value\" x=\"{vx}\" y=\"{ty}\">{n}</text>",
            lx = label_w - 6,
            ty = top + row / 2 + 4,
            l = escape(label),
            by = top + 3,
            bh = row - 6,
            vx = label_w + w + 5
        );
    }
    out.push_str("</svg>");
    out
}

/// `2026-03` as `Mar`; any other label as it is.
fn short_month(label: &str) -> &str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    label
        .get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| NAMES.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_scale_to_the_largest_value_and_leave_gaps() {
        let svg = columns(
            "Members",
            &[
                ("2026-01".into(), None),
                ("2026-02".into(), Some(2)),
                ("2026-03".into(), Some(4)),
            ],
        );
        assert!(svg.starts_with("<svg class=\"chart columns\""), "{svg}");
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains(">–</text>"));
        assert!(svg.contains(">Feb</text>") && svg.contains(">Mar</text>"));
        // The largest column reaches the top of the plot (y = 14).
        assert!(
            svg.contains("y=\"14\" width=\"72\" height=\"114\""),
            "{svg}"
        );
    }

    #[test]
    fn labels_are_escaped() {
        let svg = bars("<b>", &[("a<&>\"".into(), 3)]);
        assert!(svg.contains("a&lt;&amp;&gt;&quot;"), "{svg}");
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn same_data_same_bytes_and_zero_is_drawable() {
        let points = [("2026-01".to_string(), Some(0))];
        assert_eq!(columns("x", &points), columns("x", &points));
        assert!(columns("x", &points).contains("height=\"0\""));
    }
}
