//! The matcher's vocabulary as a program director writes it: `data/taxonomy.json`, and the body of
//! `GET`/`PUT /api/taxonomy` (the director's taxonomy editor).

use serde::{Deserialize, Serialize};

/// The whole taxonomy: research areas with their concepts, concepts of no area, stopwords.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxonomyFile {
    #[serde(default)]
    pub version: u32,
    pub areas: Vec<AreaSpec>,
    #[serde(default)]
    pub general: Vec<ConceptSpec>,
    #[serde(default)]
    pub stopwords: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaSpec {
    pub slug: String,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub mesh_headings: Vec<String>,
    pub concepts: Vec<ConceptSpec>,
}

/// A concept: its canonical term and the other ways people write it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConceptSpec {
    pub term: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Free-form grouping (`modality`, `anatomy`, `method`…), shown in the editor.
    #[serde(default)]
    pub kind: String,
}
