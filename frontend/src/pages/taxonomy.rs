//! `/taxonomy` (directors): the matcher's vocabulary. Per research area its name, description and
//! concepts (a term and the other ways people write it); concepts of no area; saved whole.

use std::rc::Rc;

use shared::{AreaSpec, ConceptSpec, TaxonomyFile};
use yew::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::form::{FormStatus, split_list};
use crate::components::status::{ErrorPanel, Loading};
use crate::context::Access;
use crate::hooks::{use_action, use_remote, use_title};
use crate::util::{edit, event_value};

#[component]
pub fn TaxonomyPage() -> Html {
    use_title("Taxonomy");
    html! {
        <Require access={Access::Director}>
            <Taxonomy />
        </Require>
    }
}

#[component]
fn Taxonomy() -> Html {
    let remote = use_remote((), |()| api::taxonomy());
    match (&remote.data, &remote.error) {
        (_, Some(e)) => html! {
            <>
                <h1>{ "Taxonomy" }</h1>
                <ErrorPanel error={e.clone()} on_retry={remote.retry.clone()} />
            </>
        },
        (Some(t), None) if !remote.loading => html! { <Editor taxonomy={t.clone()} /> },
        _ => html! {
            <>
                <h1>{ "Taxonomy" }</h1>
                <Loading label="Loading the taxonomy…" />
            </>
        },
    }
}

/// A concept as edited: aliases as typed (comma-separated).
#[derive(Clone, Debug, Default, PartialEq)]
struct Concept {
    term: String,
    aliases: String,
    kind: String,
}

impl Concept {
    fn from_spec(c: &ConceptSpec) -> Self {
        Concept {
            term: c.term.clone(),
            aliases: c.aliases.join(", "),
            kind: c.kind.clone(),
        }
    }

