//! `cargo xtask build-spa`: the yew SPA built into `frontend/dist`, as small as we can serve it.
//!
//! 1. `cargo build -p frontend` for wasm32 with the `wasm-release` profile (opt-level "z", fat LTO,
//!    one codegen unit, panic=abort: see the workspace `Cargo.toml`);
//! 2. the JS glue by wasm-bindgen, in-process;
//! 3. `wasm-opt -Oz` (binaryen, see [`wasm_opt`]);
//! 4. content-hashed names (`frontend-<hash>_bg.wasm`, `frontend-<hash>.js`, `boot-<hash>.js`,
//!    `style-<hash>.css`, by `shared::hashed_asset_name`), which `index.html` references; the server
//!    lets browsers keep such a file for a year (`shared::is_hashed_asset`), `index.html` never;
//! 5. every file precompressed to `.br` (quality 11) and `.gz` (level 9), which the server picks by
//!    the request's `Accept-Encoding`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use sha2::Digest;

use crate::{WASM_PROFILE, WASM_TARGET, cargo, root, status, step, target_dir};

const SCRIPT_MARKER: &str = "<!-- thesis-match:script -->";

/// The binaryen release `build-spa` installs from npm when the system has no usable `wasm-opt`
/// (Debian 12's binaryen 108 cannot read wasm-bindgen's output: it predates `table.fill`).
const NPM_BINARYEN: &str = "binaryen@132.0.0";

/// The WebAssembly features rustc enables by default for wasm32-unknown-unknown; wasm-opt may use
/// these and no others, so the result runs wherever the unoptimised module does.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
    "--enable-multivalue",
];

/// Builds the SPA into `frontend/dist` and returns that directory.
pub(crate) fn build() -> anyhow::Result<PathBuf> {
    crate::ensure_wasm_target()?;
    crate::provision::ensure_spa_build()?;
    step("building the SPA (wasm32, wasm-release)");
    let mut c = cargo();
    c.args([
        "build",
        "-p",
        "frontend",
        "--target",
        WASM_TARGET,
        "--profile",
        WASM_PROFILE,
    ]);
    status(c, "cargo build -p frontend")?;

    let root = root();
    let wasm = target_dir()
        .join(WASM_TARGET)
        .join(WASM_PROFILE)
        .join("frontend.wasm");
    let stage = target_dir().join("spa-stage");
    let dist = root.join("frontend").join("dist");
    for dir in [&stage, &dist] {
        if dir.exists() {
            std::fs::remove_dir_all(dir).with_context(|| format!("clearing {}", dir.display()))?;
        }
        std::fs::create_dir_all(dir)?;
    }
    step("generating the JS glue (wasm-bindgen)");
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)?
        // boot.js names the wasm file itself (hashed), so the glue needs no default path.
        .omit_default_module_path(true)
        .typescript(false)
        .generate(&stage)
        .with_context(|| format!("wasm-bindgen on {}", wasm.display()))?;
    let raw = stage.join("frontend_bg.wasm");
    let optimised = stage.join("frontend_bg.opt.wasm");
    step("shrinking the wasm (wasm-opt -Oz)");
    wasm_opt(&raw, &optimised)?;

    let wasm_name = place(&optimised, &dist, "frontend", "_bg.wasm")?;
    let js_name = place(&stage.join("frontend.js"), &dist, "frontend", ".js")?;
    let css_name = place(&root.join("frontend/style.css"), &dist, "style", ".css")?;
    // An external module, not an inline script: the Content-Security-Policy allows only 'self'.
    let boot =
        format!("import init from '/{js_name}';\ninit({{ module_or_path: '/{wasm_name}' }});\n");
    std::fs::write(stage.join("boot.js"), boot)?;
    let boot_name = place(&stage.join("boot.js"), &dist, "boot", ".js")?;

    let mut index = std::fs::read_to_string(root.join("frontend/index.html"))?;
    anyhow::ensure!(
        index.contains(SCRIPT_MARKER),
        "frontend/index.html lacks the {SCRIPT_MARKER} marker"
    );
    for (from, to) in [
        ("/style.css", &css_name),
        ("/frontend.js", &js_name),
        ("/frontend_bg.wasm", &wasm_name),
    ] {
        let quoted = format!("\"{from}\"");
        anyhow::ensure!(
            index.contains(&quoted),
            "frontend/index.html does not reference {from}"
        );
        index = index.replace(&quoted, &format!("\"/{to}\""));
    }
    let script = format!("<script type=\"module\" src=\"/{boot_name}\"></script>");
    std::fs::write(
        dist.join("index.html"),
        index.replace(SCRIPT_MARKER, &script),
    )?;

    step("precompressing (brotli 11, gzip 9)");
    let started = Instant::now();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dist)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.sort();
    for file in &files {
        let sizes = precompress(file)?;
        println!(
            "    {:<44} {:>9} B   br {:>8} B   gz {:>8} B",
            file.file_name().unwrap_or_default().to_string_lossy(),
            sizes.0,
            sizes.1,
            sizes.2
        );
    }
    println!(
        "    precompressed in {:.1}s",
        started.elapsed().as_secs_f32()
    );
    let raw_size = std::fs::metadata(&raw)?.len();
    let opt_size = std::fs::metadata(dist.join(&wasm_name))?.len();
    println!(
        "    SPA ready in {}: wasm {raw_size} B from wasm-bindgen, {opt_size} B after wasm-opt",
        dist.display()
    );
    Ok(dist)
}

