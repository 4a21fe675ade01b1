//! The `thesis-match` command line: [`run`] dispatches each subcommand (`serve` builds the
//! [`crate::app::Application`]; `allocate` never opens the database), and the account and import
//! commands live here.

use std::io::Read;

use anyhow::{Context, bail};
use shared::{AuditAction, Email, ImportKind, Role, TargetKind};

use crate::config::{Cli, Command, Config, ImportArgs, UserAddArgs, UserCommand};
use crate::credentials;
use crate::db::accounts::NewAccount;
use crate::db::{self, audit, import};
use crate::policy::{self, LinkedRecord};

/// Entry point of the binary.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve) {
        // Pure computation on a file: no database connection.
        Command::Allocate(args) => crate::allocate_cli::run(&args),
        Command::Serve => {
            let app = crate::app::Application::build(config).await?;
            tracing::info!("ThesisMatch listening on http://{}/", app.local_addr()?);
            app.run_until_stopped().await
        }
        Command::Migrate => {
            db::connect(&config.database_url).await?;
            println!("migrations applied to {}", db::redact(&config.database_url));
            Ok(())
        }
        Command::Seed(args) if args.synthetic => {
            let db = db::connect(&config.database_url).await?;
            db::seed::ensure_taxonomy(&db, &config.data_dir).await?;
            let taxonomy = db::seed::read_taxonomy(&config.data_dir)?;
            let spec = db::synthetic::Spec {
                students: args.students,
                projects: args.projects,
                faculty: args.faculty,
                seed: args.seed,
            };
            println!(
                "generating a synthetic program ({} students, {} projects, {} faculty, seed {}) …",
                spec.students, spec.projects, spec.faculty, spec.seed
            );
            let report = db::synthetic::generate(&db, &taxonomy, spec).await?;
            println!("generated: {report}");
            Ok(())
        }
        Command::Seed(args) => {
            anyhow::ensure!(
                args.demo || args.taxonomy,
                "nothing to seed: pass --taxonomy to load {}/taxonomy.json, or --demo to load it \
                 and the demo program from {}/demo",
                config.data_dir.display(),
                config.data_dir.display()
            );
            let db = db::connect(&config.database_url).await?;
            if !args.demo {
                let file = db::seed::read_taxonomy(&config.data_dir)?;
                let report = db::seed::seed_taxonomy(&db, &file).await?;
                println!(
                    "taxonomy loaded: {} areas, {} concepts (restart the server to use it)",
                    report.areas,
                    file.areas.iter().map(|a| a.concepts.len()).sum::<usize>() + file.general.len()
                );
                return Ok(());
            }
            println!(
                "seeding the demo program from {} …",
                config.data_dir.join("demo").display()
            );
            let report = db::seed::seed_demo_from_dir(&db, &config.data_dir).await?;
            let accounts = db::seed::seed_demo_accounts(&db).await?;
            println!(
                "seeded: {report}; {accounts} new demo accounts (password '{}')",
                db::accounts::DEMO_PASSWORD
            );
            Ok(())
        }
        Command::User(UserCommand::Add(args)) => user_add(&config, args).await,
        Command::Import(args) => import(&config, args).await,
        Command::Eval(args) => {
            let report = crate::eval::evaluate_dir(&config.data_dir)?;
            println!(
                "{} cases: area accuracy@1 = {:.3} ({}/{}), recall@5 = {:.3} ({}/{} expected projects)",
                report.cases,
                report.area_accuracy(),
                report.area_hits,
                report.cases,
                report.recall_at_5(),
                report.recalled,
                report.expected_projects
            );
            if args.verbose {
                for miss in &report.misses {
                    println!("  miss: {miss}");
                }
            }
            Ok(())
        }
    }
}