    fn to_spec(&self) -> ConceptSpec {
        ConceptSpec {
            term: self.term.trim().to_owned(),
            aliases: split_list(&self.aliases),
            kind: self.kind.trim().to_owned(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Area {
    slug: String,
    name: String,
    description: String,
    mesh_headings: Vec<String>,
    concepts: Vec<Concept>,
}

#[derive(Clone, Debug, PartialEq)]
struct Draft {
    version: u32,
    areas: Vec<Area>,
    general: Vec<Concept>,
    stopwords: Vec<String>,
}

impl Draft {
    fn from_file(t: &TaxonomyFile) -> Self {
        Draft {
            version: t.version,
            areas: t
                .areas
                .iter()
                .map(|a| Area {
                    slug: a.slug.clone(),
                    name: a.name.clone(),
                    description: a.description.clone(),
                    mesh_headings: a.mesh_headings.clone(),
                    concepts: a.concepts.iter().map(Concept::from_spec).collect(),
                })
                .collect(),
            general: t.general.iter().map(Concept::from_spec).collect(),
            stopwords: t.stopwords.clone(),
        }
    }

    /// The file to save; concepts left without a term are dropped.
    fn to_file(&self) -> TaxonomyFile {
        let concepts = |list: &[Concept]| -> Vec<ConceptSpec> {
            list.iter()
                .filter(|c| !c.term.trim().is_empty())
                .map(Concept::to_spec)
                .collect()
        };
        TaxonomyFile {
            version: self.version,
            areas: self
                .areas
                .iter()
                .map(|a| AreaSpec {
                    slug: a.slug.clone(),
                    name: a.name.trim().to_owned(),
                    description: a.description.trim().to_owned(),
                    mesh_headings: a.mesh_headings.clone(),
                    concepts: concepts(&a.concepts),
                })
                .collect(),
            general: concepts(&self.general),
            stopwords: self.stopwords.clone(),
        }
    }

    /// The concept list of an area (`Some(i)`) or the general one (`None`).
    fn list_mut(&mut self, area: Option<usize>) -> Option<&mut Vec<Concept>> {
        match area {
            Some(i) => self.areas.get_mut(i).map(|a| &mut a.concepts),
            None => Some(&mut self.general),
        }
    }
}

/// An edit of the draft.
enum Edit {
    AreaName(usize, String),
    AreaDescription(usize, String),
    Term(Option<usize>, usize, String),
    Aliases(Option<usize>, usize, String),
    Add(Option<usize>),
    Remove(Option<usize>, usize),
}

fn apply(draft: &mut Draft, edit: Edit) {
    match edit {
        Edit::AreaName(i, v) => {
            if let Some(a) = draft.areas.get_mut(i) {
                a.name = v;
            }
        }
        Edit::AreaDescription(i, v) => {
            if let Some(a) = draft.areas.get_mut(i) {
                a.description = v;
            }
        }
        Edit::Term(area, j, v) => {
            if let Some(c) = draft.list_mut(area).and_then(|l| l.get_mut(j)) {
                c.term = v;
            }
        }
        Edit::Aliases(area, j, v) => {
            if let Some(c) = draft.list_mut(area).and_then(|l| l.get_mut(j)) {
                c.aliases = v;
            }
        }
        Edit::Add(area) => {
            if let Some(l) = draft.list_mut(area) {
                l.push(Concept::default());
            }
        }
        Edit::Remove(area, j) => {
            if let Some(l) = draft.list_mut(area)
                && j < l.len()
            {
                l.remove(j);
            }
        }
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    taxonomy: Rc<TaxonomyFile>,
}

#[component]
fn Editor(props: &EditorProps) -> Html {
    let draft = use_state(|| Draft::from_file(&props.taxonomy));
    let action = use_action();
    let error_ref = use_node_ref();
    let on_edit = edit(&draft, apply);
    {
        let error_ref = error_ref.clone();
        use_effect_with(action.error(), move |e| {
            if e.is_some()
                && let Some(el) = error_ref.cast::<web_sys::HtmlElement>()
                && el.focus().is_err()
            {
                gloo::console::warn!("could not focus the error");
            }
        });
    }
    let onsubmit = {
        let (draft, action) = (draft.clone(), action.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if action.busy() {
                return;
            }
            let file = draft.to_file();
            let draft = draft.clone();
            action.run_saying(
                "Saving the taxonomy…",
                async move { api::save_taxonomy(&file).await },
                move |saved| {
                    draft.set(Draft::from_file(&saved));
                    "Saved. Matching uses the new taxonomy now.".to_owned()
                },
            );
        })
    };
    let d = &*draft;
    let total: usize = d.areas.iter().map(|a| a.concepts.len()).sum::<usize>() + d.general.len();
    html! {
        <section class="taxonomy-page">
            <div class="page-intro">
                <h1>{ "Taxonomy" }</h1>
                <p class="lede">
                    { format!("The words the matcher understands: {total} concepts. Aliases are other ways \
                               people write a term (abbreviations, synonyms, spellings), separated by commas.") }
                </p>
            </div>
            <form class="taxonomy-form" novalidate=true {onsubmit}>
                <div tabindex="-1" ref={error_ref} class="taxonomy-error" id="taxonomy-error">
                    if let Some(e) = action.error() {
                        <ErrorPanel error={e} />
                    }
                </div>
                { for d.areas.iter().enumerate().map(|(i, a)| {
                    let name = {
                        let on_edit = on_edit.clone();
                        Callback::from(move |e: InputEvent| on_edit.emit(Edit::AreaName(i, event_value(&e))))
                    };
                    let description = {
                        let on_edit = on_edit.clone();
                        Callback::from(move |e: InputEvent| on_edit.emit(Edit::AreaDescription(i, event_value(&e))))
                    };
                    html! {
                        <fieldset class="card taxonomy-area" key={a.slug.clone()}>
                            <legend>{ format!("{} ({})", a.name, a.slug) }</legend>
                            <div class="field-row">
                                <div class="field">
                                    <label for={format!("area-{i}-name")}>{ "Name" }</label>
                                    <input id={format!("area-{i}-name")} type="text" value={a.name.clone()} oninput={name} />
                                </div>
                                <div class="field">
                                    <label for={format!("area-{i}-description")}>{ "Description" }</label>
                                    <textarea id={format!("area-{i}-description")} rows="2"
                                        value={a.description.clone()} oninput={description} />
                                </div>
                            </div>
                            <ConceptList area={Some(i)} concepts={a.concepts.clone()} on_edit={on_edit.clone()}
                                label={format!("Concepts of {}", a.name)} />
                        </fieldset>
                    }
                }) }
                <fieldset class="card taxonomy-area">
                    <legend>{ "General concepts (no area)" }</legend>
                    <ConceptList area={None::<usize>} concepts={d.general.clone()} on_edit={on_edit.clone()}
                        label="General concepts" />
                </fieldset>
                <div class="form-actions sticky-actions">
                    <button id="taxonomy-save" type="submit" class="button" disabled={action.busy()}>{ "Save taxonomy" }</button>
                    <FormStatus text={action.status()} id="taxonomy-status" />
                </div>
            </form>
        </section>
    }
}

#[derive(Properties)]
struct ConceptListProps {
    area: Option<usize>,
    concepts: Vec<Concept>,
    on_edit: Callback<Edit>,
    label: AttrValue,
}

impl PartialEq for ConceptListProps {
    fn eq(&self, other: &Self) -> bool {
        self.area == other.area && self.concepts == other.concepts && self.label == other.label
    }
}

#[component]
fn ConceptList(props: &ConceptListProps) -> Html {
    let area = props.area;
    let prefix = match area {
        Some(i) => format!("area-{i}"),
        None => "general".to_owned(),
    };
    let add = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |_: MouseEvent| on_edit.emit(Edit::Add(area)))
    };
    html! {
        <div class="concept-list">
            <table class="data-table concept-table">
                <caption class="visually-hidden">{ props.label.clone() }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Term" }</th>
                        <th scope="col">{ "Aliases (comma-separated)" }</th>
                        <th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                    </tr>
                </thead>
                <tbody>
                    { for props.concepts.iter().enumerate().map(|(j, c)| {
                        let term = {
                            let on_edit = props.on_edit.clone();
                            Callback::from(move |e: InputEvent| on_edit.emit(Edit::Term(area, j, event_value(&e))))
                        };
                        let aliases = {
                            let on_edit = props.on_edit.clone();
                            Callback::from(move |e: InputEvent| on_edit.emit(Edit::Aliases(area, j, event_value(&e))))
                        };
                        let remove = {
                            let on_edit = props.on_edit.clone();
                            Callback::from(move |_: MouseEvent| on_edit.emit(Edit::Remove(area, j)))
                        };
                        let shown = if c.term.trim().is_empty() { "new concept".to_owned() } else { c.term.clone() };
                        html! {
                            <tr class="concept-row">
                                <td>
                                    <label class="visually-hidden" for={format!("{prefix}-term-{j}")}>{ format!("Term {}", j + 1) }</label>
                                    <input id={format!("{prefix}-term-{j}")} class="concept-term" type="text" value={c.term.clone()} oninput={term} />
                                </td>
                                <td>
                                    <label class="visually-hidden" for={format!("{prefix}-aliases-{j}")}>{ format!("Aliases of {shown}") }</label>
                                    <input id={format!("{prefix}-aliases-{j}")} class="concept-aliases" type="text" value={c.aliases.clone()} oninput={aliases} />
                                </td>
                                <td>
                                    <button type="button" class="button button-link concept-remove" onclick={remove}>
                                        { "Remove" }<span class="visually-hidden">{ format!(" {shown}") }</span>
                                    </button>
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <button type="button" class="button button-secondary concept-add" onclick={add}>
                { "Add concept" }<span class="visually-hidden">{ format!(" to {}", props.label) }</span>
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> TaxonomyFile {
        TaxonomyFile {
            version: 2,
            areas: vec![AreaSpec {
                slug: "signals".into(),
                name: "Signals".into(),
                description: "d".into(),
                mesh_headings: vec!["Electrocardiography".into()],
                concepts: vec![ConceptSpec {
                    term: "ecg".into(),
                    aliases: vec!["ekg".into(), "electrocardiogram".into()],
                    kind: "modality".into(),
                }],
            }],
            general: vec![],
            stopwords: vec!["the".into()],
        }
    }

    #[test]
    fn a_draft_round_trips_and_edits_apply() {
        let mut d = Draft::from_file(&file());
        assert_eq!(d.to_file(), file());
        apply(&mut d, Edit::Aliases(Some(0), 0, "ekg, ".into()));
        apply(&mut d, Edit::Add(None));
        apply(&mut d, Edit::Term(None, 0, "cohort".into()));
        apply(&mut d, Edit::Add(Some(0)));
        let f = d.to_file();
        assert_eq!(
            f.areas[0].concepts.len(),
            1,
            "a concept without a term is dropped"
        );
        assert_eq!(f.areas[0].concepts[0].aliases, ["ekg"]);
        assert_eq!(f.general[0].term, "cohort");
        apply(&mut d, Edit::Remove(None, 0));
        apply(&mut d, Edit::Remove(None, 5));
        assert!(d.to_file().general.is_empty());
    }
}
