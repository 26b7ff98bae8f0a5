"""Which scripts a page loads: those of the components it shows, and what they need, nothing more.

A template that shows a component with a `data-module` names the script that starts it with
`{{ uses("listen") }}` (which writes nothing); `components/scripts.html`, at the end of <body>, then
loads `page_scripts()`: those scripts, the scripts they call (NEEDS), and app.js, which starts the
components, in ORDER. So the home page loads no flow code and a flow page no card code. The service
worker precaches every file in static/ (views/offline.py), so a page shown offline finds its scripts
whichever page was visited first.
"""
from flask import g

NEEDS = {  # static/js/<name>.js -> the scripts it calls; listed in the order they load (ORDER)
    "triage": (),
    "store": (),  # store.numbersHere calls triage.regionFromLanguages: its callers need triage.js
    "render": ("store",),
    "emergency": ("triage", "store", "render"),
    "care-flow": ("triage", "store", "render"),
    "checklist": ("triage", "store", "render"),
    "offline": ("store", "render"),
    "packs": ("render", "offline"),
    "listen": (),
    "app": ("store",),
}
ORDER = tuple(NEEDS)


def uses(*names: str) -> str:
    """Note that this page shows components started by these scripts; writes nothing."""
    unknown = set(names) - NEEDS.keys()
    if unknown:
        raise KeyError(f"no script static/js/{sorted(unknown)[0]}.js in views/scripts.py NEEDS")
    g.setdefault("page_scripts", set()).update(names)
    return ""


def page_scripts() -> list[str]:
    """The scripts this page loads, in the order they run: those it uses, what they need, then app.js."""
    wanted, todo = set(), list(g.get("page_scripts", ())) + ["app"]
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo.extend(NEEDS[name])
    return [name for name in ORDER if name in wanted]


def init_app(app):
    app.jinja_env.globals.update(uses=uses, page_scripts=page_scripts)
