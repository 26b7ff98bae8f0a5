"""atrophy-pwa: localised condition cards, a symptom checklist and a when-to-seek-care flow."""
from flask import Flask

from . import config, i18n, paths
from .core import content, pictograms
from .i18n import country_names
from .serving import assets, caching, guard, response_table, responses, triage_layer
from .views import api, cards, care, errors, handover, offline, scripts


def create_app(test_config=None):
    """Build the app: defaults, ATROPHY_PWA_* variables, then test_config."""
    app = Flask(__name__, static_folder=None, template_folder=str(paths.TEMPLATES))
    app.config.from_mapping(config.DEFAULTS)
    app.config.update(config.from_environment())
    if test_config:
        app.config.update(test_config)
    app.json.sort_keys = False
    app.extensions["content"] = content.load(app.config["CONTENT_DIR"])
    i18n.init_app(app)
    country_names.init_app(app)  # after the catalogues: one grammar file per locale
    assets.init_app(app)  # before caching: the release id names the static files as they are sent
    caching.init_app(app)
    errors.init_app(app)
    responses.init_app(app)
    scripts.init_app(app)
    pictograms.init_app(app)
    app.register_blueprint(cards.root)
    app.register_blueprint(cards.bp)
    app.register_blueprint(care.bp)
    handover.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(offline.bp)
    triage_layer.init_app(app)
    response_table.init_app(app)  # the table goes in front of everything above
    guard.init_app(app)  # last: a bad Host or an oversized body is refused before any fast path (ProxyFix in front)
    return app
