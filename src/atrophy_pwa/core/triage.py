"""The care-flow decision: the most urgent level among the "yes" answers and the combinations of them
that hold; no "yes" gives self_care.

The same few lines exist in JavaScript (static/js/triage.js) for the device, online and offline;
tests/core/test_triage_agrees.py runs that file under node on every test run and proves the two agree.
"""
from .schemas import LEVELS

RANK = {level: rank for rank, level in enumerate(LEVELS)}


def questions(flow) -> dict:
    """id -> question, in the order the flow asks them."""
    return {q["id"]: q for step in flow["steps"] for q in step["questions"]}


def reasons(flow) -> dict:
    """id -> the words that say why, for every question and combination (what a result's reasons name)."""
    return {item["id"]: item["reason"] for item in [*questions(flow).values(), *flow["combinations"]]}


def level(flow, code: str) -> dict:
    """The flow's level (what to do, how soon, why) for a disposition code."""
    return next(lv for lv in flow["levels"] if lv["code"] == code)


def has_yes(group, answers: dict) -> bool:
    """At least one question of the group is answered "yes"."""
    return any(answers.get(qid) is True for qid in group)


def holds(combination, answers: dict) -> bool:
    """Every group of the combination has a "yes"."""
    return all(has_yes(group, answers) for group in combination["groups"])


def evaluate(flow, answers: dict) -> dict:
    """{"disposition", "reasons", "context"} for answers {id: bool}; missing ids count as "no".

    reasons: the combinations that hold at the result's level, then the yes answers at that level."""
    asked = questions(flow)
    yes = [qid for qid in asked if answers.get(qid) is True]
    signs = [asked[qid] for qid in yes if asked[qid]["level"] != "context"]
    raising = [*(c for c in flow["combinations"] if holds(c, answers)), *signs]
    disposition = min((item["level"] for item in raising), key=RANK.__getitem__, default="self_care")
    reasons = [item["id"] for item in raising if item["level"] == disposition]
    context = [qid for qid in yes if asked[qid]["level"] == "context"]
    return {"disposition": disposition, "reasons": reasons, "context": context}


def could_complete(combination, answers: dict, here: set, later: set) -> bool:
    """A yes on this step (`here`) could help the combination hold: each group it still lacks can be
    answered on this step or a later one (`later`), and this step holds a question of one of them."""
    lacking = [set(group) for group in combination["groups"] if not has_yes(group, answers)]
    return all(group & later for group in lacking) and any(group & here for group in lacking)


def next_step(flow, answers: dict, answered_step: int) -> int | None:
    """The index of the next step worth asking, or None when no later answer can change the result."""
    current = RANK[evaluate(flow, answers)["disposition"]]
    steps = flow["steps"]
    for index in range(answered_step + 1, len(steps)):
        levels = [q["level"] for q in steps[index]["questions"]]
        if any(level != "context" and RANK[level] < current for level in levels):
            return index
        here = {q["id"] for q in steps[index]["questions"]}
        later = {q["id"] for step in steps[index:] for q in step["questions"]}
        if any(RANK[c["level"]] < current and could_complete(c, answers, here, later) for c in flow["combinations"]):
            return index
        if current == RANK["self_care"] and "context" in levels:
            return index
    return None


def following_step(flow, answers: dict, answered_step: int, seen: int) -> int | None:
    """The step after `answered_step`: after Back, the next of the steps shown before (up to `seen`),
    unless the answers already give an emergency (an emergency never waits); else next_step."""
    if 0 <= answered_step < seen and evaluate(flow, answers)["disposition"] != "emergency":
        return answered_step + 1
    return next_step(flow, answers, answered_step)


def evaluate_checklist(flow, checklist, ticked: list) -> dict:
    """The care-flow result for the facts the ticked signs state (the questions they imply), so that the
    checklist and the flow give the same level for the same story."""
    signs = {sign["id"]: sign for sign in checklist["signs"]}
    implied = {qid: True for sid in ticked if sid in signs for qid in signs[sid]["implies"]}
    return {**evaluate(flow, implied), "implied": list(implied)}
