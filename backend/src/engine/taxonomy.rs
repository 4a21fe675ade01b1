//! The research-area taxonomy and the text normalisation every other engine relies on.
//!
//! A [`Taxonomy`] is built from `data/taxonomy.json` (see [`TaxonomyFile`]): three areas (`imaging`,
//! `signals`, `llms`), each with *concepts* — a canonical term (`electrocardiogram`) plus aliases
//! (`ecg`, `ekg`, `12-lead`) — and a list of cross-area `general` concepts (`deep learning`).
//!
//! Normalisation ([`normalize`]) folds case and accents, turns punctuation into spaces, maps British
//! spellings to American (`tumour` → `tumor`, `oesophageal` → `esophageal`) and applies a light
//! suffix stemmer (`segmentations` → `segmentation`, `imaging`/`images` → `imag`). Abbreviations are
//! expanded by concept lookup: `EKG` and `electrocardiogram` find the same concept.
//!
//! [`Taxonomy::find_concepts`] scans normalised tokens for the longest concept phrase at each
//! position. A token that is not an exact form may still match by a **typo-tolerant** comparison
//! ([`typo_similarity`]): Damerau–Levenshtein distance (`strsim::damerau_levenshtein`, which counts a
//! swap of neighbours as one edit) of at most 1 for words of 5–8 letters and at most 2 from 9 letters
//! on, never when the longer word has fewer than 5 letters or the shorter fewer than 4 (so `ECG`
//! never turns into `EEG`, nor `CT` into `MRI`). We chose
//! an edit distance over Jaro–Winkler because Jaro–Winkler rewards shared prefixes, and medical terms
//! share long prefixes while meaning different things (`cardiomyopathy` / `cardiomyocyte` score 0.93).
//!
//! Pure: no I/O. Parsing the file is the caller's job.

use std::collections::{BTreeMap, HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

/// Longest phrase, in tokens, a concept form may have.
const MAX_PHRASE: usize = 8;
/// A typo match needs the longer word to have at least this many letters and the shorter one at
/// least one fewer (stemming may shorten a word: `stroke` → `strok`).
pub const MIN_TYPO_LEN: usize = 5;

/// `data/taxonomy.json` as written by a program director; shared with the SPA's taxonomy editor.
pub use shared::{AreaSpec, ConceptSpec, TaxonomyFile};

/// Index of a concept in [`Taxonomy::concepts`].
pub type ConceptId = u32;

#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    pub id: ConceptId,
    /// Canonical term, as written in the file.
    pub term: String,
    /// Area slug; `None` for general (cross-area) concepts.
    pub area: Option<String>,
    pub kind: String,
}

/// One concept occurrence found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptHit {
    pub concept: ConceptId,
    /// The words as they stood in the text (`segmentaton`, `EKG`).
    pub surface: String,
    /// 1.0 for an exact form; less for a tolerated typo.
    pub similarity: f32,
    /// Token range `[start, end)` in the normalised token list.
    pub start: usize,
    pub end: usize,
}

/// A normalised token and the original word it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Stemmed, folded form used for matching.
    pub norm: String,
    /// The word as written (after case folding), for explanations.
    pub surface: String,
}

/// The loaded taxonomy. Cheap to share (`Arc`), immutable once built.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub concepts: Vec<Concept>,
    /// Area slugs in file order, with display names.
    pub areas: Vec<(String, String)>,
    /// Normalised phrase → concept.
    forms: HashMap<Vec<String>, ConceptId>,
    /// First token of a form → the forms' token lengths, longest first.
    first_tokens: HashMap<String, Vec<usize>>,
    /// Distinct single tokens of all forms, by length, with their letter masks, for typo look-ups.
    vocab_by_len: BTreeMap<usize, Vec<(String, u64)>>,
    stopwords: HashSet<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TaxonomyError {
    #[error("the taxonomy defines no areas")]
    NoAreas,
    #[error("area slug '{0}' appears twice")]
    DuplicateArea(String),
    #[error("'{form}' is listed under both '{first}' and '{second}'")]
    DuplicateForm {
        form: String,
        first: String,
        second: String,
    },
    #[error("concept '{0}' has an empty term or alias")]
    EmptyForm(String),
}

