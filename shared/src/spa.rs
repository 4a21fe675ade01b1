//! The single-page app's paths, as the server must know them: a known page is served the SPA with
//! 200, any other path (not under `/api`, not a file) with 404 — still the SPA, which then shows its
//! not-found page. The SPA's `Route` enum (`frontend/src/route.rs`) declares the same paths in its
//! `#[at(…)]` attributes, which must be literals; a test here reads that file and fails when the
//! two lists differ.

/// Every page path of the SPA except its not-found page. `:name` is a segment holding a record id
/// (an integer: every path parameter of the SPA is a typed id).
pub const SPA_ROUTES: &[&str] = &[
    "/",
    "/projects/new",
    "/projects/:id/edit",
    "/projects/:id",
    "/labs",
    "/labs/:id",
    "/faculty",
    "/faculty/:id",
    "/match",
    "/login",
    "/reset",
    "/account",
    "/profile",
    "/my-matches",
    "/students/:id/matches",
    "/my-projects",
    "/my-record",
    "/my-disclosures",
    "/people",
    "/import",
    "/audit",
    "/taxonomy",
    "/api-docs",
    "/my-ranking",
    "/inbox",
    "/applicants",
    "/cycle",
    "/pairings",
    "/dashboard",
    "/allocations",
];

/// Whether `path` (without its query string) is one of [`SPA_ROUTES`].
pub fn is_spa_route(path: &str) -> bool {
    SPA_ROUTES.iter().any(|route| matches_route(route, path))
}

/// How many hex digits of its content's SHA-256 a built asset's name carries.
pub const ASSET_HASH_LEN: usize = 16;

/// The name `cargo xtask build-spa` gives a built file: `stem-<hash><suffix>`, e.g.
/// `frontend-0123456789abcdef_bg.wasm`. `hash` is cut to [`ASSET_HASH_LEN`] hex digits.
pub fn hashed_asset_name(stem: &str, hash: &str, suffix: &str) -> String {
    let hash: String = hash.chars().take(ASSET_HASH_LEN).collect();
    format!("{stem}-{hash}{suffix}")
}

/// Whether the last segment of `path` is a name from [`hashed_asset_name`]: its content can never
/// change under that name, so the server lets browsers keep it for a year (`immutable`).
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, rest)) = name.rsplit_once('-') else {
        return false;
    };
    let hex = rest
        .bytes()
        .take_while(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
        .count();
    let suffix = &rest[hex..];
    !stem.is_empty()
        && hex == ASSET_HASH_LEN
        && (suffix.starts_with('.') || suffix.starts_with("_bg."))
        && suffix.len() > 1
        && !suffix.ends_with('.')
}

fn matches_route(route: &str, path: &str) -> bool {
    let mut want = route.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.starts_with(':') => {
                if g.parse::<i32>().is_err() {
                    return false;
                }
            }
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_pages_match_and_others_do_not() {
        for path in [
            "/",
            "/projects/new",
            "/projects/7",
            "/projects/7/edit",
            "/students/12/matches",
            "/my-ranking",
            "/reset",
        ] {
            assert!(is_spa_route(path), "{path}");
        }
        for path in [
            "/no-such-page",
            "/projects/abc",
            "/projects/7/delete",
            "/projects",
            "/labs/1/2",
            "/404",
            "",
            "/my-ranking/extra",
        ] {
            assert!(!is_spa_route(path), "{path}");
        }
    }

    #[test]
    fn built_names_are_hashed_assets_and_other_files_are_not() {
        let hash = "0123456789abcdef0123456789abcdef";
        for (stem, suffix) in [
            ("frontend", "_bg.wasm"),
            ("frontend", ".js"),
            ("boot", ".js"),
            ("style", ".css"),
        ] {
            let name = hashed_asset_name(stem, hash, suffix);
            assert_eq!(name.len(), stem.len() + 1 + ASSET_HASH_LEN + suffix.len());
            assert!(is_hashed_asset(&format!("/{name}")), "{name}");
        }
        for path in [
            "/",
            "/index.html",
            "/style.css",
            "/frontend_bg.wasm",
            "/frontend-0123456789abcde.js",   // 15 digits
            "/frontend-0123456789abcdef0.js", // 17 digits
            "/frontend-0123456789ABCDEF.js",  // not lower-case
            "/-0123456789abcdef.js",          // no stem
            "/frontend-0123456789abcdef",     // no extension
            "/frontend-0123456789abcdef.",    // empty extension
            "/frontend-0123456789abcdefx.js", // not followed by '.' or '_bg.'
            "/match",
        ] {
            assert!(!is_hashed_asset(path), "{path}");
        }
    }

    /// `frontend/src/route.rs`'s `#[at("…")]` paths, without the one marked `#[not_found]`.
    fn frontend_routes() -> Vec<String> {
        let file =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src/route.rs");
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut out = Vec::new();
        let mut not_found = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with("#[not_found]") {
                not_found = true;
            } else if let Some(rest) = line.strip_prefix("#[at(\"") {
                let path = rest.split('"').next().unwrap_or_default().to_owned();
                if !std::mem::take(&mut not_found) {
                    out.push(path);
                }
            }
        }
        out
    }

    #[test]
    fn the_server_knows_every_route_of_the_spa() {
        let mut spa = frontend_routes();
        assert!(
            spa.len() > 20,
            "read the routes of frontend/src/route.rs: {spa:?}"
        );
        spa.sort();
        let mut known: Vec<String> = SPA_ROUTES.iter().map(|r| (*r).to_owned()).collect();
        known.sort();
        assert_eq!(
            spa, known,
            "frontend/src/route.rs and shared::SPA_ROUTES must list the same paths"
        );
    }
}
