//! `gen-instance` (random SPA-S instances) and `bench-allocation` (whole-process timings of
//! `thesis-match allocate` and of the `matching` 1.4.3 reference on the same files).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::{cargo, root, status, step, target_dir};

/// Size of a generated instance.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub students: usize,
    pub projects: usize,
    pub supervisors: usize,
    pub list: usize,
    pub seed: u64,
}

struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> Self {
        XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x2545_F491_4F6C_DD1D | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn parse_flag(args: &[String], name: &str) -> anyhow::Result<Option<u64>> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => {
            let v = args
                .get(i + 1)
                .with_context(|| format!("{name} needs a value"))?;
            Ok(Some(v.parse().with_context(|| {
                format!("{name} expects a non-negative integer, got {v:?}")
            })?))
        }
    }
}

/// `cargo xtask gen-instance --students N --projects P --supervisors S --list L [--seed X]`.
pub fn gen_instance_cmd(args: &[String]) -> anyhow::Result<()> {
    let need = |name: &str| -> anyhow::Result<usize> {
        let v = parse_flag(args, name)?.with_context(|| {
            format!(
                "missing {name}\nusage: cargo xtask gen-instance --students N --projects P \
                 --supervisors S --list L [--seed X] > file.json"
            )
        })?;
        usize::try_from(v).context("value too large")
    };
    let shape = Shape {
        students: need("--students")?,
        projects: need("--projects")?,
        supervisors: need("--supervisors")?,
        list: need("--list")?,
        seed: parse_flag(args, "--seed")?.unwrap_or(1),
    };
    if shape.projects == 0 || shape.supervisors == 0 {
        bail!("--projects and --supervisors must be at least 1");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    write_instance(&shape, &mut out)?;
    out.flush()?;
    Ok(())
}

/// Writes a random instance as JSON. Students rank `min(list, projects)` distinct projects drawn
/// with popularity skew (a project's weight falls off like a Zipf law with exponent 0.8, with
/// projects shuffled so popularity is unrelated to the supervisor); project `j` belongs to
/// supervisor `j mod S` (so every supervisor has one); project capacities sum to about 1.25 × the
/// students, each supervisor's capacity is about 90 % of its projects' total; each supervisor
/// ranks exactly the students who ranked one of their projects, by a shared "grade" plus
/// personal noise.
pub fn write_instance(shape: &Shape, out: &mut impl Write) -> anyhow::Result<()> {
    let Shape {
        students: n,
        projects: m,
        supervisors: k,
        list,
        seed,
    } = *shape;
    let mut r = XorShift::new(seed);
    // Popularity: cumulative Zipf-like weights over a random permutation of projects.
    let mut order: Vec<usize> = (0..m).collect();
    for i in (1..m).rev() {
        let j = r.below(i + 1);
        order.swap(i, j);
    }
    let mut cumulative = Vec::with_capacity(m);
    let mut total = 0.0;
    for i in 0..m {
        total += 1.0 / ((i + 1) as f64).powf(0.8);
        cumulative.push(total);
    }
    let draw = |r: &mut XorShift| {
        let x = r.unit() * total;
        let i = cumulative.partition_point(|&c| c <= x).min(m - 1);
        order[i]
    };
    let len = list.min(m);
    let mut prefs: Vec<Vec<u32>> = Vec::with_capacity(n);
    let mut stamp = vec![usize::MAX; m];
    for s in 0..n {
        let mut l = Vec::with_capacity(len);
        let mut tries = 0;
        while l.len() < len {
            tries += 1;
            // After many collisions (tiny instances), fall back to uniform draws.
            let p = if tries < 20 * len {
                draw(&mut r)
            } else {
                r.below(m)
            };
            if stamp[p] != s {
                stamp[p] = s;
                l.push(p as u32);
            }
        }
        prefs.push(l);
    }
    let per_project = (n as f64 * 1.25 / m as f64).max(1.0);
    let caps: Vec<u64> = (0..m)
        .map(|_| (per_project * (0.5 + r.unit())).round().max(1.0) as u64)
        .collect();
    let mut own = vec![0u64; k];
    for (j, c) in caps.iter().enumerate() {
        own[j % k] += c;
    }
    let sup_caps: Vec<u64> = own
        .iter()
        .map(|&c| ((c as f64) * 0.9).round().max(1.0) as u64)
        .collect();
    // Supervisor lists: students who ranked one of the supervisor's projects, by grade + noise.
    let grade: Vec<u64> = (0..n).map(|_| r.next() >> 40).collect();
    let mut ranked: Vec<Vec<(u64, u32)>> = vec![Vec::new(); k];
    let mut seen = vec![usize::MAX; k];
    for (s, l) in prefs.iter().enumerate() {
        for &p in l {
            let f = p as usize % k;
            if seen[f] != s {
                seen[f] = s;
                let key = grade[s] + (r.next() >> 42);
                ranked[f].push((key, s as u32));
            }
        }
    }
    for list in &mut ranked {
        list.sort_unstable();
    }

    out.write_all(b"{\"students\":[")?;
    for (s, l) in prefs.iter().enumerate() {
        if s > 0 {
            out.write_all(b",")?;
        }
        write!(out, "{{\"id\":\"s{s}\",\"preferences\":[")?;
        for (i, p) in l.iter().enumerate() {
            write!(out, "{}\"p{p}\"", if i > 0 { "," } else { "" })?;
        }
        out.write_all(b"]}")?;
    }
    out.write_all(b"],\n\"projects\":[")?;
    for (j, c) in caps.iter().enumerate() {
        if j > 0 {
            out.write_all(b",")?;
        }
        write!(
            out,
            "{{\"id\":\"p{j}\",\"capacity\":{c},\"supervisor\":\"f{}\"}}",
            j % k
        )?;
    }
    out.write_all(b"],\n\"supervisors\":[")?;
    for (f, list) in ranked.iter().enumerate() {
        if f > 0 {
            out.write_all(b",")?;
        }
        write!(
            out,
            "{{\"id\":\"f{f}\",\"capacity\":{},\"preferences\":[",
            sup_caps[f]
        )?;
        for (i, (_, s)) in list.iter().enumerate() {
            write!(out, "{}\"s{s}\"", if i > 0 { "," } else { "" })?;
        }
        out.write_all(b"]}")?;
    }
    out.write_all(b"]}\n")?;
    Ok(())
}

/// Wall time and peak RSS of one child process.
struct Run {
    seconds: f64,
    peak_mb: Option<f64>,
    stdout: Vec<u8>,
    timed_out: bool,
}

/// Runs `program args…` under `/usr/bin/time -v` when available (peak RSS), with a time cap.
fn measure(program: &Path, args: &[&str], cap: Duration) -> anyhow::Result<Run> {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-v").arg(program);
        c
    } else {
        Command::new(program)
    };
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd
        .spawn()
        .with_context(|| format!("could not start {}", program.display()))?;
    let mut stdout = child.stdout.take().context("no stdout")?;
    let mut stderr = child.stderr.take().context("no stderr")?;
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut v).map(|_| v)
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut v).map(|_| v)
    });
    let mut timed_out = false;
    let status = loop {
        if let Some(st) = child.try_wait()? {
            break st;
        }
        if started.elapsed() > cap {
            child.kill().ok();
            timed_out = true;
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let seconds = started.elapsed().as_secs_f64();
    let stdout = out_reader
        .join()
        .map_err(|_| anyhow::anyhow!("stdout reader panicked"))??;
    let stderr = err_reader
        .join()
        .map_err(|_| anyhow::anyhow!("stderr reader panicked"))??;
    let stderr = String::from_utf8_lossy(&stderr);
    if !timed_out && !status.success() {
        bail!("{} failed ({status}):\n{stderr}", program.display());
    }
    let peak_mb = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    Ok(Run {
        seconds,
        peak_mb,
        stdout,
        timed_out,
    })
}

/// The venv with `matching` 1.4.3 shared with the reference test (created if missing).
fn reference_python() -> anyhow::Result<PathBuf> {
    let venv = target_dir().join("tmp").join("reference-venv");
    let python = venv.join("bin").join("python");
    let ok = |p: &Path| {
        Command::new(p)
            .args([
                "-c",
                "import matching; assert matching.__version__ == '1.4.3'",
            ])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !ok(&python) {
        step("creating a venv with matching==1.4.3");
        let base = std::env::var("THESIS_MATCH_PYTHON").unwrap_or_else(|_| "python3".to_owned());
        let mut c = Command::new(base);
        c.args(["-m", "venv", "--clear"]).arg(&venv);
        status(c, "python3 -m venv")?;
        let mut c = Command::new(&python);
        c.args(["-m", "pip", "install", "--quiet", "matching==1.4.3"]);
        status(c, "pip install matching==1.4.3")?;
    }
    Ok(python)
}

fn fmt_mb(mb: Option<f64>) -> String {
    mb.map_or_else(|| "n/a".to_owned(), |mb| format!("{mb:.0} MB"))
}

/// Assignments (student → project or null) from an `allocate` or reference output.
fn assignments(json: &[u8]) -> anyhow::Result<serde_json::Map<String, serde_json::Value>> {
    let v: serde_json::Value = serde_json::from_slice(json).context("output is not JSON")?;
    match v.get("assignments") {
        Some(serde_json::Value::Object(m)) => Ok(m.clone()),
        _ => bail!("output has no \"assignments\" object"),
    }
}

/// `cargo xtask bench-allocation`.
pub fn bench_allocation() -> anyhow::Result<()> {
    step("building thesis-match (release)");
    let mut c = cargo();
    c.args([
        "build",
        "--release",
        "-p",
        "backend",
        "--bin",
        "thesis-match",
    ]);
    status(c, "cargo build --release")?;
    let bin = target_dir().join("release").join("thesis-match");
    let dir = target_dir().join("bench-allocation");
    std::fs::create_dir_all(&dir)?;

    let shapes = [
        (
            "2k",
            Shape {
                students: 2_000,
                projects: 600,
                supervisors: 200,
                list: 10,
                seed: 2,
            },
        ),
        (
            "10k",
            Shape {
                students: 10_000,
                projects: 3_000,
                supervisors: 1_000,
                list: 10,
                seed: 10,
            },
        ),
        (
            "50k",
            Shape {
                students: 50_000,
                projects: 20_000,
                supervisors: 5_000,
                list: 15,
                seed: 50,
            },
        ),
    ];
    step("generating instances");
    let mut files = Vec::new();
    for (name, shape) in &shapes {
        let path = dir.join(format!("{name}.json"));
        let mut w = std::io::BufWriter::new(std::fs::File::create(&path)?);
        write_instance(shape, &mut w)?;
        w.flush()?;
        println!(
            "    {}: {} students, {} projects, {} supervisors, lists of {} ({:.1} MB)",
            path.display(),
            shape.students,
            shape.projects,
            shape.supervisors,
            shape.list,
            std::fs::metadata(&path)?.len() as f64 / 1e6
        );
        files.push((*name, *shape, path));
    }

    let mut rows = Vec::new();
    let mut ours_out = Vec::new();
    for (name, shape, path) in &files {
        let p = path.to_string_lossy().into_owned();
        for optimal in ["student", "supervisor"] {
            step(&format!(
                "thesis-match allocate --input {name}.json --optimal {optimal} (median of 3)"
            ));
            let mut runs = Vec::new();
            for _ in 0..3 {
                runs.push(measure(
                    &bin,
                    &["allocate", "--input", &p, "--optimal", optimal],
                    Duration::from_secs(600),
                )?);
            }
            runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
            let mid = runs.swap_remove(1);
            let v: serde_json::Value = serde_json::from_slice(&mid.stdout)?;
            let solve = v["stats"]["seconds"].as_f64().unwrap_or(f64::NAN);
            let matched = v["stats"]["matched"].as_u64().unwrap_or(0);
            println!(
                "    wall {:.3} s (solve {:.3} s), peak {}, matched {matched}",
                mid.seconds,
                solve,
                fmt_mb(mid.peak_mb)
            );
            rows.push(format!(
                "| {} students / {} projects / {} supervisors / lists of {} | thesis-match, {optimal}-optimal | {:.3} s | {:.3} s | {} | {matched} |",
                shape.students, shape.projects, shape.supervisors, shape.list,
                mid.seconds, solve, fmt_mb(mid.peak_mb)
            ));
            if optimal == "student" {
                ours_out.push((*name, assignments(&mid.stdout)?));
            }
        }
    }

    let python = reference_python()?;
    let script = root().join("tests/reference/bench_matching.py");
    for (name, shape, path) in files.iter().filter(|(n, _, _)| *n != "50k") {
        step(&format!(
            "matching 1.4.3 on {name}.json (optimal=\"student\", cap 300 s)"
        ));
        let p = path.to_string_lossy().into_owned();
        let script_s = script.to_string_lossy().into_owned();
        let run = measure(&python, &[&script_s, &p], Duration::from_secs(300))?;
        if run.timed_out {
            println!("    stopped after {:.0} s (cap)", run.seconds);
            rows.push(format!(
                "| {} students / {} projects / {} supervisors / lists of {} | matching 1.4.3, student-optimal | > 300 s (stopped) | — | — | — |",
                shape.students, shape.projects, shape.supervisors, shape.list
            ));
            continue;
        }
        let v: serde_json::Value = serde_json::from_slice(&run.stdout)?;
        let solve = v["seconds"].as_f64().unwrap_or(f64::NAN);
        let theirs = assignments(&run.stdout)?;
        let same = ours_out
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, ours)| ours == &theirs);
        let matched = theirs.values().filter(|v| !v.is_null()).count();
        println!(
            "    wall {:.2} s (create + solve {:.2} s), peak {}, matched {matched}, same assignment as ours: {}",
            run.seconds,
            solve,
            fmt_mb(run.peak_mb),
            same.map_or("n/a".to_owned(), |s| s.to_string())
        );
        if same == Some(false) {
            bail!("matching 1.4.3 and thesis-match disagree on {name}.json");
        }
        rows.push(format!(
            "| {} students / {} projects / {} supervisors / lists of {} | matching 1.4.3, student-optimal | {:.2} s | {:.2} s | {} | {matched} |",
            shape.students, shape.projects, shape.supervisors, shape.list,
            run.seconds, solve, fmt_mb(run.peak_mb)
        ));
    }

    println!("\n| instance | solver | wall (whole process) | solve | peak RSS | matched |");
    println!("|---|---|---|---|---|---|");
    for r in rows {
        println!("{r}");
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn generated_instances_are_consistent_and_reproducible() {
        let shape = Shape {
            students: 300,
            projects: 90,
            supervisors: 30,
            list: 10,
            seed: 7,
        };
        let mut a = Vec::new();
        write_instance(&shape, &mut a).unwrap();
        let mut b = Vec::new();
        write_instance(&shape, &mut b).unwrap();
        assert_eq!(a, b, "same seed, same bytes");
        let v: serde_json::Value = serde_json::from_slice(&a).unwrap();
        let students = v["students"].as_array().unwrap();
        let projects = v["projects"].as_array().unwrap();
        let supervisors = v["supervisors"].as_array().unwrap();
        assert_eq!(
            (students.len(), projects.len(), supervisors.len()),
            (300, 90, 30)
        );
        let sup_of = |p: &str| -> String {
            projects
                .iter()
                .find(|q| q["id"] == p)
                .map(|q| q["supervisor"].as_str().unwrap().to_owned())
                .unwrap()
        };
        let capacity: u64 = projects
            .iter()
            .map(|p| p["capacity"].as_u64().unwrap())
            .sum();
        assert!(
            capacity > 300,
            "project capacity {capacity} below the students"
        );
        for s in students {
            let prefs = s["preferences"].as_array().unwrap();
            assert_eq!(prefs.len(), 10);
            let mut seen: Vec<&str> = prefs.iter().map(|p| p.as_str().unwrap()).collect();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), 10, "repeated project in {s}");
        }
        // Every supervisor ranks exactly the students who ranked one of its projects.
        for f in supervisors {
            let fid = f["id"].as_str().unwrap();
            let mut ranked: Vec<&str> = f["preferences"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            ranked.sort_unstable();
            let mut applied: Vec<&str> = students
                .iter()
                .filter(|s| {
                    s["preferences"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|p| sup_of(p.as_str().unwrap()) == fid)
                })
                .map(|s| s["id"].as_str().unwrap())
                .collect();
            applied.sort_unstable();
            assert_eq!(ranked, applied, "supervisor {fid}");
        }
    }
}
