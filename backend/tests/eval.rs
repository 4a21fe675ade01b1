//! The matching engine meets the quality bar on the labelled set in `data/eval/`.

use std::path::Path;

#[test]
fn area_accuracy_and_recall_at_5_are_at_least_0_9() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let report = backend::eval::evaluate_dir(&data).unwrap_or_else(|e| panic!("{e:#}"));
    assert!(report.cases >= 80, "only {} labelled cases", report.cases);
    assert!(report.expected_projects >= 40);
    let misses = report.misses.join("\n");
    assert!(
        report.area_accuracy() >= 0.9,
        "area accuracy@1 = {:.3}\n{misses}",
        report.area_accuracy()
    );
    assert!(
        report.recall_at_5() >= 0.9,
        "recall@5 = {:.3}\n{misses}",
        report.recall_at_5()
    );
}
