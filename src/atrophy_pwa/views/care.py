"""The "when to seek care" flow and the symptom checklist as plain HTML forms (no JavaScript needed).

Answers travel only in POST bodies (never in addresses or logs) and are not stored: each step carries
the earlier answers as hidden fields, and the result is computed and shown at once. On a step the language
buttons send the step's own form (ticks and all) to the same step in the other language; on a result they
are forms posting the same answers. "Change my answers" on a result posts them back to the first step
(or the checklist) with every box ticked as before.
"""
import re

from flask import Blueprint, current_app, g, render_template, request
from flask_babel import gettext as _

from ..core import emergency, triage
from .. import i18n
from ..serving.caching import cached

bp = Blueprint("care", __name__, url_prefix="/<locale>")
bp.url_value_preprocessor(i18n.request_locale_from_url)
bp.url_defaults(i18n.add_locale_to_urls)


def view():
    return i18n.locale_view(current_app.extensions["content"], g.locale)


@bp.app_template_global()
def care_flow() -> dict:
    """The care flow in the page's language: the one source of urgency wording on every page."""
    return i18n.locale_view(current_app.extensions["content"], g.get("locale", i18n.SOURCE_LOCALE))["flow"]


@bp.app_template_global()
def no_country_number() -> str:
    """The number offered when the country is not known (content/emergency_numbers.toml no_country: 112)."""
    return current_app.extensions["content"].no_country["emergency"]


@bp.app_template_global()
def disclaimer() -> tuple[str, str]:
    """"This is not a diagnosis." and what a result is instead: the one wording of every result, on the
    pages (components/care_card.html, in bold and plain) and in the API and FHIR documents (joined)."""
    return _("This is not a diagnosis."), _("It is general advice about how soon to get care. If you are worried, get help.")


SMALL_INTEGER = re.compile(r"-?[0-9]{1,3}")  # ASCII digits only: str.isdigit() also takes "²" and "١"


def form_number(name: str, default=None):
    """A step number posted in the form (step, at, seen): a small ASCII integer, else `default`. The one place
    that reads numbers from forms: int() refuses "²" (which isdigit() accepts) and more than 4,300 digits."""
    value = request.form.get(name, "")
    return int(value) if SMALL_INTEGER.fullmatch(value) else default


def posted_answers(flow) -> dict:
    """The "yes" answers in a posted form; ids the flow does not know are ignored."""
    known = triage.questions(flow)
    return {qid: True for qid in request.form.getlist("yes") if qid in known}


def render_result(flow, answers):
    """The result page for these answers."""
    outcome = triage.evaluate(flow, answers)
    level = triage.level(flow, outcome["disposition"])
    told = triage.reasons(flow)
    cards = view()["cards"]
    hidden = [("yes", qid) for qid in answers]
    return render_template(
        "care/result.html", flow=flow, level=level, outcome=outcome, answers=answers,
        reasons=[told[rid] for rid in outcome["reasons"]], context=[told[qid] for qid in outcome["context"]],
        read_next=[cards[slug] for slug in level["cards"]], answers_hidden=hidden,
        language_form=[("show", "result"), *hidden, *region_field()],
        numbers=emergency.for_request(), countries=emergency.country_choices(g.locale))


def region_field() -> list:
    """The chosen country, carried along when the language changes (it is not an answer)."""
    return [("region", request.values["region"])] if request.values.get("region") else []


def posted_none(flow) -> list:
    """The ids of the steps where "None of these" was ticked."""
    ids = {step["id"] for step in flow["steps"]}
    return [sid for sid in request.form.getlist("none") if sid in ids]


def render_step(flow, index, answers, none=(), **extra):
    """Step `index` of the flow, with the earlier answers (and "None of these" ticks) carried as hidden fields."""
    return render_template("care/step.html", flow=flow, index=index, step=flow["steps"][index], answers=answers,
                           none_steps=list(none), numbers=emergency.for_request(), **extra)


def nothing_ticked(flow, index, answers, none) -> bool:
    """Step `index` was sent with no box ticked, not even "None of these"."""
    step = flow["steps"][index]
    return step["id"] not in none and not any(q["id"] in answers for q in step["questions"])


@bp.get("/care")
@cached(vary_region=True)
def care_start():
    """The first step of the care flow."""
    return render_step(view()["flow"], 0, {})


@bp.post("/care")
def care_step():
    """Take one step's answers; show the next step worth asking, or the result."""
    flow = view()["flow"]
    answers = posted_answers(flow)
    answered = max(form_number("step", -1), -1)  # -1: nothing answered yet (the checklist leads in this way)
    if request.form.get("show") == "result" or answered >= len(flow["steps"]):
        return render_result(flow, answers)
    none = posted_none(flow)
    at = form_number("at")
    seen = max(form_number("seen", -1), -1)  # furthest step shown
    asked = False
    if at is not None and 0 <= at < len(flow["steps"]):  # the same step again, as after a change of language
        following = at
    elif request.form.get("back") and answered >= 1:  # Back: the step before, with every answer kept
        following = answered - 1
    elif 0 <= answered < len(flow["steps"]) and request.form.get("asked") != str(answered) \
            and nothing_ticked(flow, answered, answers, none):
        following, asked = answered, True  # nothing ticked: ask once whether none of these apply
    else:
        following = triage.following_step(flow, answers, answered, seen)
    if following is None:
        return render_result(flow, answers)
    seen = max(seen, following)
    return render_step(flow, following, answers, none, seen=seen, asked_none=asked)


@bp.get("/checklist")
@cached(vary_region=True)
def checklist():
    """The symptom checklist form."""
    return render_template("care/checklist.html", checklist=view()["checklist"], numbers=emergency.for_request())


@bp.post("/checklist")
def checklist_result():
    """What the ticked signs may point to, and how urgent they are by the care-flow rules."""
    localised = view()
    signs = {sign["id"]: sign for sign in localised["checklist"]["signs"]}
    ticked = [signs[sid] for sid in request.form.getlist("sign") if sid in signs]
    if request.form.get("change"):  # "Change my answers": the checklist again with the same ticks
        return render_template("care/checklist.html", checklist=localised["checklist"], numbers=emergency.for_request(),
                               ticked_ids=[sign["id"] for sign in ticked])
    if not ticked and not request.form.get("none") and not request.form.get("asked"):  # ask once whether none apply
        return render_template("care/checklist.html", checklist=localised["checklist"], asked_none=True,
                               numbers=emergency.for_request())
    return render_checklist_result(localised, [sign["id"] for sign in ticked])


def render_checklist_result(localised, ids):
    """The checklist's result page for the ticked sign ids (unknown ids are ignored)."""
    ticked = [sign for sign in localised["checklist"]["signs"] if sign["id"] in ids]
    flow = localised["flow"]
    outcome = triage.evaluate_checklist(flow, localised["checklist"], [sign["id"] for sign in ticked])
    level = triage.level(flow, outcome["disposition"])
    hidden = [("sign", sign["id"]) for sign in ticked]
    return render_template("care/checklist_result.html", ticked=ticked, implied=outcome["implied"], level=level,
                           outcome=outcome, flow=flow, numbers=emergency.for_request(), answers_hidden=hidden,
                           language_form=[*hidden, *region_field()], countries=emergency.country_choices(g.locale))
