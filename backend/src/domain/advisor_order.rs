//! The advisor's order of their applicants — one rule, used where faculty see it (the applicant
//! ranking page) and where the allocation reads it (the supervisors' preference lists), so the two
//! can never drift.

use shared::StudentId;

/// Hand-ranked applicants first, in the advisor's order; then the rest by their best match score
/// (higher first), ties by id. Students in `by_hand` who did not apply are left out; every
/// applicant appears once.
pub fn advisor_order(
    by_hand: &[StudentId],
    applicants: impl IntoIterator<Item = (StudentId, f32)>,
) -> Vec<StudentId> {
    let mut best: std::collections::HashMap<StudentId, f32> = std::collections::HashMap::new();
    for (s, score) in applicants {
        let e = best.entry(s).or_insert(score);
        *e = e.max(score);
    }
    let mut order: Vec<StudentId> = Vec::with_capacity(best.len());
    let mut placed = std::collections::HashSet::with_capacity(by_hand.len());
    for s in by_hand {
        if best.contains_key(s) && placed.insert(*s) {
            order.push(*s);
        }
    }
    let mut rest: Vec<(StudentId, f32)> = best
        .into_iter()
        .filter(|(s, _)| !placed.contains(s))
        .collect();
    rest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    order.extend(rest.into_iter().map(|(s, _)| s));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[i32]) -> Vec<StudentId> {
        v.iter().copied().map(StudentId).collect()
    }

    #[test]
    fn hand_ranked_first_then_best_score_then_id() {
        let got = advisor_order(
            &ids(&[7, 3, 99]),
            [
                (StudentId(1), 40.0),
                (StudentId(3), 10.0),
                (StudentId(2), 80.0),
                (StudentId(7), 5.0),
                (StudentId(4), 80.0),
                (StudentId(1), 90.0),
            ],
        );
        // 99 never applied; 1's best score (90) counts; 2 and 4 tie and go by id.
        assert_eq!(got, ids(&[7, 3, 1, 2, 4]));
    }

    #[test]
    fn no_applicants_no_order() {
        assert!(advisor_order(&ids(&[1, 2]), []).is_empty());
    }
}
