//! The account and import subcommands of `thesis-match`.

use std::io::Read;

use anyhow::{Context, bail};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use shared::{AuditAction, ImportKind, Role, TargetKind};

use crate::config::{Config, ImportArgs, UserAddArgs};
use crate::db::{self, audit, entities, import};

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
    let email = crate::auth::normalize_email(&args.email);
    if !email.contains('@') {
        bail!("'{}' is not an e-mail address", args.email);
    }
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
    crate::auth::validate_new_password(&password)
        .map_err(|m| anyhow::anyhow!("the password {m}"))?;
    let db = db::connect(&config.database_url).await?;
    let (student_id, faculty_id) = match (role, args.link.as_deref()) {
        (Role::Student, Some(slug)) => (
            Some(
                entities::student::Entity::find()
                    .filter(entities::student::Column::Slug.eq(slug))
                    .one(&db)
                    .await?
                    .with_context(|| format!("no student has slug '{slug}'"))?
                    .id,
            ),
            None,
        ),
        (Role::Faculty, Some(slug)) => (
            None,
            Some(
                entities::faculty::Entity::find()
                    .filter(entities::faculty::Column::Slug.eq(slug))
                    .one(&db)
                    .await?
                    .with_context(|| format!("no faculty member has slug '{slug}'"))?
                    .id,
            ),
        ),
        (Role::Student | Role::Faculty, None) => {
            bail!(
                "a {} account needs --link SLUG of its record",
                role.as_str()
            )
        }
        (_, Some(_)) => bail!("only student and faculty accounts are linked to a record"),
        (_, None) => (None, None),
    };
    let hash = crate::auth::hash_password_blocking(password).await?;
    let (id, created) = match db::accounts::by_email(&db, &email).await? {
        Some(u) => {
            let mut am: entities::user::ActiveModel = u.into();
            am.password_hash = Set(Some(hash));
            am.role = Set(role.as_str().to_owned());
            am.student_id = Set(student_id);
            am.faculty_id = Set(faculty_id);
            am.disabled = Set(false);
            (am.update(&db).await?.id, false)
        }
        None => {
            let u = entities::user::ActiveModel {
                email: Set(email.clone()),
                password_hash: Set(Some(hash)),
                role: Set(role.as_str().to_owned()),
                student_id: Set(student_id),
                faculty_id: Set(faculty_id),
                disabled: Set(false),
                created_at: Set(Utc::now()),
                last_login_at: Set(None),
                ..Default::default()
            }
            .insert(&db)
            .await?;
            (u.id, true)
        }
    };
    audit::record(
        &db,
        audit::Entry {
            actor_id: None,
            actor_email: "command line".to_owned(),
            client_addr: None,
            action: AuditAction::AccountUpdated,
            target_kind: TargetKind::User,
            target_id: Some(id),
            before: None,
            after: Some(
                serde_json::json!({ "email": email, "role": role.as_str(), "created": created }),
            ),
            reason: Some("thesis-match user add".to_owned()),
        },
    )
    .await?;
    println!(
        "{} {} account {email} (id {id})",
        if created { "created" } else { "updated" },
        role.as_str()
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
