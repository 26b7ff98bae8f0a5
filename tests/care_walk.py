"""Walking the care-flow pages without JavaScript as a person does: tick what applies on each step
shown, "None of these" where nothing does, and read the result. Shared by the rule and guidance tests."""


def walk_pages(client, flow: dict, answers, locale: str = "en") -> str:
    """Answer the care-flow pages ticking exactly `answers` (ids, or {id: bool}); return the result page."""
    return walk(client, flow, answers, locale)[0]


def walk(client, flow: dict, answers, locale: str = "en") -> tuple[str, list]:
    """(the result page, the answers ticked on the steps the pages showed): an emergency answer ends the
    flow at once, so later steps' answers are never given."""
    yes = {qid for qid in answers if not isinstance(answers, dict) or answers[qid]}
    step, carried, page = 0, [], None
    for _ in range(len(flow["steps"]) + 1):
        asked = [q["id"] for q in flow["steps"][step]["questions"]]
        ticked = [q for q in asked if q in yes]
        none = [] if ticked else [flow["steps"][step]["id"]]  # "None of these" where nothing applies
        page = client.post(f"/{locale}/care", data={"step": str(step), "yes": carried + ticked, "none": none}
                           ).get_data(as_text=True)
        if "data-disposition" in page:
            return page, carried + ticked
        carried += ticked
        step = next(i for i, s in enumerate(flow["steps"]) if f'data-question="{s["questions"][0]["id"]}"' in page)
    raise AssertionError("the pages never reached a result")
