//! The backend's layers, checked from its source: which module may import which, that the module
//! graph has no circle (apart from `app` ↔ `routes`: the router is assembled in `app` from every
//! `routes` module, and `routes::docs` serves the document `app` builds), that sea-orm entities
//! never leave `db`, and that roles are compared only in `policy`.
//!
//! ARCHITECTURE.md's code map names the same layers; change both together.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module and the modules it may import (`crate::X`).
const ALLOWED: &[(&str, &[&str])] = &[
    ("engine", &[]),
    ("clock", &[]),
    ("config", &["clock"]),
    ("principal", &[]),
    ("credentials", &[]),
    ("db", &["engine", "credentials", "principal"]),
    ("domain", &["db", "engine", "credentials", "principal"]),
    ("error", &["db", "credentials"]),
    ("policy", &["principal", "error"]),
    ("state", &["config", "clock", "db", "engine"]),
    ("security", &["error", "state"]),
    (
        "session",
        &[
            "state",
            "db",
            "error",
            "policy",
            "principal",
            "credentials",
            "security",
        ],
    ),
    ("eval", &["db", "engine"]),
    ("allocate_cli", &["config", "engine"]),
    (
        "routes",
        &[
            "app",
            "state",
            "session",
            "policy",
            "domain",
            "db",
            "engine",
            "error",
            "credentials",
            "principal",
        ],
    ),
    (
        "app",
        &[
            "routes", "state", "config", "db", "error", "security", "domain",
        ],
    ),
    (
        "cli",
        &[
            "app",
            "config",
            "db",
            "credentials",
            "domain",
            "allocate_cli",
            "eval",
            "policy",
        ],
    ),
    ("lib", &[]),
    ("main", &[]),
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `routes/pairings.rs` → `routes`; `app.rs` → `app`.
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_owned()
}

/// Code without comments and without `#[cfg(test)]` modules' doc text.
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_start)
        .filter(|l| !l.starts_with("//"))
}

fn crate_refs(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in code_lines(text) {
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                out.insert(name);
            }
            rest = after;
        }
    }
    out
}

type Graph = BTreeMap<String, BTreeSet<String>>;

fn graph() -> (Graph, Vec<(PathBuf, String)>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut texts = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let from = top_module(&src, &f);
        let deps = g.entry(from.clone()).or_default();
        for to in crate_refs(&text) {
            if to != from {
                deps.insert(to);
            }
        }
        texts.push((f, text));
    }
    (g, texts)
}

#[test]
fn every_module_imports_only_the_layers_below_it() {
    let (g, _) = graph();
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for (from, deps) in &g {
        let Some(ok) = allowed.get(from.as_str()) else {
            wrong.push(format!(
                "{from}: not in the layer table (tests/layers.rs, ARCHITECTURE.md)"
            ));
            continue;
        };
        for to in deps {
            if !ok.contains(&to.as_str()) {
                wrong.push(format!("{from} imports {to}"));
            }
        }
    }
    assert!(wrong.is_empty(), "layer violations:\n{}", wrong.join("\n"));
}

#[test]
fn the_module_graph_has_no_circle_but_app_and_routes() {
    let (mut g, _) = graph();
    // The one knot axum's state needs: `app` mounts the routes, `routes::docs` serves `app::api()`.
    if let Some(r) = g.get_mut("routes") {
        r.remove("app");
    }
    // Depth-first search for a back edge.
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(n) {
            Some(1) => {
                let start = path.iter().position(|p| p == n).unwrap_or(0);
                let mut c = path[start..].to_vec();
                c.push(n.to_owned());
                return Some(c);
            }
            Some(2) => return None,
            _ => {}
        }
        state.insert(n.to_owned(), 1);
        path.push(n.to_owned());
        for m in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, g, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(n.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in g.keys() {
        if let Some(cycle) = visit(n, &g, &mut state, &mut Vec::new()) {
            panic!("import circle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn entities_never_leave_db() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (_, texts) = graph();
    let leaks: Vec<String> = texts
        .iter()
        .filter(|(f, _)| top_module(&src, f) != "db")
        .filter(|(_, t)| code_lines(t).any(|l| l.contains("entities::")))
        .map(|(f, _)| f.display().to_string())
        .collect();
    assert!(leaks.is_empty(), "entities used outside db: {leaks:?}");
}

/// `Role::Student`, `Role::Faculty`… (not `Role::parse`).
fn names_a_role(line: &str) -> bool {
    line.match_indices("Role::").any(|(i, m)| {
        line[i + m.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
    })
}

#[test]
fn roles_are_compared_only_in_policy() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (_, texts) = graph();
    let mut found = Vec::new();
    for (f, t) in &texts {
        if top_module(&src, f) == "policy" {
            continue;
        }
        for (i, l) in t.lines().enumerate() {
            let l = l.trim_start();
            if l.starts_with("//") {
                continue;
            }
            let compares = l.contains("role ==")
                || l.contains("role !=")
                || l.contains("is_director()")
                || (l.starts_with("match ") && l.contains("role"))
                || (names_a_role(l) && (l.contains("=>") || l.contains("matches!")));
            if compares {
                found.push(format!("{}:{}: {}", f.display(), i + 1, l));
            }
        }
    }
    assert!(
        found.is_empty(),
        "role decisions outside policy.rs:\n{}",
        found.join("\n")
    );
}
