//! Small SVG charts drawn here (no chart library): grouped bars and horizontal capacity bars.
//! Every chart is a `<figure>` with a caption, an SVG named by its title and description, and a
//! visually hidden table with the same numbers for screen readers (inside a hidden `<div>`: a
//! table is as wide as its content, so hiding the table itself would widen the page).

use yew::prelude::*;

/// One series of a bar chart: its name (legend, table column) and CSS class (colour).
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub class: &'static str,
}

/// One group of bars: its label and one value per series.
#[derive(Clone, Debug, PartialEq)]
pub struct BarGroup {
    pub label: String,
    pub values: Vec<u32>,
}

#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    /// Prefix of the ids of the title and description.
    pub id: AttrValue,
    pub title: AttrValue,
    /// One sentence summing up what the chart shows.
    pub description: AttrValue,
    pub series: Vec<Series>,
    pub groups: Vec<BarGroup>,
    #[prop_or_default]
    pub class: Classes,
}

const PLOT_HEIGHT: f64 = 160.0;
const TOP: f64 = 18.0;
const LABEL_SPACE: f64 = 44.0;

/// A label cut to `max` characters (the full one is in the table and the tooltip).
fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Vertical bars, grouped by category, one bar per series.
#[component]
pub fn BarChart(props: &BarChartProps) -> Html {
    let n_series = props.series.len().max(1);
    let bar_w = if n_series == 1 { 36.0 } else { 22.0 };
    // Wide enough for the bars, and for labels of up to about 22 characters.
    let longest = props
        .groups
        .iter()
        .map(|g| g.label.chars().count())
        .max()
        .unwrap_or(0)
        .min(22);
    let group_w = (bar_w * n_series as f64 + 24.0).max(longest as f64 * 6.4 + 10.0);
    let left = 30.0;
    let width = (left + group_w * props.groups.len() as f64 + 10.0).max(260.0);
    let height = TOP + PLOT_HEIGHT + LABEL_SPACE;
    let max = props
        .groups
        .iter()
        .flat_map(|g| g.values.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = PLOT_HEIGHT / f64::from(max);
    let base = TOP + PLOT_HEIGHT;
    let label_chars = ((group_w / 6.5) as usize).max(6);
    let bars = props.groups.iter().enumerate().map(|(g, group)| {
        let x0 = left + group_w * g as f64 + (group_w - bar_w * n_series as f64) / 2.0;
        let rects = group.values.iter().enumerate().map(|(s, v)| {
            let h = f64::from(*v) * scale;
            let x = x0 + bar_w * s as f64;
            let class = props.series.get(s).map(|s| s.class).unwrap_or("series-a");
            let name = props.series.get(s).map(|s| s.name.clone()).unwrap_or_default();
            html! {
                <g class={classes!("bar", class)}>
                    <rect x={format!("{x:.1}")} y={format!("{:.1}", base - h)} width={format!("{:.1}", bar_w - 3.0)} height={format!("{h:.1}")}>
                        <title>{ format!("{}: {name} {v}", group.label) }</title>
                    </rect>
                    <text class="bar-value" x={format!("{:.1}", x + (bar_w - 3.0) / 2.0)} y={format!("{:.1}", base - h - 4.0)} text-anchor="middle">{ v }</text>
                </g>
            }
        });
        let cx = x0 + bar_w * n_series as f64 / 2.0;
        html! {
            <g class="bar-group">
                { for rects }
                <text class="bar-label" x={format!("{cx:.1}")} y={format!("{:.1}", base + 16.0)} text-anchor="middle">
                    { short(&group.label, label_chars) }
                </text>
            </g>
        }
    });
    let legend = (props.series.len() > 1).then(|| {
        html! {
            <ul class="chart-legend" aria-hidden="true">
                { for props.series.iter().map(|s| html! {
                    <li><span class={classes!("legend-swatch", s.class)}></span>{ s.name.clone() }</li>
                }) }
            </ul>
        }
    });
    figure(Figure {
        class: classes!("chart", props.class.clone()),
        id: &props.id,
        title: &props.title,
        description: &props.description,
        width,
        height,
        plot: html! {
            <>
                <line class="axis" x1={format!("{left}")} y1={format!("{base}")} x2={format!("{:.1}", width - 4.0)} y2={format!("{base}")} />
                <text class="axis-label" x="2" y={format!("{:.1}", TOP + 4.0)}>{ max }</text>
                <text class="axis-label" x="2" y={format!("{base:.1}")}>{ "0" }</text>
                { for bars }
            </>
        },
        legend,
        columns: html! {
            <>
                <th scope="col">{ "Category" }</th>
                { for props.series.iter().map(|s| html! { <th scope="col">{ s.name.clone() }</th> }) }
            </>
        },
        rows: html! {
            { for props.groups.iter().map(|g| html! {
                <tr>
                    <th scope="row">{ g.label.clone() }</th>
                    { for g.values.iter().map(|v| html! { <td>{ v }</td> }) }
                </tr>
            }) }
        },
    })
}

/// What every chart shows around its drawing.
struct Figure<'a> {
    class: Classes,
    /// Prefix of the ids of the title and description.
    id: &'a str,
    title: &'a AttrValue,
    description: &'a AttrValue,
    width: f64,
    height: f64,
    /// The inside of the `<svg>`.
    plot: Html,
    legend: Option<Html>,
    /// The header cells and the body rows of the hidden table.
    columns: Html,
    rows: Html,
}

