//! Interest scoring that explains itself.
//!
//! A student's interests (free text, ticked areas, skills, background) are turned once into a
//! [`StudentProfile`]; every project is analysed once into the [`MatchIndex`]. A score is 0–100 and
//! is the sum of five explicit parts, each carrying its evidence ([`shared::ScorePart`]):
//!
//! | part         | max | what it measures |
//! |--------------|-----|------------------|
//! | `area`       | 20  | research areas shared by the student (ticked = 1.0, read from the text = up to 0.8) and the project: `20 · (1 − Π(1 − wₐ))` over shared areas |
//! | `keyword`    | 40  | taxonomy concepts the student named (synonyms, abbreviations and typos resolved by [`Taxonomy::find_concepts`]) that the project names in its keywords or title (×1.0), summary (×0.8) or description (×0.6), each weighted by the concept's IDF over projects: `40 · (1 − e^(−Σ/τₖ))` |
//! | `text`       | 20  | TF-IDF: the student's words (typos corrected against the index vocabulary) against the project's unit TF-IDF vector over title ×3, keywords ×3, summary ×2 and description ×1: `20 · (1 − e^(−Σ idfₜ·p̂ₜ/τₜ))` |
//! | `skill`      | 10  | share of the project's required skills the student has |
//! | `background` | 10  | the student's background is one the project prefers |
//!
//! **Why saturating sums instead of a plain cosine.** A cosine between student and project vectors
//! can *fall* when the student adds a word the project also uses (the vectors' angle changes), so a
//! student who writes more about exactly what a project does could see it drop. Summing positive
//! evidence and saturating with `1 − e^(−x/τ)` keeps every part bounded and **monotone**: adding a
//! matching term never lowers a score (property-tested below). The project side is still the
//! classic unit-length TF-IDF vector, so long descriptions do not win by length.
//!
//! Deterministic: no randomness, no hash-order dependence (evidence is accumulated in the profile's
//! order), ties broken by project id. Ranking uses inverted postings, so ranking one student against
//! every project touches only the projects that share a term, plus O(1) work per project for
//! area/skill/background; no project is re-tokenised.

use std::collections::{BTreeMap, HashMap};

use shared::{Background, PartKind, Project, ProjectId, ProjectStatus, Score, ScorePart};

use super::taxonomy::{
    ConceptId, Taxonomy, fold, letter_mask, may_be_typo, normalize, typo_similarity,
};

pub const AREA_POINTS: f32 = 20.0;
pub const KEYWORD_POINTS: f32 = 40.0;
pub const TEXT_POINTS: f32 = 20.0;
pub const SKILL_POINTS: f32 = 10.0;
pub const BACKGROUND_POINTS: f32 = 10.0;

/// Keyword evidence at which 63 % of the keyword points are reached (≈ two specific concepts).
const KEYWORD_TAU: f32 = 6.0;
/// Text evidence at which 63 % of the text points are reached.
const TEXT_TAU: f32 = 1.2;
/// Weight of an area the student did not tick but wrote about, per concept found, capped.
const INFERRED_AREA_PER_HIT: f32 = 0.4;
const INFERRED_AREA_MAX: f32 = 0.8;

const FIELD_WEIGHTS: [(&str, f32); 4] = [
    ("keywords", 1.0),
    ("title", 1.0),
    ("summary", 0.8),
    ("description", 0.6),
];
const TEXT_BOOSTS: [(&str, f32); 4] = [
    ("title", 3.0),
    ("keywords", 3.0),
    ("summary", 2.0),
    ("description", 1.0),
];

/// What a student brings, stored or not.
#[derive(Debug, Clone, Copy)]
pub struct Interests<'a> {
    pub text: &'a str,
    pub areas: &'a [String],
    pub skills: &'a [String],
    pub background: Option<Background>,
}

type TermId = u32;
type SkillId = u32;