/// `thesis-match user add --email … --role …`: creates the account or sets its password. The
/// password comes from `$THESIS_MATCH_PASSWORD` (or `--password-env NAME`) or standard input,
/// never from the command line, where other users of the machine could read it.
pub async fn user_add(config: &Config, args: UserAddArgs) -> anyhow::Result<()> {
    let role = Role::parse(&args.role).with_context(|| {
        format!(
            "unknown role '{}': use director, admin, faculty or student",
            args.role
        )
    })?;
    let email = Email::parse(&args.email)
        .map_err(|e| anyhow::anyhow!("'{}' is not an e-mail address: {e}", args.email))?;
    let password = match std::env::var(&args.password_env) {
        Ok(p) if !p.is_empty() => p,
        _ => {
            eprintln!(
                "password for {email} (from standard input; or set {}):",
                args.password_env
            );
            let mut line = String::new();
            std::io::stdin()
                .read_to_string(&mut line)
                .context("reading the password")?;
            line.lines().next().unwrap_or_default().to_owned()
        }
    };
    credentials::validate_new_password(&password)
        .map_err(|m| anyhow::anyhow!("the password {m}"))?;
    let db = db::connect(&config.database_url).await?;
    let link = args.link.as_deref();
    let (student_id, faculty_id) = match (policy::linked_record(role), link) {
        (LinkedRecord::Student, Some(slug)) => (
            Some(
                db::accounts::student_by_slug(&db, slug)
                    .await?
                    .with_context(|| format!("no student has slug '{slug}'"))?,
            ),
            None,
        ),
        (LinkedRecord::Faculty, Some(slug)) => (
            None,
            Some(
                db::accounts::faculty_by_slug(&db, slug)
                    .await?
                    .with_context(|| format!("no faculty member has slug '{slug}'"))?,
            ),
        ),
        (LinkedRecord::Student | LinkedRecord::Faculty, None) => {
            bail!("a {role} account needs --link SLUG of its record")
        }
        (LinkedRecord::None, Some(_)) => {
            bail!("only student and faculty accounts are linked to a record")
        }
        (LinkedRecord::None, None) => (None, None),
    };
    let hash = credentials::hash_password_blocking(password).await?;
    let account = NewAccount {
        email: email.clone(),
        role,
        student_id,
        faculty_id,
        password_hash: Some(hash),
    };
    let (id, created) = db::accounts::create_or_update(&db, account).await?;
    audit::record(
        &db,
        audit::Entry {
            actor_id: None,
            actor_email: "command line".to_owned(),
            client_addr: None,
            action: AuditAction::AccountUpdated,
            target_kind: TargetKind::User,
            target_id: Some(id.get()),
            before: None,
            after: Some(serde_json::json!({ "email": email, "role": role, "created": created })),
            reason: Some("thesis-match user add".to_owned()),
        },
    )
    .await?;
    println!(
        "{} {role} account {email} (id {id})",
        if created { "created" } else { "updated" },
    );
    Ok(())
}

/// `thesis-match import --kind students FILE`.
pub async fn import(config: &Config, args: ImportArgs) -> anyhow::Result<()> {
    let kind = ImportKind::parse(&args.kind).with_context(|| {
        format!(
            "unknown kind '{}': use labs, faculty, projects or students",
            args.kind
        )
    })?;
    let bytes = if args.file.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b)?;
        b
    } else {
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?
    };
    eprintln!(
        "importing {} ({} KB) as {} …",
        args.file.display(),
        bytes.len() / 1024,
        kind.as_str()
    );
    let db = db::connect(&config.database_url).await?;
    db::seed::ensure_taxonomy(&db, &config.data_dir).await?;
    let entry = audit::Entry {
        actor_id: None,
        actor_email: "command line".to_owned(),
        client_addr: None,
        action: AuditAction::Import,
        target_kind: TargetKind::Import,
        target_id: None,
        before: None,
        after: None,
        reason: None,
    };
    match import::import(&db, kind, &bytes, entry).await {
        Ok(r) => {
            println!(
                "imported {} {} in {:.2}s: {} inserted, {} updated, {} unchanged, {} accounts created (no password yet: issue reset links on the People page)",
                r.rows,
                kind.as_str(),
                r.seconds,
                r.inserted,
                r.updated,
                r.unchanged,
                r.accounts_created
            );
            Ok(())
        }
        Err(import::ImportError::Rejected(rows)) => {
            eprintln!("{}: refused, nothing was stored:", args.file.display());
            for p in &rows {
                eprintln!(
                    "  line {}, column {}: {}",
                    p.line,
                    if p.column.is_empty() { "-" } else { &p.column },
                    p.message
                );
            }
            bail!(
                "{} problem{} in {}",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" },
                args.file.display()
            )
        }
        Err(import::ImportError::Internal(e)) => Err(e),
    }
}