/// A `<figure>`: the caption, the SVG named by it and by the description, the legend, and the
/// visually hidden table with the same numbers.
fn figure(f: Figure<'_>) -> Html {
    let title_id = format!("{}-title", f.id);
    let desc_id = format!("{}-desc", f.id);
    let Figure { width, height, .. } = f;
    html! {
        <figure class={f.class}>
            <figcaption id={title_id.clone()}>{ f.title.clone() }</figcaption>
            <svg
                viewBox={format!("0 0 {width:.0} {height:.0}")}
                width={format!("{width:.0}")}
                role="img"
                aria-labelledby={title_id}
                aria-describedby={desc_id.clone()}
                preserveAspectRatio="xMinYMin meet"
            >
                <desc id={desc_id}>{ f.description.clone() }</desc>
                { f.plot }
            </svg>
            { for f.legend }
            <div class="visually-hidden"><table>
                <caption>{ f.title.clone() }</caption>
                <thead>
                    <tr>{ f.columns }</tr>
                </thead>
                <tbody>{ f.rows }</tbody>
            </table></div>
        </figure>
    }
}

/// One row of a capacity chart.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadRow {
    pub label: String,
    pub approved: u32,
    pub proposed: u32,
    pub capacity: u32,
}

#[derive(Properties, PartialEq)]
pub struct LoadChartProps {
    pub id: AttrValue,
    pub title: AttrValue,
    pub description: AttrValue,
    pub rows: Vec<LoadRow>,
}

/// Horizontal bars: approved, then proposed, against an outline of the capacity.
#[component]
pub fn LoadChart(props: &LoadChartProps) -> Html {
    let row_h = 26.0;
    let label_w = 190.0;
    let plot_w = 360.0;
    let width = label_w + plot_w + 70.0;
    let height = row_h * props.rows.len() as f64 + 8.0;
    let max = props
        .rows
        .iter()
        .map(|r| r.capacity.max(r.approved + r.proposed))
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = plot_w / f64::from(max);
    let rows = props.rows.iter().enumerate().map(|(i, r)| {
        let y = 4.0 + row_h * i as f64;
        let a = f64::from(r.approved) * scale;
        let p = f64::from(r.proposed) * scale;
        let c = f64::from(r.capacity) * scale;
        let over = r.approved + r.proposed > r.capacity;
        html! {
            <g class={classes!("load-row", over.then_some("load-over"))}>
                <text class="bar-label" x={format!("{:.1}", label_w - 8.0)} y={format!("{:.1}", y + 15.0)} text-anchor="end">
                    { short(&r.label, 28) }
                </text>
                <rect class="load-capacity" x={format!("{label_w}")} y={format!("{:.1}", y + 2.0)} width={format!("{c:.1}")} height="16" />
                <rect class="load-approved" x={format!("{label_w}")} y={format!("{:.1}", y + 4.0)} width={format!("{a:.1}")} height="12" />
                <rect class="load-proposed" x={format!("{:.1}", label_w + a)} y={format!("{:.1}", y + 4.0)} width={format!("{p:.1}")} height="12" />
                <text class="bar-value" x={format!("{:.1}", label_w + c.max(a + p) + 6.0)} y={format!("{:.1}", y + 15.0)}>
                    { format!("{}+{} / {}", r.approved, r.proposed, r.capacity) }
                </text>
                <title>{ format!("{}: {} approved, {} proposed, capacity {}", r.label, r.approved, r.proposed, r.capacity) }</title>
            </g>
        }
    });
    figure(Figure {
        class: classes!("chart", "load-chart"),
        id: &props.id,
        title: &props.title,
        description: &props.description,
        width,
        height,
        plot: html! { { for rows } },
        legend: Some(html! {
            <ul class="chart-legend" aria-hidden="true">
                <li><span class="legend-swatch load-approved"></span>{ "Approved" }</li>
                <li><span class="legend-swatch load-proposed"></span>{ "Proposed" }</li>
                <li><span class="legend-swatch load-capacity"></span>{ "Capacity" }</li>
            </ul>
        }),
        columns: html! {
            <>
                <th scope="col">{ "Advisor" }</th>
                <th scope="col">{ "Approved" }</th>
                <th scope="col">{ "Proposed" }</th>
                <th scope="col">{ "Capacity" }</th>
            </>
        },
        rows: html! {
            { for props.rows.iter().map(|r| html! {
                <tr>
                    <th scope="row">{ r.label.clone() }</th>
                    <td>{ r.approved }</td>
                    <td>{ r.proposed }</td>
                    <td>{ r.capacity }</td>
                </tr>
            }) }
        },
    })
}

/// The groups of a run's rank histogram: "1st choice", "2nd choice"…, then "Unmatched".
pub fn histogram_groups(histogram: &[u32], unmatched: u32) -> Vec<BarGroup> {
    let mut groups: Vec<BarGroup> = histogram
        .iter()
        .enumerate()
        .map(|(i, n)| BarGroup {
            label: format!("{} choice", crate::util::ordinal(i as u32 + 1)),
            values: vec![*n],
        })
        .collect();
    groups.push(BarGroup {
        label: "Unmatched".to_owned(),
        values: vec![unmatched],
    });
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_ends_with_the_unmatched() {
        let g = histogram_groups(&[5, 2], 1);
        let labels: Vec<&str> = g.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(labels, ["1st choice", "2nd choice", "Unmatched"]);
        assert_eq!(g[2].values, [1]);
        assert_eq!(short("Medical Imaging", 8), "Medical…");
        assert_eq!(short("LLMs", 8), "LLMs");
    }
}
