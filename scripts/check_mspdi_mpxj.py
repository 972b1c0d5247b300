"""Read milepost's MS Project XML export with an independent reader (MPXJ, through the PyPI
package `mpxj`, which runs on a Java runtime) and compare it with the program it came from:
the same tasks with their titles, WBS levels, durations, milestones, links with types and lags,
and baseline dates. Usage: check_mspdi_mpxj.py PLAN.xml PROGRAM.json"""
import json
import sys

import jpype
import mpxj  # noqa: F401  (puts the MPXJ jar on the class path)

xml_path, program_path = sys.argv[1], sys.argv[2]
with open(program_path) as f:
    program = json.load(f)
jpype.startJVM()
from org.mpxj.reader import UniversalProjectReader  # noqa: E402

project = UniversalProjectReader().read(xml_path)
ws_keys = [w["key"] for w in program["workstreams"]]
tasks = {t["key"]: t for t in program["tasks"]}
summaries = {t.get("parent") for t in program["tasks"]}
levels = {}
for t in program["tasks"]:
    levels[t["key"]] = levels.get(t.get("parent"), 1) + 1


def key_of(uid):
    ws, number = divmod(int(str(uid)), 100000)
    return f"{ws_keys[ws - 1]}-{number}" if number else None


baseline_number = {}
used = set()
for b in program["baselines"]:
    name = b["name"]
    n = 0 if name == "Baseline" else int(name[9:]) if name.startswith("Baseline ") and name[9:].isdigit() else None
    baseline_number[name] = n
    if n is not None:
        used.add(n)
for b in program["baselines"]:
    if baseline_number[b["name"]] is None:
        free = next((n for n in range(11) if n not in used), None)
        baseline_number[b["name"]] = free
        used.add(free)

seen, durations, links, baseline_dates = 0, 0, 0, 0
for t in project.getTasks():
    key = key_of(t.getUniqueID())
    if key is None:
        continue
    mine = tasks[key]
    seen += 1
    assert str(t.getName()) == mine["title"], (key, t.getName(), mine["title"])
    assert int(str(t.getOutlineLevel())) == levels[key], (key, t.getOutlineLevel(), levels[key])
    if key not in summaries:
        days = float(str(t.getDuration().getDuration()))
        assert days == mine["duration"], (key, days, mine["duration"])
        assert bool(t.getMilestone()) == (mine["duration"] == 0), key
        durations += 1
    theirs = sorted(
        (key_of(r.getPredecessorTask().getUniqueID()), str(r.getType()), float(str(r.getLag().getDuration())))
        for r in t.getPredecessors()
    )
    ours = sorted((l["key"], l["type"], float(l["lag"])) for l in mine["after"])
    assert theirs == ours, (key, theirs, ours)
    links += len(ours)
    for b in program["baselines"]:
        n = baseline_number[b["name"]]
        entry = next((e for e in b["tasks"] if e["key"] == key), None)
        if n is None or entry is None:
            continue
        start = t.getBaselineStart(n) if n else t.getBaselineStart()
        finish = t.getBaselineFinish(n) if n else t.getBaselineFinish()
        assert str(start)[:10] == entry["start"], (key, n, str(start), entry["start"])
        assert str(finish)[:10] == entry["finish"], (key, n, str(finish), entry["finish"])
        baseline_dates += 1
assert seen == len(tasks), (seen, len(tasks))
print(
    f"MPXJ read {xml_path}: {seen}/{len(tasks)} tasks with their titles and levels, "
    f"{durations} durations, {links} links with types and lags, {baseline_dates} baseline dates agree"
)
