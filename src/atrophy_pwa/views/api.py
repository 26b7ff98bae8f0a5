"""The JSON API, version 1. Documents are written by the schemas in schemas.py; errors use one format."""
from dataclasses import asdict

from flask import Blueprint, current_app, g, jsonify, request, url_for
from flask_babel import force_locale, gettext as _
from marshmallow import ValidationError

from ..i18n import country_names
from ..core import emergency, fhir, handover, schemas, triage
from .. import i18n
from ..serving.caching import cached
from . import openapi as openapi_document
from .care import disclaimer
from .errors import json_error

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.url_value_preprocessor(i18n.request_locale_from_url)
bp.url_defaults(i18n.add_locale_to_urls)

card_list_schema = schemas.CardListSchema()
card_schema = schemas.CardOutSchema()
flow_schema = schemas.FlowSchema()
checklist_schema = schemas.ChecklistSchema()
triage_request_schema = schemas.TriageRequestSchema()
triage_result_schema = schemas.TriageResultSchema()
locale_list_schema = schemas.LocaleListSchema()
country_list_schema = schemas.CountryListSchema()
questionnaire_schema = fhir.QuestionnaireSchema()
handover_request_schema = schemas.HandoverRequestSchema()


def view():
    return i18n.locale_view(current_app.extensions["content"], g.locale)


@bp.get("/<locale>/cards")
@cached()
def cards():
    """Every card's slug, title and summary."""
    summaries = [{**card, "url": url_for("cards.card", slug=card["slug"])} for card in view()["cards"].values()]
    return card_list_schema.dump({"locale": g.locale, "cards": summaries})


@bp.get("/<locale>/cards/<slug>")
@cached()
def card(slug):
    """One whole card with its sources and review date."""
    found = view()["cards"].get(slug)
    if found is None:
        return json_error(404, "not_found", f"No card {slug!r}.", {"slug": slug})
    sources = view()["sources"]
    return card_schema.dump({**found, "sources": [sources[s] for s in found["sources"]],
                             "url": url_for("cards.card", slug=slug)})


@bp.get("/<locale>/flow")
@cached()
def flow():
    """The whole care-flow definition: levels, steps, questions."""
    return flow_schema.dump(view()["flow"])


@bp.get("/<locale>/fhir/Questionnaire/care-flow")
@cached()
def fhir_questionnaire():
    """The care flow as a FHIR R4 Questionnaire in the locale (fhir.py), for clinics' record systems."""
    document = fhir.questionnaire(view()["flow"], g.locale, _("When to get care"), " ".join(disclaimer()))
    response = jsonify(questionnaire_schema.dump(document))
    response.mimetype = fhir.MEDIA_TYPE
    return response


@bp.get("/<locale>/checklist")
@cached()
def checklist():
    """The symptom checklist: signs, what each may point to, which care-flow questions each implies."""
    return checklist_schema.dump(view()["checklist"])


@bp.get("/locales")
@cached()
def locales():
    """Every shipped locale with its native name, direction, completeness and review status."""
    return locale_list_schema.dump({"locales": [asdict(i) for i in current_app.extensions["catalogues"].locales.values()]})


@bp.get("/emergency-numbers")
@cached()
def emergency_numbers():
    """Every region's emergency (and, where distinct, ambulance) number, and how each language says
    "in <country>" (one document for every language, so a device offline can switch language)."""
    countries = current_app.extensions["content"].countries
    return country_list_schema.dump({"countries": [
        {**country, "in_country": country_names.every_in_country(code)} for code, country in countries.items()]})


