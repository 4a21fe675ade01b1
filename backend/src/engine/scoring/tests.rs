use proptest::prelude::*;
use shared::{Background, FacultyRef, Project, ProjectStatus};

use super::*;
use crate::engine::taxonomy::{Taxonomy, TaxonomyFile};

fn taxonomy() -> Taxonomy {
    let file: TaxonomyFile = serde_json::from_str(include_str!("../../../../data/taxonomy.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    Taxonomy::from_file(&file).unwrap_or_else(|e| panic!("{e}"))
}

fn project(id: i32, title: &str, areas: &[&str], keywords: &[&str], description: &str) -> Project {
    Project {
        id: ProjectId(id),
        slug: format!("p{id}"),
        title: title.to_owned(),
        summary: String::new(),
        description: description.to_owned(),
        faculty: FacultyRef {
            id: shared::FacultyId(1),
            slug: "f".into(),
            name: "F".into(),
            title: "Professor".into(),
            department: "D".into(),
        },
        co_mentor: None,
        lab: None,
        areas: areas.iter().map(|s| (*s).to_owned()).collect(),
        keywords: keywords.iter().map(|s| (*s).to_owned()).collect(),
        required_skills: vec!["Python".into(), "PyTorch".into()],
        preferred_backgrounds: vec![Background::Engineering],
        capacity: 2,
        status: ProjectStatus::Open,
        created_at: chrono::DateTime::UNIX_EPOCH,
        updated_at: chrono::DateTime::UNIX_EPOCH,
    }
}

fn corpus() -> Vec<Project> {
    vec![
        project(
            1,
            "Glioma segmentation from multiparametric MRI",
            &["imaging"],
            &["segmentation", "MRI", "U-Net", "glioma"],
            "Brain tumour delineation on magnetic resonance images with deep learning.",
        ),
        project(
            2,
            "Atrial fibrillation detection on smartwatch ECG",
            &["signals"],
            &["ECG", "arrhythmia", "wearables"],
            "Detect arrhythmia episodes in single-lead electrocardiogram from wearable devices.",
        ),
        project(
            3,
            "Discharge summary drafting with large language models",
            &["llms"],
            &["LLM", "discharge summary", "summarization"],
            "Generate discharge summaries from clinical notes in the EHR.",
        ),
        project(
            4,
            "Chest radiograph report generation",
            &["imaging", "llms"],
            &["chest x-ray", "report generation", "vision-language model"],
            "Generate radiology reports from chest radiographs.",
        ),
        project(
            5,
            "EEG seizure detection",
            &["signals"],
            &["EEG", "seizure", "epilepsy"],
            "Detect seizures in scalp EEG from the epilepsy monitoring unit.",
        ),
        project(
            6,
            "Sleep staging from polysomnography",
            &["signals"],
            &["polysomnography", "sleep staging"],
            "Automatic sleep staging from PSG channels.",
        ),
    ]
}

fn interests(text: &str) -> Interests<'_> {
    Interests {
        text,
        areas: &[],
        skills: &[],
        background: None,
    }
}

fn score_of(index: &MatchIndex, tax: &Taxonomy, text: &str, id: i32) -> Score {
    let id = ProjectId(id);
    let profile = index.profile(tax, interests(text));
    index
        .explain(tax, &profile, id)
        .unwrap_or_else(|| panic!("project {id} not indexed"))
}

#[test]
fn the_matching_project_ranks_first_for_each_area() {
    let tax = taxonomy();
    let index = MatchIndex::build(&tax, corpus());
    for (text, expected) in [
        ("segmentaton of brain MRI tumours", 1),
        ("EKG arrythmia on smart watches", 2),
        ("LLM summarising discharge notes", 3),
        ("epileptic seizures in eeg recordings", 5),
    ] {
        let profile = index.profile(&tax, interests(text));
        let ranked = index.rank(&profile, 3);
        assert_eq!(
            ranked[0].project_id,
            ProjectId(expected),
            "{text}: {ranked:?}"
        );
    }
}

#[test]
fn parts_name_the_students_words_and_what_they_matched() {
    let tax = taxonomy();
    let index = MatchIndex::build(&tax, corpus());
    let score = score_of(&index, &tax, "segmentaton of brain MRI tumours", 1);
    let keyword = |student: &str| {
        score
            .parts
            .iter()
            .find(|p| p.kind == PartKind::Keyword && p.student_term == student)
            .map(|p| p.matched.clone())
    };
    assert_eq!(keyword("segmentaton").as_deref(), Some("segmentation"));
    assert!(
        keyword("mri").is_some_and(|m| m.contains("magnetic resonance imaging")),
        "{:?}",
        score.parts
    );
    let typo = score
        .parts
        .iter()
        .find(|p| p.student_term == "segmentaton" && p.kind == PartKind::Keyword)
        .map(|p| p.weight)
        .unwrap_or_default();
    assert!(
        typo < 1.0 && typo > 0.8,
        "a typo weighs a little less: {typo}"
    );
}

#[test]
fn contributions_add_up_to_the_total_and_rank_agrees_with_explain() {
    let tax = taxonomy();
    let index = MatchIndex::build(&tax, corpus());
    let skills = vec!["python".to_owned()];
    let areas = vec!["imaging".to_owned()];
    let profile = index.profile(
        &tax,
        Interests {
            text: "radiology report generation from chest x-rays with transformers",
            areas: &areas,
            skills: &skills,
            background: Some(Background::Engineering),
        },
    );
    for r in index.rank(&profile, 10) {
        let s = index
            .explain(&tax, &profile, r.project_id)
            .unwrap_or_default();
        assert_eq!(s.total, r.total, "rank and explain agree exactly");
        let sum: f32 = s.parts.iter().map(|p| p.contribution).sum();
        assert!((sum - s.total).abs() < 1e-3, "{sum} vs {}", s.total);
    }
}

#[test]
fn ties_are_broken_by_project_id() {
    let tax = taxonomy();
    let twin = |id| {
        project(
            id,
            "EEG seizure detection",
            &["signals"],
            &["EEG"],
            "seizures",
        )
    };
    let index = MatchIndex::build(&tax, vec![twin(9), twin(4), twin(7)]);
    let profile = index.profile(&tax, interests("EEG seizures"));
    let ids: Vec<ProjectId> = index
        .rank(&profile, 3)
        .iter()
        .map(|r| r.project_id)
        .collect();
    assert_eq!(ids, vec![ProjectId(4), ProjectId(7), ProjectId(9)]);
}

#[test]
fn only_open_projects_are_ranked_but_any_can_be_explained() {
    let tax = taxonomy();
    let mut projects = corpus();
    projects[0].status = ProjectStatus::Draft;
    let index = MatchIndex::build(&tax, projects);
    let profile = index.profile(&tax, interests("brain MRI segmentation"));
    assert!(
        index
            .rank(&profile, 10)
            .iter()
            .all(|r| r.project_id != ProjectId(1))
    );
    assert!(index.explain(&tax, &profile, ProjectId(1)).is_some());
}

#[test]
fn upsert_and_remove_keep_the_index_current() {
    let tax = taxonomy();
    let mut index = MatchIndex::build(&tax, corpus());
    let text = "fetal heart rate cardiotocography";
    let profile = index.profile(&tax, interests(text));
    let before = index.rank(&profile, 1);
    index.upsert(
        &tax,
        project(
            42,
            "Cardiotocography analysis in labour",
            &["signals"],
            &["CTG", "fetal heart rate"],
            "Fetal heart rate patterns.",
        ),
    );
    let profile = index.profile(&tax, interests(text));
    assert_eq!(index.rank(&profile, 1)[0].project_id, ProjectId(42));
    assert!(index.remove(&tax, ProjectId(42)));
    let profile = index.profile(&tax, interests(text));
    assert_eq!(index.rank(&profile, 1), before);
    assert!(!index.remove(&tax, ProjectId(42)));
}

#[test]
fn building_in_any_order_gives_the_same_ranking() {
    let tax = taxonomy();
    let a = MatchIndex::build(&tax, corpus());
    let mut reversed = corpus();
    reversed.reverse();
    let b = MatchIndex::build(&tax, reversed);
    for text in ["ECG and EEG", "clinical notes LLM", "MRI"] {
        let pa = a.profile(&tax, interests(text));
        let pb = b.profile(&tax, interests(text));
        assert_eq!(a.rank(&pa, 6), b.rank(&pb, 6));
    }
}

const WORDS: &[&str] = &[
    "mri",
    "ecg",
    "ekg",
    "eeg",
    "llm",
    "segmentation",
    "segmentaton",
    "arrhythmia",
    "arrythmia",
    "wearables",
    "discharge",
    "summaries",
    "tumour",
    "brain",
    "chest",
    "x-ray",
    "radiology",
    "report",
    "sleep",
    "seizure",
    "deep",
    "learning",
    "notes",
    "gpt",
    "smartwatch",
    "the",
    "of",
    "and",
    "banana",
    "quantum",
    "ct",
    "pet",
    "ultrasound",
    "transformer",
];

fn text_strategy() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(WORDS), 0..12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn scores_stay_within_0_and_100(words in text_strategy(), pick_area in 0usize..4) {
        let tax = taxonomy();
        let index = MatchIndex::build(&tax, corpus());
        let areas: Vec<String> = ["imaging", "signals", "llms"].iter().take(pick_area).map(|s| (*s).to_owned()).collect();
        let skills = vec!["Python".to_owned(), "PyTorch".to_owned()];
        let text = words.join(" ");
        let profile = index.profile(&tax, Interests { text: &text, areas: &areas, skills: &skills, background: Some(Background::Engineering) });
        for p in corpus() {
            let s = index.explain(&tax, &profile, p.id).unwrap_or_default();
            prop_assert!((0.0..=100.0).contains(&s.total), "{}", s.total);
            prop_assert!(s.parts.iter().all(|x| x.contribution >= 0.0));
        }
    }

    #[test]
    fn scoring_is_deterministic(words in text_strategy()) {
        let tax = taxonomy();
        let index = MatchIndex::build(&tax, corpus());
        let text = words.join(" ");
        let first = index.profile(&tax, interests(&text));
        let again = index.profile(&tax, interests(&text));
        prop_assert_eq!(&first, &again);
        prop_assert_eq!(index.rank(&first, 6), index.rank(&again, 6));
        for p in corpus() {
            prop_assert_eq!(index.explain(&tax, &first, p.id), index.explain(&tax, &again, p.id));
        }
    }

    /// Adding a term the project itself uses never lowers that project's score.
    #[test]
    fn adding_a_matching_term_never_lowers_the_score(words in text_strategy(), which in 0usize..6, kw in 0usize..3) {
        let tax = taxonomy();
        let projects = corpus();
        let index = MatchIndex::build(&tax, projects.clone());
        let p = &projects[which];
        let term = &p.keywords[kw % p.keywords.len()];
        let base = words.join(" ");
        let more = format!("{base} {term}");
        let before = score_of(&index, &tax, &base, p.id.get()).total;
        let after = score_of(&index, &tax, &more, p.id.get()).total;
        prop_assert!(after >= before - 1e-4, "{base:?} + {term:?}: {before} -> {after}");
    }

    /// Every taxonomy term of 6+ letters still finds its concept with one letter dropped or swapped.
    #[test]
    fn a_one_letter_typo_still_matches(concept in 0usize..150, pos in 1usize..20, swap in any::<bool>()) {
        let tax = taxonomy();
        let c = &tax.concepts[concept % tax.concepts.len()];
        let word = c.term.split_whitespace().max_by_key(|w| w.len()).unwrap_or_default();
        prop_assume!(word.len() >= 6 && c.term.chars().all(|ch| ch.is_ascii_lowercase()));
        let i = 1 + pos % (word.len() - 2);
        let typo: String = if swap {
            let mut b = word.as_bytes().to_vec();
            b.swap(i, i + 1);
            String::from_utf8(b).unwrap_or_default()
        } else {
            format!("{}{}", &word[..i], &word[i + 1..])
        };
        prop_assume!(typo != word);
        let found = tax.find_concepts(&crate::engine::taxonomy::normalize(&typo));
        prop_assert!(found.iter().any(|h| h.concept == c.id), "{typo:?} did not find {:?}", c.term);
    }
}