/// Folds case and accents and replaces everything but letters and digits by spaces.
pub fn fold(text: &str) -> String {
    text.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

/// British → American spellings that matter in medicine, applied to one folded word.
fn americanize(word: &str) -> String {
    let mut w = word.to_owned();
    for (from, to) in [
        ("oesoph", "esoph"),
        ("haem", "hem"),
        ("anaes", "anes"),
        ("paed", "ped"),
        ("oedem", "edem"),
        ("foetal", "fetal"),
        ("oestr", "estr"),
        ("orthopaed", "orthoped"),
    ] {
        if w.starts_with(from) {
            w = format!("{to}{}", &w[from.len()..]);
        }
    }
    for (from, to) in [
        ("isation", "ization"),
        ("isations", "izations"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ise", "ize"),
        ("ises", "izes"),
        ("yse", "yze"),
        ("ysed", "yzed"),
        ("ysing", "yzing"),
        ("our", "or"),
        ("ours", "ors"),
        ("entre", "enter"),
        ("etre", "eter"),
        ("itre", "iter"),
        ("ibre", "iber"),
        ("atre", "ater"),
        ("ogramme", "ogram"),
        ("ogrammes", "ograms"),
    ] {
        if w.len() > from.len() && w.ends_with(from) {
            // Short words like "four", "tour", "rise" keep their spelling.
            if from.starts_with("our") && w.len() < 6 {
                continue;
            }
            if from.starts_with("is") && w.len() < 7 {
                continue;
            }
            w = format!("{}{to}", &w[..w.len() - from.len()]);
            break;
        }
    }
    w
}

/// A light English stemmer: plurals and the common verb/noun endings, nothing clever. Words under
/// four letters (abbreviations such as `ct`, `ecg`, `llm`) are left alone.
pub fn stem(word: &str) -> String {
    let w = americanize(word);
    if w.len() < 4 || !w.is_ascii() || w.chars().all(|c| c.is_ascii_digit()) {
        return w;
    }
    let mut s = w.as_str();
    let owned;
    if let Some(base) = s.strip_suffix("ies").filter(|b| b.len() >= 3) {
        owned = format!("{base}y");
        s = &owned;
    } else if s.ends_with("sses") {
        s = &s[..s.len() - 2];
    } else if s.ends_with('s')
        && !s.ends_with("ss")
        && !s.ends_with("us")
        && !s.ends_with("is")
        && s.len() > 4
    {
        s = &s[..s.len() - 1];
    }
    let mut out = s.to_owned();
    for suffix in ["ing", "ed"] {
        if let Some(base) = out.strip_suffix(suffix)
            && base.len() >= 4
        {
            out = base.to_owned();
            // "mapped" → "map", "scanning" → "scan"
            let b = out.as_bytes();
            let n = b.len();
            if n >= 2 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z') {
                out.pop();
            }
            break;
        }
    }
    if out.len() > 4 && out.ends_with('e') {
        out.pop();
    }
    out
}

/// Normalises a text into tokens (see the module docs).
pub fn normalize(text: &str) -> Vec<Token> {
    fold(text)
        .split_whitespace()
        .map(|w| Token {
            norm: stem(w),
            surface: w.to_owned(),
        })
        .collect()
}

fn normalize_form(form: &str) -> Vec<String> {
    normalize(form).into_iter().map(|t| t.norm).collect()
}

/// Which letters and digits a word contains, one bit each. One edit changes at most two bits, so
/// `(mask(a) ^ mask(b)).count_ones() > 2 × edits` rules a pair out before any distance is computed.
pub fn letter_mask(word: &str) -> u64 {
    word.chars().fold(0, |m, c| {
        m | match c {
            'a'..='z' => 1 << (c as u32 - 'a' as u32),
            '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
            _ => 1 << 63,
        }
    })
}

/// Could `a` and `b` (with letter masks `ma`, `mb`) be within the typo rule? A cheap necessary test.
pub fn may_be_typo(ma: u64, mb: u64) -> bool {
    (ma ^ mb).count_ones() <= 4
}

/// Similarity of two normalised words in `(0, 1]` when one could be a typo of the other, else
/// `None`. See the module docs for the rule and why.
pub fn typo_similarity(a: &str, b: &str) -> Option<f32> {
    if a == b {
        return Some(1.0);
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let shorter = la.min(lb);
    let longer = la.max(lb);
    if shorter + 1 < MIN_TYPO_LEN || longer < MIN_TYPO_LEN || longer - shorter > 2 {
        return None;
    }
    let allowed = if longer <= 8 { 1 } else { 2 };
    let d = strsim::damerau_levenshtein(a, b);
    (d <= allowed).then(|| 1.0 - d as f32 / longer as f32)
}

impl Taxonomy {
    pub fn from_file(file: &TaxonomyFile) -> Result<Taxonomy, TaxonomyError> {
        if file.areas.is_empty() {
            return Err(TaxonomyError::NoAreas);
        }
        let mut t = Taxonomy {
            concepts: Vec::new(),
            areas: Vec::new(),
            forms: HashMap::new(),
            first_tokens: HashMap::new(),
            vocab_by_len: BTreeMap::new(),
            stopwords: file
                .stopwords
                .iter()
                .map(|s| fold(s).trim().to_owned())
                .collect(),
        };
        let mut seen_areas = HashSet::new();
        let specs = file
            .areas
            .iter()
            .flat_map(|a| a.concepts.iter().map(move |c| (Some(a.slug.as_str()), c)))
            .chain(file.general.iter().map(|c| (None, c)));
        for area in &file.areas {
            if !seen_areas.insert(area.slug.as_str()) {
                return Err(TaxonomyError::DuplicateArea(area.slug.clone()));
            }
            t.areas.push((area.slug.clone(), area.name.clone()));
        }
        let mut vocab: HashSet<String> = HashSet::new();
        for (area, spec) in specs {
            let id = ConceptId::try_from(t.concepts.len()).unwrap_or(ConceptId::MAX);
            for form in std::iter::once(&spec.term).chain(&spec.aliases) {
                let key = normalize_form(form);
                if key.is_empty() || key.len() > MAX_PHRASE {
                    return Err(TaxonomyError::EmptyForm(spec.term.clone()));
                }
                if let Some(&other) = t.forms.get(&key) {
                    if other != id {
                        return Err(TaxonomyError::DuplicateForm {
                            form: form.clone(),
                            first: t.concepts[other as usize].term.clone(),
                            second: spec.term.clone(),
                        });
                    }
                    continue;
                }
                let lens = t.first_tokens.entry(key[0].clone()).or_default();
                if !lens.contains(&key.len()) {
                    lens.push(key.len());
                    lens.sort_unstable_by(|a, b| b.cmp(a));
                }
                vocab.extend(key.iter().cloned());
                t.forms.insert(key, id);
            }
            t.concepts.push(Concept {
                id,
                term: spec.term.clone(),
                area: area.map(str::to_owned),
                kind: spec.kind.clone(),
            });
        }
        for w in vocab {
            let mask = letter_mask(&w);
            t.vocab_by_len
                .entry(w.chars().count())
                .or_default()
                .push((w, mask));
        }
        for words in t.vocab_by_len.values_mut() {
            words.sort_unstable();
        }
        Ok(t)
    }

    pub fn concept(&self, id: ConceptId) -> &Concept {
        &self.concepts[id as usize]
    }

    pub fn is_stopword(&self, norm_or_surface: &str) -> bool {
        self.stopwords.contains(norm_or_surface)
    }

    pub fn area_name(&self, slug: &str) -> Option<&str> {
        self.areas
            .iter()
            .find(|(s, _)| s == slug)
            .map(|(_, n)| n.as_str())
    }

    /// The taxonomy words a (non-vocabulary) word could be a typo of, best first.
    fn typo_candidates(&self, word: &str) -> Vec<(&str, f32)> {
        let n = word.chars().count();
        if n + 1 < MIN_TYPO_LEN {
            return Vec::new();
        }
        let mask = letter_mask(word);
        let mut out: Vec<(&str, f32)> = self
            .vocab_by_len
            .range(n.saturating_sub(2)..=n + 2)
            .flat_map(|(_, words)| words.iter())
            .filter(|(_, m)| may_be_typo(mask, *m))
            .filter_map(|(w, _)| typo_similarity(word, w).map(|s| (w.as_str(), s)))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        out
    }

    /// Every concept mentioned in `tokens`, longest match first at each position, left to right.
    /// Exact forms win over typo-tolerant ones; a typo match needs each of its words to be within
    /// the [`typo_similarity`] rule, and its similarity is the product over its words.
    pub fn find_concepts(&self, tokens: &[Token]) -> Vec<ConceptHit> {
        self.scan(tokens, true)
    }

    /// Like [`Taxonomy::find_concepts`] but exact forms only: for carefully written text (project
    /// descriptions), where a near-miss is more likely a different word than a typo, and which is
    /// scanned in bulk when the index is built.
    pub fn find_exact_concepts(&self, tokens: &[Token]) -> Vec<ConceptHit> {
        self.scan(tokens, false)
    }

    fn scan(&self, tokens: &[Token], typos: bool) -> Vec<ConceptHit> {
        let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
        // Per position: the words this token may stand for, with their similarity.
        let mut alternatives: Vec<Vec<(&str, f32)>> = Vec::with_capacity(norms.len());
        for w in &norms {
            let mut alts = vec![(*w, 1.0_f32)];
            if typos && !self.vocab_contains(w) && !self.stopwords.contains(*w) {
                alts.extend(self.typo_candidates(w).into_iter().take(3));
            }
            alternatives.push(alts);
        }
        let mut hits = Vec::new();
        let mut i = 0;
        while i < norms.len() {
            let mut best: Option<(usize, f32, ConceptId)> = None;
            for &(first, sim0) in &alternatives[i] {
                let Some(lens) = self.first_tokens.get(first) else {
                    continue;
                };
                for &len in lens {
                    if i + len > norms.len() {
                        continue;
                    }
                    if let Some(found) = self.match_phrase(&alternatives[i..i + len], first, sim0) {
                        let better = match best {
                            None => true,
                            Some((bl, bs, _)) => len > bl || (len == bl && found.1 > bs),
                        };
                        if better {
                            best = Some((len, found.1, found.0));
                        }
                    }
                }
            }
            match best {
                Some((len, similarity, concept)) => {
                    let surface = tokens[i..i + len]
                        .iter()
                        .map(|t| t.surface.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    hits.push(ConceptHit {
                        concept,
                        surface,
                        similarity,
                        start: i,
                        end: i + len,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        hits
    }

    fn vocab_contains(&self, w: &str) -> bool {
        self.vocab_by_len
            .get(&w.chars().count())
            .is_some_and(|ws| ws.binary_search_by(|(x, _)| x.as_str().cmp(w)).is_ok())
    }

    /// Tries every combination of per-token alternatives for a phrase whose first word is fixed.
    fn match_phrase(
        &self,
        alts: &[Vec<(&str, f32)>],
        first: &str,
        sim0: f32,
    ) -> Option<(ConceptId, f32)> {
        let mut key: Vec<String> = vec![first.to_owned()];
        self.match_rest(alts, 1, &mut key, sim0)
    }

    fn match_rest(
        &self,
        alts: &[Vec<(&str, f32)>],
        pos: usize,
        key: &mut Vec<String>,
        sim: f32,
    ) -> Option<(ConceptId, f32)> {
        if pos == alts.len() {
            return self.forms.get(key.as_slice()).map(|&c| (c, sim));
        }
        let mut best: Option<(ConceptId, f32)> = None;
        for &(w, s) in &alts[pos] {
            key.push(w.to_owned());
            if let Some(found) = self.match_rest(alts, pos + 1, key, sim * s)
                && best.is_none_or(|b| found.1 > b.1)
            {
                best = Some(found);
            }
            key.pop();
        }
        best
    }

    /// Content tokens: not stopwords, not pure punctuation, at least two characters.
    pub fn content_tokens<'a>(&self, tokens: &'a [Token]) -> impl Iterator<Item = &'a Token> {
        tokens.iter().filter(move |t| {
            t.norm.chars().count() >= 2
                && !self.stopwords.contains(&t.norm)
                && !self.stopwords.contains(&t.surface)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Taxonomy {
        let file: TaxonomyFile = serde_json::from_str(
            r#"{"areas":[
              {"slug":"imaging","name":"Medical Imaging","description":"","concepts":[
                {"term":"magnetic resonance imaging","aliases":["mri","mr imaging"],"kind":"modality"},
                {"term":"segmentation","aliases":["u-net"],"kind":"task"},
                {"term":"tumor","aliases":["tumors"],"kind":"condition"}]},
              {"slug":"signals","name":"Signals","description":"","concepts":[
                {"term":"electrocardiogram","aliases":["ecg","ekg"],"kind":"signal"},
                {"term":"electroencephalogram","aliases":["eeg"],"kind":"signal"},
                {"term":"arrhythmia","aliases":[],"kind":"condition"}]}],
             "general":[{"term":"deep learning","aliases":["dl"],"kind":"method"}],
             "stopwords":["of","the","on","i","want"]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        Taxonomy::from_file(&file).unwrap_or_else(|e| panic!("{e}"))
    }

    fn terms(t: &Taxonomy, text: &str) -> Vec<String> {
        t.find_concepts(&normalize(text))
            .into_iter()
            .map(|h| t.concept(h.concept).term.clone())
            .collect()
    }

    #[test]
    fn folding_removes_case_accents_and_punctuation() {
        assert_eq!(
            fold("Tumour-Segmentación, MRI!"),
            "tumour segmentacion  mri "
        );
    }

    #[test]
    fn british_spellings_meet_american_ones() {
        assert_eq!(stem("tumours"), stem("tumors"));
        assert_eq!(stem("oesophageal"), stem("esophageal"));
        assert_eq!(stem("haemodynamic"), stem("hemodynamic"));
        assert_eq!(stem("summarising"), stem("summarizing"));
        assert_eq!(stem("localisation"), stem("localization"));
        assert_eq!(stem("centre"), stem("center"));
        assert_ne!(
            stem("fracutre"),
            stem("fracuter"),
            "only known -tre words are respelt"
        );
    }

    #[test]
    fn stemming_joins_inflections_but_leaves_abbreviations() {
        assert_eq!(stem("images"), stem("imaging"));
        assert_eq!(stem("segmentations"), stem("segmentation"));
        assert_eq!(stem("studies"), "study");
        assert_eq!(stem("ecg"), "ecg");
        assert_eq!(stem("ct"), "ct");
    }

    #[test]
    fn abbreviations_find_their_concept() {
        let t = tiny();
        assert_eq!(terms(&t, "EKG on wearables"), vec!["electrocardiogram"]);
        assert_eq!(terms(&t, "brain MRI"), vec!["magnetic resonance imaging"]);
        assert_eq!(terms(&t, "U-Net"), vec!["segmentation"]);
    }

    #[test]
    fn the_longest_phrase_wins() {
        let t = tiny();
        let hits = t.find_concepts(&normalize("MR imaging of tumours"));
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].surface, "mr imaging");
        assert_eq!(t.concept(hits[1].concept).term, "tumor");
    }

    #[test]
    fn a_one_letter_typo_still_matches() {
        let t = tiny();
        let hits = t.find_concepts(&normalize("segmentaton"));
        assert_eq!(hits.len(), 1);
        assert_eq!(t.concept(hits[0].concept).term, "segmentation");
        assert!(hits[0].similarity < 1.0 && hits[0].similarity > 0.85);
        assert_eq!(terms(&t, "arrythmia"), vec!["arrhythmia"]);
    }

    #[test]
    fn short_abbreviations_are_never_typo_matched() {
        let t = tiny();
        // "egg" is one edit from "ecg" and "eeg", but three letters are too few to guess.
        assert!(terms(&t, "egg").is_empty());
        assert_eq!(typo_similarity("ecg", "eeg"), None);
    }

    #[test]
    fn duplicate_forms_are_rejected() {
        let file: TaxonomyFile = serde_json::from_str(
            r#"{"areas":[{"slug":"a","name":"A","description":"","concepts":[
                {"term":"x ray","aliases":[]},{"term":"radiograph","aliases":["x-ray"]}]}]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            Taxonomy::from_file(&file),
            Err(TaxonomyError::DuplicateForm { .. })
        ));
    }
}