/// One project, analysed once.
#[derive(Debug, Clone)]
struct Doc {
    project: Project,
    /// Normalised term → boosted term frequency.
    term_freq: BTreeMap<String, f32>,
    /// Normalised term → the word as the project wrote it (first seen), for explanations.
    term_surface: HashMap<String, String>,
    /// Concept → (field weight, field name, words as written), best field kept.
    concepts: BTreeMap<ConceptId, (f32, &'static str, String)>,
    /// Normalised required skills.
    skills: Vec<String>,
    area_mask: u32,
    background_mask: u8,
    // Filled by `reindex`:
    /// Unit TF-IDF vector, sorted by term id.
    vector: Vec<(TermId, f32)>,
    skill_ids: Vec<SkillId>,
}

fn background_bit(b: Background) -> u8 {
    match b {
        Background::Engineering => 1,
        Background::ComputerScience => 2,
        Background::Clinical => 4,
    }
}

fn area_bit(taxonomy: &Taxonomy, slug: &str) -> u32 {
    taxonomy
        .areas
        .iter()
        .position(|(s, _)| s == slug)
        .filter(|i| *i < 32)
        .map_or(0, |i| 1 << i)
}

/// A skill as compared: folded, whitespace collapsed (`Hugging Face` = `hugging-face`).
fn skill_key(skill: &str) -> String {
    fold(skill).split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Doc {
    fn analyse(taxonomy: &Taxonomy, project: Project) -> Doc {
        let keywords = project.keywords.join(" ; ");
        let fields: [(&'static str, &str); 4] = [
            ("keywords", &keywords),
            ("title", &project.title),
            ("summary", &project.summary),
            ("description", &project.description),
        ];
        let mut term_freq: BTreeMap<String, f32> = BTreeMap::new();
        let mut term_surface: HashMap<String, String> = HashMap::new();
        let mut concepts: BTreeMap<ConceptId, (f32, &'static str, String)> = BTreeMap::new();
        for (field, text) in fields {
            let tokens = normalize(text);
            let boost = TEXT_BOOSTS
                .iter()
                .find(|(f, _)| *f == field)
                .map_or(1.0, |(_, b)| *b);
            for t in taxonomy.content_tokens(&tokens) {
                *term_freq.entry(t.norm.clone()).or_default() += boost;
                term_surface
                    .entry(t.norm.clone())
                    .or_insert_with(|| t.surface.clone());
            }
            let weight = FIELD_WEIGHTS
                .iter()
                .find(|(f, _)| *f == field)
                .map_or(0.5, |(_, w)| *w);
            // Projects are written carefully: only exact forms count on this side.
            for hit in taxonomy.find_exact_concepts(&tokens) {
                let entry =
                    concepts
                        .entry(hit.concept)
                        .or_insert((0.0, field, hit.surface.clone()));
                if weight > entry.0 {
                    *entry = (weight, field, hit.surface);
                }
            }
        }
        let area_mask = project
            .areas
            .iter()
            .fold(0, |m, a| m | area_bit(taxonomy, a));
        let background_mask = project
            .preferred_backgrounds
            .iter()
            .fold(0, |m, b| m | background_bit(*b));
        let skills = project
            .required_skills
            .iter()
            .map(|s| skill_key(s))
            .collect();
        Doc {
            project,
            term_freq,
            term_surface,
            concepts,
            skills,
            area_mask,
            background_mask,
            vector: Vec::new(),
            skill_ids: Vec::new(),
        }
    }

    fn is_open(&self) -> bool {
        self.project.status == ProjectStatus::Open
    }
}

/// Every project, analysed, with the inverted postings used to rank students against them.
#[derive(Debug, Clone, Default)]
pub struct MatchIndex {
    docs: Vec<Doc>,
    terms: Vec<String>,
    term_ids: HashMap<String, TermId>,
    /// Term ids by length, with letter masks, for typo look-ups.
    terms_by_len: BTreeMap<usize, Vec<(TermId, u64)>>,
    term_idf: Vec<f32>,
    term_postings: Vec<Vec<(u32, f32)>>,
    concept_idf: Vec<f32>,
    concept_postings: Vec<Vec<(u32, f32)>>,
    skill_ids: HashMap<String, SkillId>,
}

/// A student's interests, resolved against the taxonomy and the index vocabulary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StudentProfile {
    /// Distinct concepts, in the order first written; best similarity kept.
    pub concepts: Vec<ProfileConcept>,
    /// Distinct index terms, in the order first written.
    pub terms: Vec<ProfileTerm>,
    /// Areas ticked (weight 1.0) or read from the text (up to 0.8).
    pub areas: Vec<ProfileArea>,
    /// `(skill id, as written)` for skills some project requires.
    skills: Vec<(SkillId, String)>,
    pub background: Option<Background>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProfileConcept {
    pub concept: ConceptId,
    pub surface: String,
    pub similarity: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProfileTerm {
    term: TermId,
    pub surface: String,
    /// `idf × similarity` (similarity < 1 for a corrected typo).
    pub weight: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProfileArea {
    pub slug: String,
    pub bit: u32,
    pub weight: f32,
    /// The student's words it was read from; `None` when the student ticked the area.
    pub inferred_from: Option<String>,
}

impl StudentProfile {
    /// Area slugs read from the text that the student did not tick.
    pub fn inferred_areas(&self) -> Vec<String> {
        self.areas
            .iter()
            .filter(|a| a.inferred_from.is_some())
            .map(|a| a.slug.clone())
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty() && self.terms.is_empty() && self.areas.is_empty()
    }
}

fn saturate(points: f32, raw: f32, tau: f32) -> f32 {
    points * (1.0 - (-raw / tau).exp())
}

/// A ranked project: its position in the index and its total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    doc: u32,
    pub project_id: ProjectId,
    pub total: f32,
}

impl MatchIndex {
    /// Analyses every project and builds the postings.
    pub fn build(taxonomy: &Taxonomy, projects: impl IntoIterator<Item = Project>) -> MatchIndex {
        let mut docs: Vec<Doc> = projects
            .into_iter()
            .map(|p| Doc::analyse(taxonomy, p))
            .collect();
        docs.sort_by_key(|d| d.project.id);
        let mut index = MatchIndex {
            docs,
            ..MatchIndex::default()
        };
        index.reindex(taxonomy);
        index
    }

    /// Adds or replaces one project. Only that project is re-analysed; weights and postings are
    /// recomputed from the cached analyses (IDF depends on every project).
    pub fn upsert(&mut self, taxonomy: &Taxonomy, project: Project) {
        let doc = Doc::analyse(taxonomy, project);
        match self
            .docs
            .binary_search_by_key(&doc.project.id, |d| d.project.id)
        {
            Ok(i) => self.docs[i] = doc,
            Err(i) => self.docs.insert(i, doc),
        }
        self.reindex(taxonomy);
    }

    /// Drops a project; returns whether it was there.
    pub fn remove(&mut self, taxonomy: &Taxonomy, project_id: ProjectId) -> bool {
        match self
            .docs
            .binary_search_by_key(&project_id, |d| d.project.id)
        {
            Ok(i) => {
                self.docs.remove(i);
                self.reindex(taxonomy);
                true
            }
            Err(_) => false,
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub fn project(&self, id: ProjectId) -> Option<&Project> {
        self.docs
            .binary_search_by_key(&id, |d| d.project.id)
            .ok()
            .map(|i| &self.docs[i].project)
    }

    fn reindex(&mut self, taxonomy: &Taxonomy) {
        let n = self.docs.len() as f32;
        let idf = |df: usize| ((n + 1.0) / (df as f32 + 1.0)).ln() + 1.0;

        // Vocabulary, in sorted order so ids do not depend on hash order.
        let mut df: BTreeMap<&str, usize> = BTreeMap::new();
        for d in &self.docs {
            for t in d.term_freq.keys() {
                *df.entry(t.as_str()).or_default() += 1;
            }
        }
        self.terms = df.keys().map(|t| (*t).to_owned()).collect();
        self.term_ids = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as TermId))
            .collect();
        self.term_idf = df.values().map(|&c| idf(c)).collect();
        self.terms_by_len = BTreeMap::new();
        for (i, t) in self.terms.iter().enumerate() {
            self.terms_by_len
                .entry(t.chars().count())
                .or_default()
                .push((i as TermId, letter_mask(t)));
        }

        let mut skills: Vec<&str> = self
            .docs
            .iter()
            .flat_map(|d| d.skills.iter().map(String::as_str))
            .collect();
        skills.sort_unstable();
        skills.dedup();
        self.skill_ids = skills
            .iter()
            .enumerate()
            .map(|(i, s)| ((*s).to_owned(), i as SkillId))
            .collect();

        self.term_postings = vec![Vec::new(); self.terms.len()];
        self.concept_postings = vec![Vec::new(); taxonomy.concepts.len()];
        let mut concept_df = vec![0usize; taxonomy.concepts.len()];
        for (doc_i, d) in self.docs.iter_mut().enumerate() {
            let mut vector: Vec<(TermId, f32)> = d
                .term_freq
                .iter()
                .filter_map(|(t, tf)| {
                    let id = *self.term_ids.get(t)?;
                    Some((id, (1.0 + tf.ln()) * self.term_idf[id as usize]))
                })
                .collect();
            let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (_, w) in &mut vector {
                    *w /= norm;
                }
            }
            vector.sort_by_key(|(id, _)| *id);
            for &(id, w) in &vector {
                self.term_postings[id as usize].push((doc_i as u32, w));
            }
            d.vector = vector;
            for (&c, &(w, _, _)) in &d.concepts {
                if let Some(p) = self.concept_postings.get_mut(c as usize) {
                    p.push((doc_i as u32, w));
                    concept_df[c as usize] += 1;
                }
            }
            d.skill_ids = d
                .skills
                .iter()
                .filter_map(|s| self.skill_ids.get(s).copied())
                .collect();
        }
        self.concept_idf = concept_df.into_iter().map(idf).collect();
    }

    /// The index term a student's word stands for, with the similarity (1.0 exact, less for a typo).
    fn resolve_term(&self, norm: &str) -> Option<(TermId, f32)> {
        if let Some(&id) = self.term_ids.get(norm) {
            return Some((id, 1.0));
        }
        let n = norm.chars().count();
        let mask = letter_mask(norm);
        self.terms_by_len
            .range(n.saturating_sub(2)..=n + 2)
            .flat_map(|(_, ids)| ids.iter())
            .filter(|(_, m)| may_be_typo(mask, *m))
            .filter_map(|&(id, _)| typo_similarity(norm, &self.terms[id as usize]).map(|s| (id, s)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
    }

    /// Resolves a student's interests once, so they can be scored against every project cheaply.
    pub fn profile(&self, taxonomy: &Taxonomy, interests: Interests<'_>) -> StudentProfile {
        let tokens = normalize(interests.text);
        let mut profile = StudentProfile {
            background: interests.background,
            ..StudentProfile::default()
        };

        for hit in taxonomy.find_concepts(&tokens) {
            match profile
                .concepts
                .iter_mut()
                .find(|c| c.concept == hit.concept)
            {
                Some(existing) => {
                    if hit.similarity > existing.similarity {
                        existing.similarity = hit.similarity;
                        existing.surface = hit.surface;
                    }
                }
                None => profile.concepts.push(ProfileConcept {
                    concept: hit.concept,
                    surface: hit.surface,
                    similarity: hit.similarity,
                }),
            }
        }

        for t in taxonomy.content_tokens(&tokens) {
            let Some((term, sim)) = self.resolve_term(&t.norm) else {
                continue;
            };
            if profile.terms.iter().any(|p| p.term == term) {
                continue;
            }
            profile.terms.push(ProfileTerm {
                term,
                surface: t.surface.clone(),
                weight: self.term_idf[term as usize] * sim,
            });
        }

        for slug in interests.areas {
            let bit = area_bit(taxonomy, slug);
            if bit != 0 && !profile.areas.iter().any(|a| a.bit == bit) {
                profile.areas.push(ProfileArea {
                    slug: slug.clone(),
                    bit,
                    weight: 1.0,
                    inferred_from: None,
                });
            }
        }
        let mut inferred: Vec<(String, f32, Vec<String>)> = Vec::new();
        for c in &profile.concepts {
            let Some(area) = &taxonomy.concept(c.concept).area else {
                continue;
            };
            match inferred.iter_mut().find(|(s, _, _)| s == area) {
                Some(entry) => {
                    entry.1 += c.similarity;
                    entry.2.push(c.surface.clone());
                }
                None => inferred.push((area.clone(), c.similarity, vec![c.surface.clone()])),
            }
        }
        for (slug, hits, words) in inferred {
            let bit = area_bit(taxonomy, &slug);
            if bit == 0 || profile.areas.iter().any(|a| a.bit == bit) {
                continue;
            }
            profile.areas.push(ProfileArea {
                slug,
                bit,
                weight: (hits * INFERRED_AREA_PER_HIT).min(INFERRED_AREA_MAX),
                inferred_from: Some(words.join(", ")),
            });
        }

        for skill in interests.skills {
            let key = skill_key(skill);
            let found = self.skill_ids.get(&key).copied().or_else(|| {
                self.skill_ids
                    .iter()
                    .filter_map(|(s, id)| typo_similarity(&key, s).map(|sim| (*id, sim)))
                    .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|(id, _)| id)
            });
            if let Some(id) = found
                && !profile.skills.iter().any(|(s, _)| *s == id)
            {
                profile.skills.push((id, skill.trim().to_owned()));
            }
        }
        profile
    }

    fn area_points(profile: &StudentProfile, mask: u32) -> f32 {
        let miss: f32 = profile
            .areas
            .iter()
            .filter(|a| mask & a.bit != 0)
            .map(|a| 1.0 - a.weight)
            .product();
        AREA_POINTS * (1.0 - miss)
    }

    fn skill_points(profile: &StudentProfile, doc: &Doc) -> f32 {
        if doc.skill_ids.is_empty() {
            return 0.0;
        }
        let have = doc
            .skill_ids
            .iter()
            .filter(|id| profile.skills.iter().any(|(s, _)| s == *id))
            .count();
        SKILL_POINTS * have as f32 / doc.skill_ids.len() as f32
    }

    fn background_points(profile: &StudentProfile, doc: &Doc) -> f32 {
        match profile.background {
            Some(b) if doc.background_mask & background_bit(b) != 0 => BACKGROUND_POINTS,
            _ => 0.0,
        }
    }

    fn total(profile: &StudentProfile, doc: &Doc, keyword_raw: f32, text_raw: f32) -> f32 {
        let total = Self::area_points(profile, doc.area_mask)
            + saturate(KEYWORD_POINTS, keyword_raw, KEYWORD_TAU)
            + saturate(TEXT_POINTS, text_raw, TEXT_TAU)
            + Self::skill_points(profile, doc)
            + Self::background_points(profile, doc);
        total.clamp(0.0, 100.0)
    }

    /// Every open project's total for this profile, best first, ties by project id; at most `limit`.
    pub fn rank(&self, profile: &StudentProfile, limit: usize) -> Vec<Ranked> {
        let mut keyword = vec![0.0_f32; self.docs.len()];
        let mut text = vec![0.0_f32; self.docs.len()];
        for c in &profile.concepts {
            let idf = self
                .concept_idf
                .get(c.concept as usize)
                .copied()
                .unwrap_or(0.0);
            if let Some(postings) = self.concept_postings.get(c.concept as usize) {
                for &(doc, field) in postings {
                    keyword[doc as usize] += idf * c.similarity * field;
                }
            }
        }
        for t in &profile.terms {
            for &(doc, w) in &self.term_postings[t.term as usize] {
                text[doc as usize] += t.weight * w;
            }
        }
        let mut ranked: Vec<Ranked> = self
            .docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_open())
            .map(|(i, d)| Ranked {
                doc: i as u32,
                project_id: d.project.id,
                total: Self::total(profile, d, keyword[i], text[i]),
            })
            .collect();
        let order = |a: &Ranked, b: &Ranked| {
            b.total
                .total_cmp(&a.total)
                .then_with(|| a.project_id.cmp(&b.project_id))
        };
        if limit < ranked.len() {
            if limit == 0 {
                return Vec::new();
            }
            ranked.select_nth_unstable_by(limit - 1, order);
            ranked.truncate(limit);
        }
        ranked.sort_by(order);
        ranked
    }

    /// The full, explained score of one project (any status) for this profile, or `None` if the
    /// project is not in the index. Its total equals the one [`MatchIndex::rank`] computes.
    pub fn explain(
        &self,
        taxonomy: &Taxonomy,
        profile: &StudentProfile,
        project_id: ProjectId,
    ) -> Option<Score> {
        let doc_i = self
            .docs
            .binary_search_by_key(&project_id, |d| d.project.id)
            .ok()?;
        Some(self.explain_doc(taxonomy, profile, &self.docs[doc_i]))
    }

    /// The ranked project itself.
    pub fn project_of(&self, r: &Ranked) -> &Project {
        &self.docs[r.doc as usize].project
    }

    fn explain_doc(&self, taxonomy: &Taxonomy, profile: &StudentProfile, doc: &Doc) -> Score {
        let mut parts = Vec::new();

        // Area
        let area_pts = Self::area_points(profile, doc.area_mask);
        let shared: Vec<&ProfileArea> = profile
            .areas
            .iter()
            .filter(|a| doc.area_mask & a.bit != 0)
            .collect();
        let weight_sum: f32 = shared.iter().map(|a| a.weight).sum();
        for a in &shared {
            let name = taxonomy.area_name(&a.slug).unwrap_or(&a.slug);
            parts.push(ScorePart {
                kind: PartKind::Area,
                student_term: a.slug.clone(),
                matched: name.to_owned(),
                matched_as: None,
                inferred_from: a.inferred_from.clone(),
                source: "areas".to_owned(),
                weight: a.weight,
                contribution: if weight_sum > 0.0 {
                    area_pts * a.weight / weight_sum
                } else {
                    0.0
                },
            });
        }

        // Keyword
        let mut keyword_raw = 0.0_f32;
        let mut keyword_parts = Vec::new();
        for c in &profile.concepts {
            if let Some((field_w, field, surface)) = doc.concepts.get(&c.concept) {
                let idf = self
                    .concept_idf
                    .get(c.concept as usize)
                    .copied()
                    .unwrap_or(0.0);
                let x = idf * c.similarity * field_w;
                keyword_raw += x;
                let term = &taxonomy.concept(c.concept).term;
                let matched_as = (surface != term).then(|| surface.clone());
                keyword_parts.push((
                    x,
                    c.surface.clone(),
                    term.clone(),
                    matched_as,
                    *field,
                    c.similarity * field_w,
                ));
            }
        }
        let keyword_pts = saturate(KEYWORD_POINTS, keyword_raw, KEYWORD_TAU);
        for (x, student_term, matched, matched_as, field, weight) in keyword_parts {
            parts.push(ScorePart {
                kind: PartKind::Keyword,
                student_term,
                matched,
                matched_as,
                inferred_from: None,
                source: field.to_owned(),
                weight,
                contribution: if keyword_raw > 0.0 {
                    keyword_pts * x / keyword_raw
                } else {
                    0.0
                },
            });
        }

        // Text
        let mut text_raw = 0.0_f32;
        let mut text_parts = Vec::new();
        for t in &profile.terms {
            if let Ok(i) = doc.vector.binary_search_by_key(&t.term, |(id, _)| *id) {
                let x = t.weight * doc.vector[i].1;
                text_raw += x;
                let norm = &self.terms[t.term as usize];
                let matched = doc
                    .term_surface
                    .get(norm)
                    .cloned()
                    .unwrap_or_else(|| norm.clone());
                text_parts.push((x, t.surface.clone(), matched, doc.vector[i].1));
            }
        }
        let text_pts = saturate(TEXT_POINTS, text_raw, TEXT_TAU);
        for (x, student_term, matched, weight) in text_parts {
            parts.push(ScorePart {
                kind: PartKind::Text,
                student_term,
                matched,
                matched_as: None,
                inferred_from: None,
                source: "text".to_owned(),
                weight,
                contribution: if text_raw > 0.0 {
                    text_pts * x / text_raw
                } else {
                    0.0
                },
            });
        }

        // Skills
        let skill_pts = Self::skill_points(profile, doc);
        let have: Vec<(usize, &String)> = doc
            .skill_ids
            .iter()
            .enumerate()
            .filter_map(|(i, id)| {
                profile
                    .skills
                    .iter()
                    .find(|(s, _)| s == id)
                    .map(|(_, written)| (i, written))
            })
            .collect();
        for (i, written) in &have {
            parts.push(ScorePart {
                kind: PartKind::Skill,
                student_term: (*written).clone(),
                matched: doc
                    .project
                    .required_skills
                    .get(*i)
                    .cloned()
                    .unwrap_or_default(),
                matched_as: None,
                inferred_from: None,
                source: "required_skills".to_owned(),
                weight: 1.0,
                contribution: skill_pts / have.len() as f32,
            });
        }

        // Background
        let bg_pts = Self::background_points(profile, doc);
        if let (Some(b), true) = (profile.background, bg_pts > 0.0) {
            parts.push(ScorePart {
                kind: PartKind::Background,
                student_term: b.label().to_owned(),
                matched: b.label().to_owned(),
                matched_as: None,
                inferred_from: None,
                source: "preferred_backgrounds".to_owned(),
                weight: 1.0,
                contribution: bg_pts,
            });
        }

        parts.sort_by(|a, b| {
            b.contribution
                .total_cmp(&a.contribution)
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.student_term.cmp(&b.student_term))
        });
        Score {
            total: Self::total(profile, doc, keyword_raw, text_raw),
            parts,
        }
    }
}

/// The matching engine's current view of the program: the taxonomy and the project index built
/// with it. Swapped whole when the catalogue changes, so a reader never sees half an update.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub taxonomy: std::sync::Arc<Taxonomy>,
    pub index: MatchIndex,
}

impl Matcher {
    /// A stored student's profile (interests, areas, skills, background) analysed for matching.
    pub fn student_profile(&self, s: &shared::Student) -> StudentProfile {
        self.index.profile(
            &self.taxonomy,
            Interests {
                text: &s.interests,
                areas: &s.areas,
                skills: &s.skills,
                background: Some(s.background),
            },
        )
    }
}

#[cfg(test)]
mod tests;
