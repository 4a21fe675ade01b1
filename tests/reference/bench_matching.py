"""Time `matching` 1.4.3 on one instance file (the `thesis-match allocate` input format).

Usage: python bench_matching.py INSTANCE.json [student|supervisor]
Prints {"seconds": create + solve time, "assignments": {student: project or null}} on stdout.
Same adaptations as solve_with_matching.py (students with empty lists and supervisors nobody
ranked are left out; warnings silenced).
"""

import json
import sys
import time
import warnings

from matching.games import StudentAllocation


def main():
    sys.setrecursionlimit(1_000_000)
    warnings.simplefilter("ignore")
    optimal = sys.argv[2] if len(sys.argv) > 2 else "student"
    with open(sys.argv[1]) as f:
        instance = json.load(f)
    started = time.perf_counter()
    students = {s["id"]: s["preferences"] for s in instance["students"] if s["preferences"]}
    supervisors = {f["id"]: f["preferences"] for f in instance["supervisors"] if f["preferences"]}
    projects = [p for p in instance["projects"] if p["supervisor"] in supervisors]
    game = StudentAllocation.create_from_dictionaries(
        students,
        supervisors,
        {p["id"]: p["supervisor"] for p in projects},
        {p["id"]: p["capacity"] for p in projects},
        {f["id"]: f["capacity"] for f in instance["supervisors"] if f["id"] in supervisors},
    )
    result = game.solve(optimal=optimal)
    seconds = time.perf_counter() - started
    assignments = {s["id"]: None for s in instance["students"]}
    for project, matched in result.items():
        for student in matched:
            assignments[student.name] = project.name
    json.dump({"seconds": seconds, "assignments": assignments}, sys.stdout)


if __name__ == "__main__":
    main()
