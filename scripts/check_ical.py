"""Read milepost's iCalendar export with an independent parser (the `icalendar` package) and
compare it with `schedule --json`: one all-day event per milestone on its forecast finish, one
per task deadline, unique UIDs. Usage: check_ical.py FILE.ics SCHEDULE.json"""
import datetime
import json
import sys

import icalendar

ics_path, schedule_path = sys.argv[1], sys.argv[2]
with open(ics_path, "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
with open(schedule_path) as f:
    schedule = json.load(f)

events = [c for c in cal.walk() if c.name == "VEVENT"]
uids = [str(e["UID"]) for e in events]
assert len(uids) == len(set(uids)), "UIDs repeat"
by_uid = {str(e["UID"]): e for e in events}
milestones = [t for t in schedule["tasks"] if t["milestone"]]
matched = 0
for m in milestones:
    event = next((e for u, e in by_uid.items() if u.startswith(f"milestone-{m['key']}@")), None)
    assert event is not None, f"no event for milestone {m['key']}"
    start = event["DTSTART"].dt
    end = event["DTEND"].dt
    assert type(start) is datetime.date, f"{m['key']}: not an all-day event: {start!r}"
    assert end - start == datetime.timedelta(days=1), f"{m['key']}: spans {end - start}"
    assert start.isoformat() == m["finish"], f"{m['key']}: {start} != forecast {m['finish']}"
    assert m["key"] in str(event["SUMMARY"]), event["SUMMARY"]
    matched += 1
deadlines = [e for e in events if str(e["UID"]).startswith("deadline-")]
assert len(events) == len(milestones) + len(deadlines), "events that are neither"
print(
    f"icalendar {icalendar.__version__} read {len(events)} events from {ics_path}: "
    f"{matched}/{len(milestones)} milestones on their forecast dates, {len(deadlines)} deadlines"
)
