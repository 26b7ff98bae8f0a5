"""Marshmallow schemas: the content files are loaded through them and the API is written with them.

A `Text` field is text a person reads: the Babel extractor collects it and each locale's view
passes it through that locale's catalogue (see i18n.localise).
"""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

LEVELS = ("emergency", "urgent", "appointment", "self_care")
QUESTION_LEVELS = LEVELS[:3] + ("context",)
SLUG = validate.Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", error="must be lowercase words joined by hyphens")
SNAKE_ID = validate.Regexp(r"^[a-z][a-z0-9_]*$", error="must be a snake_case id")


class Text(fields.String):
    """Plain text shown to people, translated per locale."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", validate.Length(min=1))
        super().__init__(**kwargs)


def map_texts(data: dict, schema: Schema, change, where: str = "") -> dict:
    """A copy of `data` with every Text value replaced by change(field_path, text), in schema order.

    The one walk over "what a person reads": the localised views and the Babel extractor both use it.
    """
    result = dict(data)
    for name, field in schema.fields.items():
        value = data.get(name)
        if value is None:
            continue
        inner = field.inner if isinstance(field, fields.List) else None
        label = f"{where}{name}"
        if isinstance(field, Text):
            result[name] = change(label, value)
        elif isinstance(inner, Text):
            result[name] = [change(label, v) for v in value]
        elif isinstance(field, fields.Nested):
            result[name] = map_texts(value, field.schema, change, label + ".")
        elif isinstance(inner, fields.Nested):
            result[name] = [map_texts(item, inner.schema, change, item_label(label, item)) for item in value]
    return result


def item_label(label: str, item: dict) -> str:
    key = item.get("id") or item.get("code") or item.get("slug")
    return f"{label}[{key}]." if key else label + "."


def TextList(**kwargs):
    return fields.List(Text(), **kwargs)


class StrictBoolean(fields.Boolean):
    """true or false as JSON booleans, nothing else ("yes", 1 and "true" are errors)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


# --- content files -----------------------------------------------------------------------

SOURCE_KINDS = ("seed", "guidance")


class SourceSchema(Schema):
    id = fields.Str(required=True, validate=SLUG)
    kind = fields.Str(load_default="seed", validate=validate.OneOf(SOURCE_KINDS), metadata={
        "description": "seed: one of the five pages the cards' facts come from; guidance: a published "
                       "guidance page the cards take safety advice from (when and where to get help)"})
    publisher = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1),
                           metadata={"description": "Who published the page; null where the page names no one"})
    title = fields.Str(required=True, validate=validate.Length(min=1),
                       metadata={"description": "The page's own title, in its own language (English)"})
    meaning = Text(required=True, metadata={"description": "The title's meaning, shown beside it in other languages"})
    url = fields.Url(load_default=None, metadata={"description": "The page's address, where it gives one"})
    reviewed = fields.Date(load_default=None, metadata={"description": "The page's own review date"})
    seed = fields.Str(load_default=None, load_only=True)

    @validates_schema
    def check_seed(self, data, **kwargs):
        """A seed page names its saved copy; a guidance page is not one of the seeds and has none. The API's
        copy (SourceOutSchema) leaves the file's name out, so there is nothing to check there."""
        if "seed" not in self.fields:
            return
        if data.get("kind", "seed") == "seed" and not data.get("seed"):
            raise ValidationError("a seed page names its file in the seeds folder", "seed")
        if data.get("kind") == "guidance" and data.get("seed"):
            raise ValidationError("a guidance page is not a seed page and has no seed file", "seed")


class SourcesFileSchema(Schema):
    sources = fields.List(fields.Nested(SourceSchema), required=True, validate=validate.Length(min=1))


class SectionSchema(Schema):
    heading = Text(required=True)
    paragraphs = TextList(required=True, validate=validate.Length(min=1))
    items = TextList(load_default=list)
    from_guidance = fields.List(fields.Str(validate=SLUG), load_default=list, metadata={
        "description": "The guidance pages (sources of kind guidance) this section's safety advice comes "
                       "from; empty: the section rests on the seed pages"})
    note = Text(load_default=None, metadata={
        "description": "Our own safety advice, from neither the seed pages nor the guidance pages"})


