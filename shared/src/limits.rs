//! Field limits: one set, enforced alike by the server's handlers, the CSV import, the demo seed and
//! the SPA's forms. Lengths of text are counted in characters (Unicode scalar values), except the
//! interests text, which is bounded in bytes ([`MAX_INTERESTS_BYTES`]).
//!
//! The `check_*` functions are pure and return the message to show next to the field (the caller
//! names the field or the CSV column), e.g. `must be at most 200 characters`.

/// Longest interest text the server scores (bytes). Longer bodies are refused with 413.
pub const MAX_INTERESTS_BYTES: usize = 16 * 1024;

/// Characters in a project's title (required).
pub const MAX_PROJECT_TITLE_CHARS: usize = 200;
/// Characters in a project's one- or two-sentence summary (required).
pub const MAX_PROJECT_SUMMARY_CHARS: usize = 1_000;
/// Characters in a project's description.
pub const MAX_PROJECT_DESCRIPTION_CHARS: usize = 20_000;
/// Fewest students a project takes.
pub const MIN_PROJECT_CAPACITY: u32 = 1;
/// Most students one project may take.
pub const MAX_PROJECT_CAPACITY: u32 = 20;

/// Most items in a list of short words: a project's keywords, a project's required skills, a
/// student's skills.
pub const MAX_LIST_ITEMS: usize = 30;
/// Characters in one such item (one keyword, one skill).
pub const MAX_LIST_ITEM_CHARS: usize = 100;

/// Most thesis students one person may advise in a cycle (the least is 0).
pub const MAX_FACULTY_CAPACITY: u32 = 30;
/// Characters in a faculty member's bio.
pub const MAX_BIO_CHARS: usize = 5_000;

/// Characters in a lab's description.
pub const MAX_LAB_DESCRIPTION_CHARS: usize = 5_000;
/// Characters in a name, a job title, a school or a department (people and labs).
pub const MAX_NAME_CHARS: usize = 200;
/// Characters in a slug (lower-case letters, digits and `-`).
pub const MAX_SLUG_CHARS: usize = 120;

/// Characters in the reason a director gives for a decision on a pairing.
pub const MAX_REASON_CHARS: usize = 2_000;
/// Characters in a cycle's name (required).
pub const MAX_CYCLE_NAME_CHARS: usize = 50;

/// `value` has at most `max_chars` characters.
pub fn check_text(value: &str, max_chars: usize) -> Result<(), String> {
    if value.chars().count() > max_chars {
        Err(format!("must be at most {max_chars} characters"))
    } else {
        Ok(())
    }
}

/// At most `max_items` items of at most `max_item_chars` characters each. Reports the count first.
pub fn check_list<S: AsRef<str>>(
    items: &[S],
    max_items: usize,
    max_item_chars: usize,
) -> Result<(), String> {
    if items.len() > max_items {
        Err(format!("list at most {max_items}"))
    } else if items
        .iter()
        .any(|item| item.as_ref().chars().count() > max_item_chars)
    {
        Err(format!("each must be at most {max_item_chars} characters"))
    } else {
        Ok(())
    }
}

/// A list of keywords or skills: [`check_list`] with [`MAX_LIST_ITEMS`] and [`MAX_LIST_ITEM_CHARS`].
pub fn check_words<S: AsRef<str>>(items: &[S]) -> Result<(), String> {
    check_list(items, MAX_LIST_ITEMS, MAX_LIST_ITEM_CHARS)
}

/// A student's interests: at most [`MAX_INTERESTS_BYTES`] bytes (the server answers 413 over it).
pub fn check_interests(text: &str) -> Result<(), String> {
    if text.len() > MAX_INTERESTS_BYTES {
        Err(format!("must be at most {} KB", MAX_INTERESTS_BYTES / 1024))
    } else {
        Ok(())
    }
}

/// A project's capacity: from [`MIN_PROJECT_CAPACITY`] to [`MAX_PROJECT_CAPACITY`] students.
pub fn check_project_capacity(students: u32) -> Result<(), String> {
    if (MIN_PROJECT_CAPACITY..=MAX_PROJECT_CAPACITY).contains(&students) {
        Ok(())
    } else {
        Err(format!(
            "must be from {MIN_PROJECT_CAPACITY} to {MAX_PROJECT_CAPACITY} students"
        ))
    }
}

/// A faculty member's capacity: from 0 to [`MAX_FACULTY_CAPACITY`] students.
pub fn check_faculty_capacity(students: u32) -> Result<(), String> {
    if students > MAX_FACULTY_CAPACITY {
        Err(format!("must be from 0 to {MAX_FACULTY_CAPACITY}"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_counted_in_characters_not_bytes() {
        assert_eq!(check_text("", 0), Ok(()));
        assert_eq!(
            check_text(&"é".repeat(200), MAX_PROJECT_TITLE_CHARS),
            Ok(())
        );
        assert_eq!(
            check_text(&"a".repeat(201), MAX_PROJECT_TITLE_CHARS),
            Err("must be at most 200 characters".to_owned())
        );
        assert_eq!(
            check_text(&"x".repeat(MAX_REASON_CHARS + 1), MAX_REASON_CHARS),
            Err("must be at most 2000 characters".to_owned())
        );
    }

    #[test]
    fn lists_are_checked_for_their_count_then_their_items() {
        let ok: Vec<String> = vec!["k".repeat(MAX_LIST_ITEM_CHARS); MAX_LIST_ITEMS];
        assert_eq!(check_words(&ok), Ok(()));
        assert_eq!(check_words::<&str>(&[]), Ok(()));
        let too_many = vec!["EEG"; MAX_LIST_ITEMS + 1];
        assert_eq!(check_words(&too_many), Err("list at most 30".to_owned()));
        let too_long = ["EEG".to_owned(), "k".repeat(MAX_LIST_ITEM_CHARS + 1)];
        assert_eq!(
            check_words(&too_long),
            Err("each must be at most 100 characters".to_owned())
        );
        assert_eq!(check_list(&["ab", "abc"], 2, 2).map_err(|_| ()), Err(()));
    }

    #[test]
    fn interests_are_bounded_in_bytes() {
        assert_eq!(check_interests(&"a".repeat(MAX_INTERESTS_BYTES)), Ok(()));
        assert_eq!(
            check_interests(&"é".repeat(MAX_INTERESTS_BYTES / 2 + 1)),
            Err("must be at most 16 KB".to_owned())
        );
    }

    #[test]
    fn capacities_have_their_ranges() {
        assert!(check_project_capacity(0).is_err());
        assert_eq!(check_project_capacity(1), Ok(()));
        assert_eq!(check_project_capacity(MAX_PROJECT_CAPACITY), Ok(()));
        assert_eq!(
            check_project_capacity(21),
            Err("must be from 1 to 20 students".to_owned())
        );
        assert_eq!(check_faculty_capacity(0), Ok(()));
        assert_eq!(check_faculty_capacity(MAX_FACULTY_CAPACITY), Ok(()));
        assert_eq!(
            check_faculty_capacity(31),
            Err("must be from 0 to 30".to_owned())
        );
    }
}