@bp.post("/triage")
def triage_answers():
    """Evaluate yes/no answers: the most urgent level among the yes answers. The answers come as
    {"answers": {id: true|false}}, or as a FHIR QuestionnaireResponse to our Questionnaire (fhir.py)."""
    if not request.is_json:
        return json_error(415, "unsupported_media_type", "Send the answers as application/json.",
                          {"content_type": request.content_type})
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested too deep to parse
        body = None
    if body is None:
        return json_error(400, "invalid_json", "The body is not valid JSON.", {"body": ["Not valid JSON."]})
    if not isinstance(body, dict):
        return json_error(400, "invalid_answers", "The body must be a JSON object with an answers object.",
                          {"body": ["Not a JSON object."]})
    content = current_app.extensions["content"]
    if request.mimetype == fhir.MEDIA_TYPE or "resourceType" in body:
        try:
            answers = fhir.answers(body, content.flow)
        except ValidationError as error:
            return json_error(400, "invalid_questionnaire_response", "The QuestionnaireResponse is not valid.",
                              error.messages)
    else:
        try:
            answers = triage_request_schema.load(body)["answers"]
        except ValidationError as error:
            return json_error(400, "invalid_answers", "The answers are not valid.", error.messages)
    unknown = sorted(set(answers) - set(triage.questions(content.flow)))
    if unknown:
        return json_error(400, "invalid_answers", "The answers are not valid.",
                          {"answers": {qid: ["Unknown question id."] for qid in unknown}})
    g.locale = request.args.get("locale") if request.args.get("locale") in current_app.extensions["catalogues"] \
        else i18n.negotiated_locale()
    return result_document(current_app._get_current_object(), g.locale, emergency.request_region(), answers)


@bp.post("/handover")
def handover_code():
    """The triage result for the answers a hand-over code holds (a checklist code: the answers its ticked
    signs imply, as the checklist's result page does)."""
    body = request.get_json(silent=True) if request.is_json else None
    if not isinstance(body, dict):
        return json_error(400, "invalid_code", "Send {\"code\": \"...\"} as application/json.",
                          {"code": ["Missing or not a JSON object."]})
    try:
        code = handover_request_schema.load(body)["code"]
        kind, ids = handover.decode(current_app.extensions["handover_orders"], code)
    except ValidationError as error:
        return json_error(400, "invalid_code", "The hand-over code is not valid.", error.messages)
    except handover.HandoverError as error:
        return json_error(400, "invalid_code", "The hand-over code is not valid.", {"code": [str(error)]})
    content = current_app.extensions["content"]
    if kind == "checklist":
        ids = triage.evaluate_checklist(content.flow, content.checklist, ids)["implied"]
    answers = {qid: True for qid in ids if qid in triage.questions(content.flow)}
    g.locale = request.args.get("locale") if request.args.get("locale") in current_app.extensions["catalogues"] \
        else i18n.negotiated_locale()
    return result_document(current_app._get_current_object(), g.locale, emergency.request_region(), answers)


def result_document(app, locale: str, region: str | None, answers: dict) -> dict:
    """The triage result for checked answers, in locale and region: what both the view above and the
    layer in front of Flask (triage_layer.py) send.

    What depends only on (locale, region, level) is dumped by the schema once per process and kept
    (at most locales x regions x 4 levels); the answers themselves are never kept."""
    content = app.extensions["content"]
    outcome = triage.evaluate(content.flow, answers)
    kept = app.extensions.setdefault("triage_results", {})
    key = (locale, region, outcome["disposition"])
    fixed = kept.get(key)
    if fixed is None:
        with app.app_context(), force_locale(locale):
            level = triage.level(i18n.locale_view(content, locale)["flow"], outcome["disposition"])
            fixed = kept.setdefault(key, triage_result_schema.dump({
                "disposition": outcome["disposition"], "reasons": [], "context": [], "level": level,
                "emergency_number": emergency.numbers(region, locale),
                "disclaimer": " ".join(disclaimer())}))
    return {**fixed, "reasons": outcome["reasons"], "context": outcome["context"]}


@bp.get("/openapi.json")
def openapi():
    """This API's OpenAPI 3 document."""
    return jsonify(openapi_document.build(current_app))