class ClinicalReviewSchema(Schema):
    reviewer = fields.Str(required=True, validate=validate.Length(min=1),
                          metadata={"description": "The reviewer's name, as they agreed to have it shown"})
    role = Text(required=True, metadata={"description": "What the reviewer is, in plain words (a doctor, a nurse)"})
    date = fields.Date(required=True, metadata={"description": "The day they checked the card as it is now"})


class CardSchema(Schema):
    slug = fields.Str(required=True, validate=SLUG)
    title = Text(required=True)
    summary = Text(required=True, validate=validate.Length(min=1, max=200))
    sources = fields.List(fields.Str(validate=SLUG), required=True, validate=validate.Length(min=1))
    written_by = Text(required=True, metadata={"description": "Who wrote the card, as readers see it"})
    clinical_review = fields.Nested(ClinicalReviewSchema, load_default=None, allow_none=True, metadata={
        "description": "The doctor's or nurse's check of the card as it is now; null: no clinician has reviewed it"})
    changed = fields.Date(required=True, metadata={"description": "The day the card's text last changed"})
    review_due = fields.Date(required=True, metadata={"description": "When the card is next due to be reviewed"})
    sections = fields.List(fields.Nested(SectionSchema), required=True, validate=validate.Length(min=1))

    @validates_schema
    def check_review_dates(self, data, **kwargs):
        """A review covers the text it read: a change after it leaves the card unreviewed, not reviewed."""
        if data["review_due"] <= data["changed"]:
            raise ValidationError("must be after changed", "review_due")
        review = data.get("clinical_review")
        if review and review["date"] < data["changed"]:
            raise ValidationError("is before changed: the review does not cover the card as it is now; "
                                  "have it reviewed again or remove clinical_review", "clinical_review")


class LevelSchema(Schema):
    code = fields.Str(required=True, validate=validate.OneOf(LEVELS))
    label = Text(required=True)
    title = Text(required=True, metadata={"description": "Headline; {number} stands for the emergency number"})
    how_soon = Text(required=True)
    advice = TextList(required=True, validate=validate.Length(min=1))
    why = Text(required=True)
    cards = fields.List(fields.Str(validate=SLUG), load_default=list)
    note = Text(load_default=None, metadata={"description": "Where the advice comes from: the sources, and what is ours"})
    inactivity_advice = TextList(load_default=list)
    if_heading = Text(load_default=None, metadata={
        "description": "Lead-in to this level's signs in 'when to get help' boxes; {number} is the emergency number"})
    visit_summary = fields.Boolean(load_default=False, metadata={
        "description": "Whether the result shows what to take to a visit"})


class QuestionSchema(Schema):
    id = fields.Str(required=True, validate=SNAKE_ID)
    level = fields.Str(required=True, validate=validate.OneOf(QUESTION_LEVELS))
    text = Text(required=True)
    reason = Text(required=True)


class StepSchema(Schema):
    id = fields.Str(required=True, validate=SLUG)
    title = Text(required=True)
    hint = Text(load_default=None)
    questions = fields.List(fields.Nested(QuestionSchema), required=True, validate=validate.Length(min=1))


class CombinationSchema(Schema):
    id = fields.Str(required=True, validate=SNAKE_ID)
    level = fields.Str(required=True, validate=validate.OneOf(LEVELS[:3]))
    groups = fields.List(fields.List(fields.Str(validate=SNAKE_ID), validate=validate.Length(min=1)),
                         required=True, validate=validate.Length(min=2), metadata={
                             "description": "Question ids: the combination holds when each group has a yes"})
    text = Text(required=True, metadata={"description": "The combination as a sign, listed in 'when to get help' boxes"})
    reason = Text(required=True)


