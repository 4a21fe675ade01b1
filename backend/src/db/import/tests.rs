use super::*;

#[test]
fn a_header_with_a_missing_column_is_refused_naming_it() {
    let csv = "slug,name,email,background,areas,interests\n";
    match read_rows(ImportKind::Students, csv.as_bytes()) {
        Err(ImportError::Rejected(p)) => {
            assert!(
                p.iter().any(|p| p.column == "skills" && p.line == 1),
                "{p:?}"
            )
        }
        _ => panic!("expected a rejection"),
    }
}

#[test]
fn rows_are_read_by_column_name_with_their_line() {
    let csv = "name,slug,email,background,areas,interests,skills\n\
               Ana Test,s-ana,ana@x.edu,clinical,imaging;signals,\"ECG, EEG\",Python\n";
    let rows = match read_rows(ImportKind::Students, csv.as_bytes()) {
        Ok(r) => r,
        Err(_) => panic!("expected rows"),
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].line, 2);
    assert_eq!(rows[0].get("slug"), "s-ana");
    assert_eq!(rows[0].list("areas"), vec!["imaging", "signals"]);
    assert_eq!(rows[0].get("interests"), "ECG, EEG");
}

/// A projects CSV: the header, then one row per `overrides` (column → cell; other cells are a
/// good project's).
fn projects_csv(overrides: &[&[(&str, &str)]]) -> String {
    let columns = ImportKind::Projects.columns();
    let mut csv = columns.join(",");
    for (i, cells) in overrides.iter().enumerate() {
        let slug = format!("project-{i}");
        let row: Vec<&str> = columns
            .iter()
            .map(|c| {
                let default = match *c {
                    "slug" => slug.as_str(),
                    "title" => "EEG seizure detection",
                    "summary" => "Detect seizures in scalp EEG.",
                    "description" => "Compare detectors on open EEG data.",
                    "advisor" => "ana-advisor",
                    "areas" => "signals",
                    "keywords" => "EEG;seizures",
                    "required_skills" => "Python",
                    "preferred_backgrounds" => "engineering;clinical",
                    "capacity" => "2",
                    "status" => "open",
                    _ => "",
                };
                cells
                    .iter()
                    .find(|(col, _)| col == c)
                    .map_or(default, |(_, v)| v)
            })
            .collect();
        csv.push('\n');
        csv.push_str(&row.join(","));
    }
    csv.push('\n');
    csv
}

fn check_projects(csv: &str) -> Vec<RowProblem> {
    let rows = match read_rows(ImportKind::Projects, csv.as_bytes()) {
        Ok(r) => r,
        Err(e) => panic!("expected rows, got {e:?}"),
    };
    let areas = HashMap::from([("signals".to_owned(), AreaId(1))]);
    let people = HashMap::from([("ana-advisor".to_owned(), FacultyId(1))]);
    let known = Known {
        areas: &areas,
        taken: &HashMap::new(),
        labs: &HashMap::new(),
        people: &people,
    };
    check_rows(ImportKind::Projects, &rows, &known)
}

#[test]
fn a_project_row_within_the_limits_passes() {
    let most: Vec<String> = (0..shared::MAX_LIST_ITEMS)
        .map(|i| format!("keyword {i}"))
        .collect();
    let most = most.join(";");
    let longest = "d".repeat(MAX_PROJECT_DESCRIPTION_CHARS);
    let csv = projects_csv(&[&[], &[("keywords", &most), ("description", &longest)]]);
    let problems = check_projects(&csv);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_project_row_over_a_limit_is_refused_with_its_line_and_column() {
    let long = "d".repeat(MAX_PROJECT_DESCRIPTION_CHARS + 1);
    let many: Vec<String> = (0..=shared::MAX_LIST_ITEMS)
        .map(|i| format!("keyword {i}"))
        .collect();
    let many = many.join(";");
    let long_skill = "s".repeat(shared::MAX_LIST_ITEM_CHARS + 1);
    let csv = projects_csv(&[
        &[],
        &[("description", &long)],
        &[("keywords", &many)],
        &[("required_skills", &long_skill), ("capacity", "21")],
    ]);
    let problems = check_projects(&csv);
    let found: Vec<(usize, &str, &str)> = problems
        .iter()
        .map(|p| (p.line, p.column.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (3, "description", "must be at most 20000 characters"),
            (4, "keywords", "list at most 30"),
            (5, "required_skills", "each must be at most 100 characters"),
            (5, "capacity", "'21' must be a whole number from 1 to 20"),
        ]
    );
}

#[test]
fn a_student_row_with_too_many_skills_is_refused() {
    let skills: Vec<String> = (0..=shared::MAX_LIST_ITEMS)
        .map(|i| format!("s{i}"))
        .collect();
    let csv = format!(
        "slug,name,email,background,areas,interests,skills\n\
         s-ana,Ana Test,ana@x.edu,clinical,,EEG,{}\n",
        skills.join(";")
    );
    let rows = match read_rows(ImportKind::Students, csv.as_bytes()) {
        Ok(r) => r,
        Err(e) => panic!("expected rows, got {e:?}"),
    };
    let known = Known {
        areas: &HashMap::new(),
        taken: &HashMap::new(),
        labs: &HashMap::new(),
        people: &HashMap::new(),
    };
    let problems = check_rows(ImportKind::Students, &rows, &known);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        (problems[0].line, problems[0].column.as_str()),
        (2, "skills")
    );
}

#[test]
fn booleans_accept_the_usual_spellings() {
    assert_eq!(parse_bool("Yes"), Some(true));
    assert_eq!(parse_bool("0"), Some(false));
    assert_eq!(parse_bool("maybe"), None);
}
