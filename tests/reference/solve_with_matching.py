"""Solve a batch of SPA-S instances with the reference implementation, `matching` 1.4.3.

Usage: python solve_with_matching.py INSTANCES.json OUTPUT.json

INSTANCES.json is a list of instances in the `thesis-match allocate` input format. For each
instance and each of optimal="student" and optimal="supervisor", a fresh
`StudentAllocation.create_from_dictionaries(...)` game is built and solved; the output is a list
(same order) of {"student": {sid: pid|null}, "supervisor": {...}, "valid": [bool, bool],
"stable": [bool, bool]} where valid/stable are `matching`'s own check_validity/check_stability.

Adaptations, each required by `matching` 1.4.3 and none changing the answer:
- students with an empty list are left out of the game (the package indexes prefs[0] and
  crashes); they are reported unmatched;
- supervisors that nobody ranked (empty list) are left out with their projects (the
  supervisor-optimal loop unpacks `get_favourite()` of the first supervisor it pops, which is
  None for them); no student ranks those projects, so nothing else changes;
- warnings (PreferencesChangedWarning, CapacityChangedWarning) are silenced; clean=False.
"""

import json
import sys
import warnings

import matching
from matching.games import StudentAllocation


def solve(instance, optimal):
    students = {s["id"]: list(s["preferences"]) for s in instance["students"] if s["preferences"]}
    supervisors = {f["id"]: list(f["preferences"]) for f in instance["supervisors"] if f["preferences"]}
    projects = {p["id"]: p for p in instance["projects"] if p["supervisor"] in supervisors}
    game = StudentAllocation.create_from_dictionaries(
        students,
        supervisors,
        {pid: p["supervisor"] for pid, p in projects.items()},
        {pid: p["capacity"] for pid, p in projects.items()},
        {fid: f["capacity"] for f in instance["supervisors"] for fid in [f["id"]] if fid in supervisors},
    )
    result = game.solve(optimal=optimal)
    assignment = {s["id"]: None for s in instance["students"]}
    for project, matched in result.items():
        for student in matched:
            assignment[student.name] = project.name
    try:
        valid = bool(game.check_validity())
    except Exception:  # MatchingError lists the problems; we only need the verdict
        valid = False
    stable = bool(game.check_stability())
    return assignment, valid, stable


def main():
    sys.setrecursionlimit(100_000)
    warnings.simplefilter("ignore")
    assert matching.__version__ == "1.4.3", f"expected matching 1.4.3, got {matching.__version__}"
    with open(sys.argv[1]) as f:
        instances = json.load(f)
    out = []
    for instance in instances:
        s_assign, s_valid, s_stable = solve(instance, "student")
        f_assign, f_valid, f_stable = solve(instance, "supervisor")
        out.append(
            {
                "student": s_assign,
                "supervisor": f_assign,
                "valid": [s_valid, f_valid],
                "stable": [s_stable, f_stable],
            }
        )
    with open(sys.argv[2], "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