class FlowSchema(Schema):
    version = fields.Str(required=True)
    help_box_cards = fields.List(fields.Str(validate=SLUG), load_default=list, metadata={
        "description": "Cards that name a warning sign and show the 'when to get help' box"})
    visit_questions = TextList(required=True, validate=validate.Length(min=1))
    levels = fields.List(fields.Nested(LevelSchema), required=True)
    steps = fields.List(fields.Nested(StepSchema), required=True, validate=validate.Length(min=1))
    combinations = fields.List(fields.Nested(CombinationSchema), load_default=list, metadata={
        "description": "Signs that are worse together: a level that holds when each group has a yes"})

    @validates_schema
    def check_levels_and_ids(self, data, **kwargs):
        codes = tuple(level["code"] for level in data["levels"])
        if codes != LEVELS:
            raise ValidationError(f"must be {', '.join(LEVELS)} in that order", "levels")
        ids = [q["id"] for step in data["steps"] for q in step["questions"]]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValidationError(f"question ids used twice: {', '.join(repeated)}", "steps")
        first_other = next((i for i, step in enumerate(data["steps"])
                            if any(q["level"] != "emergency" for q in step["questions"])), len(data["steps"]))
        late = [q["id"] for step in data["steps"][first_other + 1:] for q in step["questions"] if q["level"] == "emergency"]
        if late:
            raise ValidationError("emergency signs must all be asked first, in steps that hold only emergency "
                                  f"signs (and the step after them): {', '.join(late)}", "steps")
        combined = [c["id"] for c in data.get("combinations", [])]
        clash = sorted({i for i in combined if combined.count(i) > 1 or i in ids})
        if clash:
            raise ValidationError(f"combination ids used twice or by a question: {', '.join(clash)}", "combinations")
        unknown = sorted({qid for c in data.get("combinations", []) for group in c["groups"] for qid in group} - set(ids))
        if unknown:
            raise ValidationError(f"unknown question ids: {', '.join(unknown)}", "combinations")


class SignSchema(Schema):
    id = fields.Str(required=True, validate=SNAKE_ID)
    text = Text(required=True)
    may_point_to = TextList(required=True, validate=validate.Length(min=1))
    implies = fields.List(fields.Str(validate=SNAKE_ID), load_default=list,
                          metadata={"description": "Care-flow questions that state the same fact"})


class ChecklistSchema(Schema):
    intro = Text(required=True)
    signs = fields.List(fields.Nested(SignSchema), required=True, validate=validate.Length(min=1))


class HandoverListSchema(Schema):
    version = fields.Int(required=True, strict=True, validate=validate.Range(min=1, max=15))
    ids = fields.List(fields.Str(validate=SNAKE_ID), required=True, validate=validate.Length(min=1))


class HandoverFileSchema(Schema):
    """content/handover.toml: the hand-over code's bit order, append-only (handover.py)."""
    flow = fields.List(fields.Nested(HandoverListSchema), required=True, validate=validate.Length(min=1, max=15))
    checklist = fields.List(fields.Nested(HandoverListSchema), required=True, validate=validate.Length(min=1, max=15))


class CountrySchema(Schema):
    code = fields.Str(required=True, validate=validate.Regexp(r"^[A-Z]{2}$"))
    name = fields.Str(required=True)
    emergency = fields.Str(required=True, validate=validate.Regexp(r"^[0-9]{2,5}$"))
    ambulance = fields.Str(load_default=None, validate=validate.Regexp(r"^[0-9]{2,5}$"))


class NoCountrySchema(Schema):
    emergency = fields.Str(required=True, validate=validate.Regexp(r"^[0-9]{2,5}$"))


class EmergencyNumbersSchema(Schema):
    no_country = fields.Nested(NoCountrySchema, required=True)
    countries = fields.List(fields.Nested(CountrySchema), required=True, validate=validate.Length(min=1))


# --- API -------------------------------------------------------------------------------------

class CardSummarySchema(Schema):
    slug = fields.Str(required=True)
    title = fields.Str(required=True)
    summary = fields.Str(required=True)
    url = fields.Str(metadata={"description": "The card's page"})


class SourceOutSchema(SourceSchema):
    class Meta:
        exclude = ("seed",)


class CardOutSchema(CardSchema):
    sources = fields.List(fields.Nested(SourceOutSchema), required=True)
    url = fields.Str(metadata={"description": "The card's page"})


