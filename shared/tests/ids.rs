//! The id newtypes keep kinds apart at compile time: passing a `ProjectId` where a `StudentId` is
//! meant does not compile, and the error names both types (the expected output is in
//! `tests/compile_fail/*.stderr`).

#[test]
fn a_project_id_is_not_a_student_id() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}
