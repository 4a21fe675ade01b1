//! Research areas: toggle chips to filter or choose by area, and read-only badges.

use yew::prelude::*;

use crate::context::use_areas;

#[derive(Properties, PartialEq)]
pub struct AreaChipsProps {
    /// Slugs of the areas that are on.
    pub selected: Vec<String>,
    /// Called with the slug of the chip pressed; the parent decides what "on" means.
    pub on_toggle: Callback<String>,
    #[prop_or(AttrValue::Static("Research area"))]
    pub legend: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// One `<button aria-pressed>` per research area, in a fieldset.
#[component]
pub fn AreaChips(props: &AreaChipsProps) -> Html {
    let areas = use_areas();
    let chips = areas.list.iter().map(|area| {
        let pressed = props.selected.contains(&area.slug);
        let onclick = {
            let slug = area.slug.clone();
            let on_toggle = props.on_toggle.clone();
            Callback::from(move |_: MouseEvent| on_toggle.emit(slug.clone()))
        };
        html! {
            <button
                type="button"
                class={classes!("chip", "chip-toggle", format!("area-{}", area.slug))}
                aria-pressed={if pressed { "true" } else { "false" }}
                title={area.description.clone()}
                {onclick}
            >
                { area.name.clone() }
            </button>
        }
    });
    let status = if areas.error.is_some() {
        html! { <p class="field-hint">{ "Research areas could not be loaded." }</p> }
    } else if areas.loading && areas.list.is_empty() {
        html! { <p class="field-hint">{ "Loading research areas…" }</p> }
    } else {
        Html::default()
    };
    html! {
        <fieldset class="chip-fieldset">
            <legend>{ props.legend.clone() }</legend>
            if let Some(hint) = &props.hint {
                <p class="field-hint">{ hint.clone() }</p>
            }
            <div class="chip-group">
                { for chips }
            </div>
            { status }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
pub struct AreaBadgesProps {
    /// Area slugs.
    pub areas: Vec<String>,
}

/// The names of some areas, as colour-coded badges.
#[component]
pub fn AreaBadges(props: &AreaBadgesProps) -> Html {
    let areas = use_areas();
    if props.areas.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="badges" aria-label="Research areas">
            { for props.areas.iter().map(|slug| html! {
                <li class={classes!("badge", "badge-area", format!("area-{slug}"))}>
                    { areas.name_of(slug) }
                </li>
            }) }
        </ul>
    }
}