class CardListSchema(Schema):
    locale = fields.Str(required=True)
    cards = fields.List(fields.Nested(CardSummarySchema), required=True)


class ErrorBodySchema(Schema):
    code = fields.Str(required=True, metadata={"description": "Machine-readable error code"})
    message = fields.Str(required=True)
    details = fields.Raw(allow_none=True, metadata={"description": "Which fields were wrong, and why"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


class TriageRequestSchema(Schema):
    answers = fields.Dict(keys=fields.Str(), values=StrictBoolean(), required=True,
                          metadata={"description": "Question id -> true (yes) or false (no); missing ids count as no"})


class HandoverRequestSchema(Schema):
    code = fields.Str(required=True, validate=validate.Length(min=1, max=64), metadata={
        "description": "A hand-over code as a result shows it (such as 2K7M-0A4X-3Q): Crockford base32, "
                       "any case, hyphens and spaces ignored, ending in a check character"})


class EmergencyNumberSchema(Schema):
    region = fields.Str(required=True)
    name = fields.Str(required=True)
    in_country = fields.Str(required=True, metadata={
        "description": "The name with the words for 'in' it needs in this language ('au Canada')"})
    emergency = fields.Str(required=True)
    ambulance = fields.Str(allow_none=True)


class TriageResultSchema(Schema):
    disposition = fields.Str(required=True, validate=validate.OneOf(LEVELS))
    reasons = fields.List(fields.Str(), required=True, metadata={
        "description": "The yes answers, and the combinations of them (flow.combinations), that set the level"})
    context = fields.List(fields.Str(), required=True, metadata={"description": "Context answers (recent inactivity)"})
    level = fields.Nested(LevelSchema, required=True, metadata={"description": "What to do, how soon and why"})
    emergency_number = fields.Nested(EmergencyNumberSchema, allow_none=True, required=True,
                                     metadata={"description": "Null when the region is unknown"})
    disclaimer = fields.Str(required=True)


class CountryOutSchema(CountrySchema):
    in_country = fields.Dict(keys=fields.Str(), values=fields.Str(), required=True, metadata={
        "description": "Locale -> the country's name in that language with the words for 'in' it needs "
                       "('in Canada', 'au Canada', 'nchini Kenya'), for sentences that name the country"})


class CountryListSchema(Schema):
    countries = fields.List(fields.Nested(CountryOutSchema), required=True)


class LocaleSchema(Schema):
    code = fields.Str(required=True)
    name = fields.Str(required=True, metadata={"description": "The language's name in itself"})
    dir = fields.Str(required=True, validate=validate.OneOf(["ltr", "rtl"]))
    completeness = fields.Float(required=True, metadata={"description": "Share of messages translated, 0 to 1"})
    review = fields.Str(required=True, metadata={"description": "source, reviewed or unreviewed; unreadable when its "
                                                                 "PO file could not be read (its pages show English)"})


class LocaleListSchema(Schema):
    locales = fields.List(fields.Nested(LocaleSchema), required=True)


class PrecacheEntrySchema(Schema):
    url = fields.Str(required=True)
    revision = fields.Str(required=True, metadata={"description": "Hash of what the address serves; a new one means fetch again"})
    size = fields.Int(required=True, metadata={"description": "Bytes"})
    group = fields.Str(required=True, metadata={"description": "shell (shared by every locale), flows:<locale> (the "
                                                               "locale's flows, kept in every locale for a health "
                                                               "worker) or the locale code (the rest)"})


class OfflineManifestSchema(Schema):
    locale = fields.Str(required=True)
    version = fields.Str(required=True, metadata={"description": "Hash of every entry: the version of the whole set"})
    content_version = fields.Str(required=True)
    content_date = fields.Date(required=True, metadata={"description": "The newest date a card last changed"})
    size = fields.Int(required=True, metadata={"description": "Bytes of every entry"})
    locale_size = fields.Int(required=True, metadata={"description": "Bytes of this locale's own entries"})
    flows_size = fields.Int(required=True, metadata={"description": "Bytes of this locale's flows (group flows:<locale>)"})
    entries = fields.List(fields.Nested(PrecacheEntrySchema), required=True)
