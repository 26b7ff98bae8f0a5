"""FHIR R4 for clinics with a health record system: the care flow as a `Questionnaire`, and the answers
of a `QuestionnaireResponse` to it read into the same {question id: true|false} that POST /api/v1/triage
takes, so that both go through one rule (triage.evaluate) and one result (api.result_document).

The Questionnaire has one `group` item per step (linkId: the step id; text: its title; its hint, where it
has one, as a `display` item first) holding one `boolean` item per question (linkId: the question id,
never translated; text: the question in the locale). It carries no enableWhen: the flow's choice of
which step to ask next is a shortcut that depends on combinations of answers, and the result never
depends on it (an unanswered question counts as "no"), so a form that asks every question gives the
same level for the same yes answers.

A QuestionnaireResponse is read strictly, and every problem is named by its path (`item[0].item[2].
answer[0].valueBoolean`): it must be one, for this Questionnaire (its canonical `url`, with or without
`|version`, the version we serve), with each answer a `valueBoolean` to a question in its own step's
group. A question answered more than once counts as "yes" if any of its answers is yes (a red flag is
never dropped, as a ticked checklist sign counts even beside "None of these"). Other top-level elements
(id, subject, authored, ...) are not read, and nothing of the response is kept.
"""
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from .schemas import StrictBoolean

# The Questionnaire's canonical url: a stable name, the same in every locale and on every server (the
# .invalid domain says it is not an address: the resource is served at /api/v1/<locale>/fhir/...).
URL = "https://atrophy-pwa.invalid/fhir/Questionnaire/care-flow"
ID = "care-flow"
MEDIA_TYPE = "application/fhir+json"
# QuestionnaireResponse.status values whose answers are evaluated (all of R4's but entered-in-error).
STATUSES = ("in-progress", "completed", "amended", "stopped")


def hint_id(step: dict) -> str:
    """The linkId of a step's hint (a display item)."""
    return f"{step['id']}.hint"


def questionnaire(flow: dict, locale: str, title: str, description: str) -> dict:
    """The care flow, localised (i18n.locale_view), as a FHIR R4 Questionnaire in `locale`."""
    groups = []
    for step in flow["steps"]:
        items = [{"linkId": hint_id(step), "type": "display", "text": step["hint"]}] if step.get("hint") else []
        items += [{"linkId": q["id"], "type": "boolean", "text": q["text"]} for q in step["questions"]]
        groups.append({"linkId": step["id"], "type": "group", "text": step["title"], "item": items})
    return {"resourceType": "Questionnaire", "id": ID, "url": URL, "version": flow["version"], "name": "CareFlow",
            "title": title, "status": "active", "language": locale, "subjectType": ["Patient"],
            "description": description, "item": groups}


# --- reading a QuestionnaireResponse ---------------------------------------------------------------

NOT_EMPTY = validate.Length(min=1, error="must not be empty (FHIR leaves an unanswered list out)")


class AnswerSchema(Schema):
    valueBoolean = StrictBoolean(required=True, metadata={"description": "true: yes; false: no"})


class QuestionAnswerSchema(Schema):
    linkId = fields.Str(required=True, metadata={"description": "A question id of this group's step"})
    text = fields.Str(metadata={"description": "Not read"})
    answer = fields.List(fields.Nested(AnswerSchema), validate=validate.Length(
        min=1, max=1, error="must hold one answer (a question is answered once)"))


class GroupAnswerSchema(Schema):
    linkId = fields.Str(required=True, metadata={"description": "A step id"})
    text = fields.Str(metadata={"description": "Not read"})
    item = fields.List(fields.Nested(QuestionAnswerSchema), validate=NOT_EMPTY)


class QuestionnaireResponseSchema(Schema):
    """What POST /api/v1/triage reads of a FHIR R4 QuestionnaireResponse; other top-level elements are
    not read."""
    class Meta:
        unknown = EXCLUDE

    resourceType = fields.Str(required=True, validate=validate.OneOf(["QuestionnaireResponse"]))
    questionnaire = fields.Str(required=True, metadata={"description": f"{URL}, or with |version"})
    status = fields.Str(required=True, validate=validate.OneOf(
        STATUSES, error="must be one of: {choices} (answers entered in error are not evaluated)"))
    item = fields.List(fields.Nested(GroupAnswerSchema), validate=NOT_EMPTY,
                       metadata={"description": "One group per step answered; no item: every answer is no"})


