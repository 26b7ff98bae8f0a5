"""The hand-over page (`/<locale>/handover`) and what a result shows of its code: the code, the address that
opens it and its QR. The codec itself is core/handover.py."""
import json

import segno
from flask import Blueprint, current_app, g, render_template, request, url_for
from markupsafe import Markup

from .. import i18n
from ..core.handover import MAX_LENGTH, HandoverError, decode, encode, load
from ..serving.caching import cached
from . import care


def qr_svg(address: str) -> Markup:
    """A QR code of the address as inline SVG (sized by CSS)."""
    svg = segno.make(address, error="m", micro=False).svg_inline(border=2, omitsize=True,
                                                                 svgclass="app-handover__svg", lineclass=None)
    return Markup(svg)


def display(kind: str, ids) -> dict:
    """What components/handover.html shows for a result: the code, the address that opens it, its QR."""
    code = encode(current_app.extensions["handover_orders"], kind, ids)
    address = url_for("handover.page", _external=True) + "#" + code
    return {"code": code, "address": address, "qr": qr_svg(address)}


def orders_json() -> str:
    """The id lists for the device's codec (the data-orders of handover.js's script element)."""
    return json.dumps(current_app.extensions["handover_orders"], separators=(",", ":"))


bp = Blueprint("handover", __name__, url_prefix="/<locale>")
bp.url_value_preprocessor(i18n.request_locale_from_url)
bp.url_defaults(i18n.add_locale_to_urls)


@bp.get("/handover")
@cached()
def page():
    """The form for a hand-over code; with JavaScript, the code after # is read on the device."""
    return render_template("care/handover.html")


@bp.post("/handover")
def open_code():
    """The result a posted hand-over code holds, as the flow's or the checklist's result page shows it."""
    if "code" not in request.form:  # the result page's own forms (language, country) post its answers back
        return care.care_step() if request.form.get("show") == "result" else care.checklist_result()
    try:
        kind, ids = decode(current_app.extensions["handover_orders"], request.form["code"])
    except HandoverError as error:  # the page words the reason
        return render_template("care/handover.html", error=error.reason, code=request.form["code"][:MAX_LENGTH]), 400
    localised = i18n.locale_view(current_app.extensions["content"], g.locale)
    if kind == "checklist":
        return care.render_checklist_result(localised, ids)
    known = {q["id"] for step in localised["flow"]["steps"] for q in step["questions"]}
    return care.render_result(localised["flow"], {qid: True for qid in ids if qid in known})


def init_app(app):
    content = app.extensions["content"]
    app.extensions["handover_orders"] = load(app.config["CONTENT_DIR"], content.flow, content.checklist)
    app.jinja_env.globals.update(handover_display=display, handover_orders=orders_json)
    app.register_blueprint(bp)
