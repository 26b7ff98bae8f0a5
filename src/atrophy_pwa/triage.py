"""The care-flow decision: the most urgent level among the "yes" answers; no "yes" gives self_care.

The same few lines exist in JavaScript (static/care.js) for use offline; a browser test proves the two agree.
"""
from .schemas import LEVELS

RANK = {level: rank for rank, level in enumerate(LEVELS)}


def questions(flow) -> dict:
    """id -> question, in the order the flow asks them."""
    return {q["id"]: q for step in flow["steps"] for q in step["questions"]}


def level(flow, code: str) -> dict:
    """The flow's level (what to do, how soon, why) for a disposition code."""
    return next(lv for lv in flow["levels"] if lv["code"] == code)


def evaluate(flow, answers: dict) -> dict:
    """{"disposition", "reasons", "context"} for answers {id: bool}; missing ids count as "no"."""
    asked = questions(flow)
    yes = [qid for qid in asked if answers.get(qid) is True]
    signs = [qid for qid in yes if asked[qid]["level"] != "context"]
    disposition = min((asked[qid]["level"] for qid in signs), key=RANK.__getitem__, default="self_care")
    reasons = [qid for qid in signs if asked[qid]["level"] == disposition]
    context = [qid for qid in yes if asked[qid]["level"] == "context"]
    return {"disposition": disposition, "reasons": reasons, "context": context}


def next_step(flow, answers: dict, answered_step: int) -> int | None:
    """The index of the next step worth asking, or None when no later answer can change the result."""
    current = RANK[evaluate(flow, answers)["disposition"]]
    for index in range(answered_step + 1, len(flow["steps"])):
        levels = [q["level"] for q in flow["steps"][index]["questions"]]
        if any(level != "context" and RANK[level] < current for level in levels):
            return index
        if current == RANK["self_care"] and "context" in levels:
            return index
    return None


def evaluate_checklist(flow, checklist, ticked: list) -> dict:
    """The care-flow result for the facts the ticked signs state, never below the checklist's floor."""
    signs = {sign["id"]: sign for sign in checklist["signs"]}
    implied = {qid: True for sid in ticked if sid in signs for qid in signs[sid]["implies"]}
    outcome = evaluate(flow, implied)
    floor = checklist["level_floor"]
    if any(sid in signs for sid in ticked) and RANK[floor] < RANK[outcome["disposition"]]:
        outcome["disposition"] = floor
    return {**outcome, "implied": list(implied)}
