// A project id where a student id is meant: the compiler refuses it.
fn rank(_student: shared::StudentId) {}

fn main() {
    rank(shared::ProjectId(7));
}
