"""The OpenAPI 3 document, built by apispec from the same marshmallow schemas the views use.

The document is exact for this app: path locales and card slugs are the shipped ones, and the triage
answers may only name the care flow's question ids, as the server checks (so fuzzers reach real data).
"""
import copy

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from ..core import fhir, schemas, triage

LOCALE = {"name": "locale", "in": "path", "required": True, "schema": {"type": "string"},
          "description": "A shipped locale code (see /api/v1/locales)"}
REGION = {"name": "region", "in": "query", "required": False, "schema": {"type": "string"},
          "description": "ISO 3166 region for the emergency number; else the Accept-Language region"}


def ok(schema, description, media_type="application/json"):
    return {"description": description, "content": {media_type: {"schema": schema}}}


ERROR = ok("Error", "An error in the common error format")

# path -> method -> (summary, parameters, request schema or None, success schema, error statuses)
OPERATIONS = {
    "/api/v1/{locale}/cards": {"get": ("Every card's summary", [LOCALE], None, "CardList", [404])},
    "/api/v1/{locale}/cards/{slug}": {"get": (
        "One whole card", [LOCALE, {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
        None, "CardOut", [404])},
    "/api/v1/{locale}/flow": {"get": ("The care-flow definition", [LOCALE], None, "Flow", [404])},
    "/api/v1/{locale}/checklist": {"get": ("The symptom checklist", [LOCALE], None, "Checklist", [404])},
    "/api/v1/{locale}/fhir/Questionnaire/care-flow": {"get": (
        "The care flow as a FHIR R4 Questionnaire (application/fhir+json)", [LOCALE], None, "Questionnaire", [404])},
    "/api/v1/locales": {"get": ("Shipped locales", [], None, "LocaleList", [])},
    "/api/v1/{locale}/offline-manifest": {"get": (
        "Every address a locale needs offline, with revisions and sizes", [LOCALE], None, "OfflineManifest", [404])},
    "/api/v1/emergency-numbers": {"get": ("Emergency numbers by region", [], None, "CountryList", [])},
    "/api/v1/triage": {"post": (
        "Evaluate yes/no answers to the care-flow questions, sent as {\"answers\": ...} or as a FHIR "
        "QuestionnaireResponse to the care-flow Questionnaire",
        [REGION, {"name": "locale", "in": "query", "required": False, "schema": {"type": "string"},
                  "description": "Locale of the advice; else from Accept-Language"}],
        "TriageRequest", "TriageResult", [400, 413, 415])},
    "/api/v1/handover": {"post": (
        "The triage result for the answers a hand-over code holds",
        [REGION, {"name": "locale", "in": "query", "required": False, "schema": {"type": "string"},
                  "description": "Locale of the advice; else from Accept-Language"}],
        "HandoverRequest", "TriageResult", [400, 413])},
}

SCHEMAS = {
    "CardList": schemas.CardListSchema, "CardOut": schemas.CardOutSchema, "Flow": schemas.FlowSchema,
    "Checklist": schemas.ChecklistSchema, "LocaleList": schemas.LocaleListSchema,
    "CountryList": schemas.CountryListSchema, "TriageRequest": schemas.TriageRequestSchema,
    "TriageResult": schemas.TriageResultSchema, "Error": schemas.ErrorSchema,
    "OfflineManifest": schemas.OfflineManifestSchema,
    "Questionnaire": fhir.QuestionnaireSchema, "QuestionnaireResponse": fhir.QuestionnaireResponseSchema,
    "HandoverRequest": schemas.HandoverRequestSchema,
}
MEDIA_TYPES = {"Questionnaire": fhir.MEDIA_TYPE}  # success schemas not sent as application/json


def exact(operations: dict, app) -> dict:
    """OPERATIONS with the path parameters enumerated: the app's locales and card slugs."""
    values = {"locale": list(app.extensions["catalogues"].locales), "slug": list(app.extensions["content"].cards)}
    operations = copy.deepcopy(operations)
    for methods in operations.values():
        for _summary, parameters, *_rest in methods.values():
            for parameter in parameters:
                if parameter["in"] == "path" and parameter["name"] in values:
                    parameter["schema"] = {"type": "string", "enum": values[parameter["name"]]}
    return operations


def build(app) -> dict:
    spec = APISpec(title="atrophy-pwa API", version="1.0.0", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()],
                   info={"description": "Condition cards, symptom checklist and care flow about muscle atrophy. "
                                        "Answers sent to /triage are evaluated and forgotten; nothing is stored."})
    for name, schema in SCHEMAS.items():
        spec.components.schema(name, schema=schema)
    for path, methods in exact(OPERATIONS, app).items():
        operations = {}
        for method, (summary, parameters, body, result, errors) in methods.items():
            success = ok(result, summary, MEDIA_TYPES.get(result, "application/json"))
            operation = {"summary": summary, "parameters": parameters,
                         "responses": {"200": success, **{str(code): ERROR for code in errors}}}
            if body:
                operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
            operations[method] = operation
        spec.path(path=path, operations=operations)
    document = spec.to_dict()
    request = document["components"]["schemas"]["TriageRequest"]
    request["additionalProperties"] = False  # marshmallow raises on unknown fields (apispec < 6.7 omits this)
    answers = request["properties"]["answers"]
    answers["properties"] = {qid: {"type": "boolean"} for qid in triage.questions(app.extensions["content"].flow)}
    answers["additionalProperties"] = False
    questionnaire_response(document, app.extensions["content"].flow)
    document["components"]["schemas"]["HandoverRequest"]["additionalProperties"] = False
    return document


def questionnaire_response(document: dict, flow: dict) -> None:
    """The triage body may also be a QuestionnaireResponse (application/json or application/fhir+json),
    made exact as the server reads it (fhir.answers): each group one of the flow's steps, holding only
    that step's questions (one boolean answer each) and its hint (no answer)."""
    components = document["components"]["schemas"]
    for name in ("GroupAnswer", "QuestionAnswer", "Answer"):
        components[name]["additionalProperties"] = False  # marshmallow raises on unknown fields
    groups = []
    for step in flow["steps"]:
        question = copy.deepcopy(components["QuestionAnswer"])
        question["properties"]["linkId"] = {"type": "string", "enum": [q["id"] for q in step["questions"]]}
        children = [question]
        if step.get("hint"):
            children.append({"type": "object", "required": ["linkId"], "additionalProperties": False, "properties": {
                "linkId": {"type": "string", "enum": [fhir.hint_id(step)]}, "text": {"type": "string"}}})
        group = copy.deepcopy(components["GroupAnswer"])
        group["properties"]["linkId"] = {"type": "string", "enum": [step["id"]]}
        group["properties"]["item"]["items"] = {"oneOf": children}
        groups.append(group)
    response = components["QuestionnaireResponse"]
    response["properties"]["questionnaire"]["enum"] = [fhir.URL, f"{fhir.URL}|{flow['version']}"]
    response["properties"]["item"]["items"] = {"oneOf": groups}
    content = document["paths"]["/api/v1/triage"]["post"]["requestBody"]["content"]
    either = [content["application/json"]["schema"], {"$ref": "#/components/schemas/QuestionnaireResponse"}]
    content["application/json"]["schema"] = {"oneOf": either}
    content[fhir.MEDIA_TYPE] = {"schema": either[1]}
