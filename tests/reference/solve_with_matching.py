"""Solve a batch of SPA-S instances with the reference implementation, `matching` 1.4.3.

Usage: python solve_with_matching.py INSTANCES.json OUTPUT.json

INSTANCES.json is a list of {"clean": bool, "instance": ...} with instances in the
`thesis-match allocate` input format. For each instance and each of optimal="student" and
optimal="supervisor", a fresh `StudentAllocation.create_from_dictionaries(..., clean=...)` game is
built and solved; the output is a list
(same order) of {"student": {sid: pid|null}, "supervisor": {...}, "valid": [bool, bool],
"stable": [bool, bool]} where valid/stable are `matching`'s own check_validity/check_stability.

Adaptations, each required by `matching` 1.4.3 and none changing the answer:
- students with an empty list are left out of the game (the package indexes prefs[0] and
  crashes); they are reported unmatched;
- supervisors that nobody ranked (empty list) are left out with their projects (the
  supervisor-optimal loop unpacks `get_favourite()` of the first supervisor it pops, which is
  None for them); no student ranks those projects, so nothing else changes;
- with clean=True (instances whose lists are not reciprocated: a supervisor leaves out a student
  who ranked one of its projects, or ranks one who did not), supervisors left with no mutually
  ranked student are also left out with their projects, and those projects are struck from the
  students' lists (every such pair is unacceptable either way); `matching` itself then drops the
  remaining unreciprocated entries with a PreferencesChangedWarning;
- warnings (PreferencesChangedWarning, CapacityChangedWarning) are silenced.
"""

import json
import sys
import warnings

import matching
from matching.games import StudentAllocation


def solve(instance, optimal, clean):
    sup_of = {p["id"]: p["supervisor"] for p in instance["projects"]}
    ranked_by = {f["id"]: set(f["preferences"]) for f in instance["supervisors"]}
    live = {
        sup_of[p]
        for s in instance["students"]
        for p in s["preferences"]
        if s["id"] in ranked_by[sup_of[p]]
    }
    students = {
        s["id"]: [p for p in s["preferences"] if sup_of[p] in live] for s in instance["students"]
    }
    students = {sid: prefs for sid, prefs in students.items() if prefs}
    # A supervisor's entries for students who ranked none of its projects are struck as well:
    # `matching` 1.4.3 only warns about them, even with clean=True, and then keeps them in the
    # supervisor's list, where SPA-student can reach them as "successors" and crash
    # (`free_students.remove(successor)`: ValueError) when such a student is already exhausted.
    # They are irrelevant to stability in both readings.
    applied = {}
    for s in instance["students"]:
        for p in s["preferences"]:
            applied.setdefault(sup_of[p], set()).add(s["id"])
    supervisors = {
        f["id"]: [sid for sid in f["preferences"] if sid in applied.get(f["id"], ())]
        for f in instance["supervisors"]
        if f["id"] in live
    }
    projects = {p["id"]: p for p in instance["projects"] if p["supervisor"] in supervisors}
    game = StudentAllocation.create_from_dictionaries(
        students,
        supervisors,
        {pid: p["supervisor"] for pid, p in projects.items()},
        {pid: p["capacity"] for pid, p in projects.items()},
        {f["id"]: f["capacity"] for f in instance["supervisors"] if f["id"] in supervisors},
        clean=clean,
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
    for item in instances:
        instance, clean = item["instance"], item["clean"]
        s_assign, s_valid, s_stable = solve(instance, "student", clean)
        f_assign, f_valid, f_stable = solve(instance, "supervisor", clean)
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