response_schema = QuestionnaireResponseSchema()


def path_messages(messages, path: str = "") -> dict:
    """marshmallow's nested messages as {"item[0].item[2].answer[0].valueBoolean": [...]}."""
    if not isinstance(messages, dict):
        return {path or "body": messages}
    flat = {}
    for key, value in messages.items():
        if isinstance(key, int):
            where = f"{path}[{key}]"
        elif key == "_schema":
            where = path
        else:
            where = f"{path}.{key}" if path else key
        flat.update(path_messages(value, where))
    return flat


def answers(body, flow: dict) -> dict:
    """{question id: true|false} from a QuestionnaireResponse body (parsed JSON); raises
    ValidationError whose messages are {path: [problems]}."""
    if not isinstance(body, dict):
        raise ValidationError({"body": ["Not a JSON object."]})
    try:
        response = response_schema.load(body)
    except ValidationError as error:
        raise ValidationError(path_messages(error.messages)) from None
    problems = {}
    if response["questionnaire"] not in (URL, f"{URL}|{flow['version']}"):
        problems["questionnaire"] = [f"Not the care-flow Questionnaire this server has: expected {URL} "
                                     f"(version {flow['version']}, as {URL}|{flow['version']})."]
    steps = {step["id"]: step for step in flow["steps"]}
    found = {}
    for g, group in enumerate(response.get("item", [])):
        step = steps.get(group["linkId"])
        if step is None:
            problems[f"item[{g}].linkId"] = ["Not a group (step id) of this Questionnaire."]
            continue
        asked = {q["id"] for q in step["questions"]}
        for i, item in enumerate(group.get("item", [])):
            where = f"item[{g}].item[{i}]"
            if item["linkId"] == hint_id(step) and step.get("hint"):
                if "answer" in item:
                    problems[f"{where}.answer"] = ["A display item has no answer."]
            elif item["linkId"] not in asked:
                problems[f"{where}.linkId"] = [f"Not a question of the group {step['id']!r}."]
            elif "answer" in item:
                found[item["linkId"]] = found.get(item["linkId"], False) or item["answer"][0]["valueBoolean"]
    if problems:
        raise ValidationError(problems)
    return found


# --- the Questionnaire as the API writes it (for the OpenAPI document) ------------------------------

class QuestionnaireItemSchema(Schema):
    linkId = fields.Str(required=True, metadata={"description": "The question id (never translated), or "
                                                                "<step id>.hint for the step's hint"})
    type = fields.Str(required=True, validate=validate.OneOf(["boolean", "display"]))
    text = fields.Str(required=True, metadata={"description": "The question, or the hint, in the locale"})


class QuestionnaireGroupSchema(Schema):
    linkId = fields.Str(required=True, metadata={"description": "The step id"})
    type = fields.Str(required=True, validate=validate.OneOf(["group"]))
    text = fields.Str(required=True, metadata={"description": "The step's title in the locale"})
    item = fields.List(fields.Nested(QuestionnaireItemSchema), required=True)


class QuestionnaireSchema(Schema):
    """The care flow as a FHIR R4 Questionnaire."""
    resourceType = fields.Str(required=True, validate=validate.OneOf(["Questionnaire"]))
    id = fields.Str(required=True)
    url = fields.Str(required=True, metadata={"description": "Canonical url: the same in every locale"})
    version = fields.Str(required=True, metadata={"description": "The care flow's version"})
    name = fields.Str(required=True)
    title = fields.Str(required=True)
    status = fields.Str(required=True)
    language = fields.Str(required=True, metadata={"description": "The locale of the texts"})
    subjectType = fields.List(fields.Str(), required=True)
    description = fields.Str(required=True)
    item = fields.List(fields.Nested(QuestionnaireGroupSchema), required=True, metadata={
        "description": "One group per step, in the order the flow asks them"})