/// The first [`shared::ASSET_HASH_LEN`] hex digits of the SHA-256 of `bytes`.
fn content_hash(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
        .chars()
        .take(shared::ASSET_HASH_LEN)
        .collect()
}

/// Copies `from` into `dist` under its content-hashed name, which it returns.
fn place(from: &Path, dist: &Path, stem: &str, suffix: &str) -> anyhow::Result<String> {
    let bytes = std::fs::read(from).with_context(|| format!("reading {}", from.display()))?;
    let name = shared::hashed_asset_name(stem, &content_hash(&bytes), suffix);
    std::fs::write(dist.join(&name), bytes)?;
    Ok(name)
}

/// Writes `file.br` and `file.gz` beside `file`; returns the three sizes.
fn precompress(file: &Path) -> anyhow::Result<(usize, usize, usize)> {
    let bytes = std::fs::read(file)?;
    let mut br = Vec::new();
    {
        // Quality 11 (the best), a 4 MiB window (lgwin 22, what browsers accept by default).
        let mut w = brotli::CompressorWriter::new(&mut br, 64 * 1024, 11, 22);
        w.write_all(&bytes)?;
        w.flush()?;
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes)?;
    let gz = gz.finish()?;
    let with = |ext: &str| {
        let mut name = file.as_os_str().to_owned();
        name.push(ext);
        PathBuf::from(name)
    };
    std::fs::write(with(".br"), &br)?;
    std::fs::write(with(".gz"), &gz)?;
    Ok((bytes.len(), br.len(), gz.len()))
}

/// Runs `wasm-opt -Oz` from `input` to `output`: `$THESIS_MATCH_WASM_OPT` if set; else the
/// system's `wasm-opt` (Debian's `binaryen`, provisioned by `provision.rs`); if that cannot read
/// the module (too old), binaryen from npm ([`NPM_BINARYEN`]) installed under the target dir.
fn wasm_opt(input: &Path, output: &Path) -> anyhow::Result<()> {
    let run = |program: &Path| -> anyhow::Result<()> {
        let started = Instant::now();
        let out = Command::new(program)
            .arg("-Oz")
            .args(WASM_FEATURES)
            .arg(input)
            .arg("-o")
            .arg(output)
            .output()
            .with_context(|| format!("could not start {}", program.display()))?;
        if !out.status.success() {
            bail!(
                "{} failed ({}): {}",
                program.display(),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        println!(
            "    {} -Oz: ok in {:.1}s",
            program.display(),
            started.elapsed().as_secs_f32()
        );
        Ok(())
    };
    if let Some(given) = std::env::var_os("THESIS_MATCH_WASM_OPT").filter(|v| !v.is_empty()) {
        return run(Path::new(&given));
    }
    match run(Path::new("wasm-opt")) {
        Ok(()) => return Ok(()),
        Err(e) => println!(
            "    the system's wasm-opt cannot be used ({e:#});\n    \
             using {NPM_BINARYEN} from npm instead"
        ),
    }
    let npm_copy = target_dir().join("binaryen-npm");
    let npm_bin = npm_copy.join("node_modules/.bin/wasm-opt");
    if !npm_bin.is_file() {
        if !crate::provision::on_path("npm") {
            bail!(
                "no usable wasm-opt: install binaryen 116 or newer (Debian 13: `apt-get install \
                 binaryen`; elsewhere `npm install -g {NPM_BINARYEN}`), or set THESIS_MATCH_WASM_OPT \
                 to its path"
            );
        }
        let mut c = Command::new("npm");
        c.args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&npm_copy)
            .arg(NPM_BINARYEN);
        status(c, &format!("npm install {NPM_BINARYEN}"))?;
    }
    run(&npm_bin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hashes_are_short_hex_and_follow_the_content() {
        let a = content_hash(b"a");
        assert_eq!(a.len(), shared::ASSET_HASH_LEN);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(a, content_hash(b"a"));
        assert_ne!(a, content_hash(b"b"));
        assert!(shared::is_hashed_asset(&shared::hashed_asset_name(
            "frontend", &a, "_bg.wasm"
        )));
    }

    #[test]
    fn precompressed_files_decompress_to_the_original() {
        let dir = target_dir().join("xtask-precompress-test");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let file = dir.join("a.js");
        let text = "export const x = 1;\n".repeat(200);
        std::fs::write(&file, &text).unwrap_or_else(|e| panic!("{e}"));
        let (raw, br, gz) = precompress(&file).unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(raw, text.len());
        assert!(br < raw && gz < raw, "{br} {gz} {raw}");
        let mut out = Vec::new();
        let br_bytes = std::fs::read(dir.join("a.js.br")).unwrap_or_else(|e| panic!("{e}"));
        brotli::BrotliDecompress(&mut br_bytes.as_slice(), &mut out)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out, text.as_bytes());
        let gz_bytes = std::fs::read(dir.join("a.js.gz")).unwrap_or_else(|e| panic!("{e}"));
        let mut out = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(gz_bytes.as_slice()),
            &mut out,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out, text);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
