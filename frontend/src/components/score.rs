//! A score out of 100 as a bar, and the "why" chips that explain it.

use shared::{PartKind, ScorePart};
use yew::prelude::*;

use crate::util::points;

#[derive(Properties, PartialEq)]
pub struct ScoreBarProps {
    /// 0–100.
    pub total: f32,
}

/// A horizontal bar with the number beside it; read as "Score 62 of 100".
#[component]
pub fn ScoreBar(props: &ScoreBarProps) -> Html {
    let total = props.total.clamp(0.0, 100.0);
    let shown = total.round() as u32;
    let tier = match shown {
        60.. => "score-high",
        30..=59 => "score-mid",
        _ => "score-low",
    };
    html! {
        <div class={classes!("score", tier)}>
            <div class="score-bar" role="img" aria-label={format!("Score {shown} of 100")}>
                <div class="score-fill" style={format!("width: {total:.1}%")}></div>
            </div>
            <span class="score-value" aria-hidden="true">{ shown }</span>
        </div>
    }
}

/// The CSS suffix of a part kind (`why-keyword`).
pub fn kind_slug(kind: PartKind) -> &'static str {
    match kind {
        PartKind::Area => "area",
        PartKind::Keyword => "keyword",
        PartKind::Text => "text",
        PartKind::Skill => "skill",
        PartKind::Background => "background",
    }
}

/// Where in the project a part matched, as a person says it.
fn source_label(source: &str) -> String {
    match source {
        "keywords" => "the project's keywords".to_owned(),
        "areas" => "the project's research areas".to_owned(),
        "required_skills" => "the required skills".to_owned(),
        "preferred_backgrounds" => "the preferred backgrounds".to_owned(),
        "text" => "the project's text".to_owned(),
        other => format!("the project's {}", other.replace('_', " ")),
    }
}

/// Tooltip of a chip: what matched where, how closely, and the points it adds.
fn chip_tooltip(part: &ScorePart) -> String {
    let mut tip = format!(
        "{} match in {}",
        part.kind.label(),
        source_label(&part.source)
    );
    if let Some(surface) = &part.matched_as {
        tip.push_str(&format!(" (as \u{201c}{surface}\u{201d})"));
    }
    if let Some(from) = &part.inferred_from {
        tip.push_str(&format!(" (read from your words: {from})"));
    } else if part.weight < 0.995 && part.kind == PartKind::Keyword {
        tip.push_str(&format!(
            " (close match, {}% similar)",
            (part.weight.clamp(0.0, 1.0) * 100.0).round()
        ));
    }
    tip.push_str(&format!(" · +{} pts", points(part.contribution)));
    tip
}

/// "`student term` → `matched`", or just the matched term when they are the same.
fn term_to_match(student_term: &str, matched: &str) -> Html {
    let same = student_term.trim().eq_ignore_ascii_case(matched.trim());
    if same || student_term.trim().is_empty() {
        html! { <mark>{ matched.to_owned() }</mark> }
    } else {
        html! {
            <>
                <span class="why-term">{ student_term.to_owned() }</span>
                { " " }
                <span class="why-arrow">{ "→" }</span>
                { " " }
                <mark>{ matched.to_owned() }</mark>
            </>
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct WhyChipProps {
    pub part: ScorePart,
}

#[component]
pub fn WhyChip(props: &WhyChipProps) -> Html {
    let part = &props.part;
    let body = match part.kind {
        PartKind::Keyword | PartKind::Text => term_to_match(&part.student_term, &part.matched),
        PartKind::Area => html! { <>{ "Area: " }{ part.matched.clone() }</> },
        PartKind::Skill => {
            html! { <>{ "Skill: " }{ term_to_match(&part.student_term, &part.matched) }</> }
        }
        PartKind::Background => html! { <>{ "Background: " }{ part.matched.clone() }</> },
    };
    // The points are in the tooltip for pointer users and in hidden text (outside the chip, so the
    // chip reads exactly "segmentaton → segmentation") for screen readers.
    html! {
        <>
            <span
                class={classes!("why-chip", format!("why-{}", kind_slug(part.kind)))}
                title={chip_tooltip(part)}
            >
                { body }
            </span>
            <span class="visually-hidden">
                { format!(" (+{} points)", points(part.contribution)) }
            </span>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct WhyChipsProps {
    pub parts: Vec<ScorePart>,
    /// How many of the strongest parts to show.
    #[prop_or(6)]
    pub limit: usize,
}

/// The strongest pieces of evidence for a score, strongest first.
#[component]
pub fn WhyChips(props: &WhyChipsProps) -> Html {
    let mut parts: Vec<&ScorePart> = props
        .parts
        .iter()
        .filter(|p| p.contribution > 0.0)
        .collect();
    parts.sort_by(|a, b| b.contribution.total_cmp(&a.contribution));
    if parts.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="why-chips" aria-label="Why it matches">
            { for parts.into_iter().take(props.limit).map(|part| html! {
                <li><WhyChip part={part.clone()} /></li>
            }) }
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(kind: PartKind, student_term: &str, weight: f32) -> ScorePart {
        ScorePart {
            kind,
            student_term: student_term.into(),
            matched: "segmentation".into(),
            matched_as: None,
            inferred_from: None,
            source: "keywords".into(),
            weight,
            contribution: 12.64,
        }
    }

    #[test]
    fn tooltip_names_source_similarity_and_points() {
        let tip = chip_tooltip(&part(PartKind::Keyword, "segmentaton", 0.83));
        assert_eq!(
            tip,
            "Keyword match in the project's keywords (close match, 83% similar) · +12.6 pts"
        );
        let synonym = ScorePart {
            matched: "magnetic resonance imaging".into(),
            matched_as: Some("MRI".into()),
            ..part(PartKind::Keyword, "mri", 1.0)
        };
        assert_eq!(
            chip_tooltip(&synonym),
            "Keyword match in the project's keywords (as \u{201c}MRI\u{201d}) · +12.6 pts"
        );
        let area = ScorePart {
            source: "areas".into(),
            inferred_from: Some("MRI".into()),
            ..part(PartKind::Area, "imaging", 0.5)
        };
        assert!(chip_tooltip(&area).contains("read from your words: MRI"));
    }
}
